import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';

/** A request named a document the server does not have open (or cannot read). */
export function unknownDocument(uri: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `nself: unknown document ${uri}`);
}

export function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `nself: ${message}`);
}

/**
 * Wraps every handler once: a `ResponseError` goes back to the client as it is; anything else is
 * a bug, logged to the connection console and answered with `InternalError` (requests) or
 * swallowed (notifications) so the server keeps running.
 */
export class ErrorBoundary {
  constructor(private readonly connection: Connection) {}

  request<P, R>(name: string, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R | ResponseError<void>> {
    return async (params: P) => {
      try {
        return await handler(params);
      } catch (error) {
        if (error instanceof ResponseError) return error;
        this.log(name, error);
        return new ResponseError(ErrorCodes.InternalError, `nself: ${name} failed: ${(error as Error)?.message ?? String(error)}`);
      }
    };
  }

  notification<P>(name: string, handler: (params: P) => void | Promise<void>): (params: P) => void {
    return (params: P) => {
      try {
        const result = handler(params);
        if (result instanceof Promise) result.catch((error) => this.log(name, error));
      } catch (error) {
        this.log(name, error);
      }
    };
  }

  /** Runs background work (debounced validation, status) under the same policy. */
  run(name: string, work: () => void | Promise<void>): void {
    this.notification(name, work)(undefined);
  }

  log(name: string, error: unknown): void {
    if (error instanceof ResponseError) return;
    const detail = error instanceof Error ? error.stack ?? error.message : String(error);
    this.connection.console.error(`nself: ${name}: ${detail}`);
  }
}
