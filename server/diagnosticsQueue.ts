import type { PublishDiagnosticsParams } from 'vscode-languageserver';

/** Files' diagnostics sent per turn of the event loop. */
const PER_TURN = 16;

/**
 * Diagnostics waiting to be sent, a few per turn of the event loop: a request that arrives while
 * hundreds of files' diagnostics go out (the members of a shared server) is answered between them,
 * not after all of them. A newer publication of a file replaces its waiting one, and one sent at
 * once drops it, so nothing older overtakes it.
 */
export class DiagnosticsQueue {
  private readonly waiting = new Map<string, PublishDiagnosticsParams>();
  private draining = false;

  constructor(private readonly send: (params: PublishDiagnosticsParams) => void) {}

  now(params: PublishDiagnosticsParams): void {
    this.waiting.delete(params.uri);
    this.send(params);
  }

  later(params: PublishDiagnosticsParams): void {
    this.waiting.set(params.uri, params);
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    let sent = 0;
    for (const [uri, params] of this.waiting) {
      if (sent++ === PER_TURN) break;
      this.waiting.delete(uri);
      this.send(params);
    }
    if (this.waiting.size > 0) setImmediate(() => this.drain());
    else this.draining = false;
  }
}
