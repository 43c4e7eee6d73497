import type { CancellationToken } from 'vscode-languageserver';

/** Logs a handler's failure to the client's console instead of letting it end the server. */
export type Log = (message: string) => void;

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** A request handler that answers `fallback` when it throws or rejects. */
export function guardedRequest<P, R, F>(
  log: Log,
  name: string,
  fallback: F,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R | F> {
  return async (params, token) => {
    try {
      return await handler(params, token);
    } catch (error) {
      log(`${name} failed: ${describe(error)}`);
      return fallback;
    }
  };
}

/** A notification handler whose failures are logged. */
export function guardedNotification<P>(log: Log, name: string, handler: (params: P) => void | Promise<void>): (params: P) => void {
  return (params) => {
    try {
      void Promise.resolve(handler(params)).catch((error: unknown) => log(`${name} failed: ${describe(error)}`));
    } catch (error) {
      log(`${name} failed: ${describe(error)}`);
    }
  };
}

export function logFailure(log: Log, name: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    log(`${name} failed: ${describe(error)}`);
  }
}
