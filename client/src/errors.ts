import * as vscode from 'vscode';

/**
 * The one place errors end up: logged with their stack in the nself output channel, which is
 * revealed only here (never for routine messages), and shown to the user once with a way to the
 * log. Every command handler runs through `run`, so no failure disappears silently.
 */
export class ErrorReporter {
  constructor(readonly log: vscode.LogOutputChannel) {}

  /** Logs and shows an error; `action` says what the user was trying to do. */
  report(action: string, error: unknown): void {
    const message = errorMessage(error);
    this.log.error(`${action} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
    this.log.show(true);
    void vscode.window.showErrorMessage(`nself: ${action} failed: ${message}`, 'Show Log').then((pick) => {
      if (pick) this.log.show();
    });
  }

  /** Runs `fn`, reporting a failure instead of letting it reach VS Code as an unhandled rejection. */
  async run<T>(action: string, fn: () => T | Thenable<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      if (isCancellation(error)) return undefined;
      this.report(action, error);
      return undefined;
    }
  }

  /** Wraps a command handler with `run`. */
  wrap<A extends unknown[], T>(action: string, fn: (...args: A) => T | Thenable<T>): (...args: A) => Promise<T | undefined> {
    return (...args: A) => this.run(action, () => fn(...args));
  }
}

/** Readable text of anything thrown, including LSP ResponseErrors. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

export function isCancellation(error: unknown): boolean {
  return error instanceof vscode.CancellationError || (error instanceof Error && error.name === 'Canceled');
}
