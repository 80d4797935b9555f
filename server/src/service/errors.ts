import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import type { z } from 'zod';
import { describeIssues } from './params';

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
  /** Set once `initialize` has been answered; requests before it get `ServerNotInitialized`. */
  initialized = false;

  constructor(private readonly connection: Connection) {}

  /**
   * A request handler behind the boundary: refused with `-32002` before `initialize`, its params
   * checked against `schema` (`InvalidParams` with the field at fault), errors answered cleanly.
   */
  request<P, R>(name: string, schema: z.ZodType | undefined, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R | ResponseError<void>> {
    return async (params: P) => {
      if (!this.initialized) return new ResponseError(ErrorCodes.ServerNotInitialized, `nself: ${name} before initialize`);
      if (schema) {
        const checked = schema.safeParse(params);
        if (!checked.success) return invalidParams(`invalid params for ${name}: ${describeIssues(checked.error)}`);
      }
      try {
        return await handler(params);
      } catch (error) {
        if (error instanceof ResponseError) return error;
        this.log(name, error);
        return new ResponseError(ErrorCodes.InternalError, `nself: ${name} failed: ${(error as Error)?.message ?? String(error)}`);
      }
    };
  }

  notification<P>(name: string, handler: (params: P) => void | Promise<void>, schema?: z.ZodType): (params: P) => void {
    return (params: P) => {
      // Notifications have no answer: a malformed one is logged and dropped.
      if (schema && !schema.safeParse(params).success) {
        this.connection.console.warn(`nself: ignored a malformed ${name} notification`);
        return;
      }
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
