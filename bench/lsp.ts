// The benchmark drives both language servers with the protocol tests' client
// (test/protocol/lspClient.ts), adding what timing needs: request timeouts, arrival times of
// notifications, and an orderly shutdown that ends the process it started (by its pid) at worst.
import { pathToFileURL } from 'node:url';
import { LspClient, sameUri, type Message } from '../test/protocol/lspClient';

export { sameUri };

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

export class BenchClient {
  readonly client: LspClient;

  constructor(script: string, onServerRequest: Record<string, (params: unknown) => unknown>) {
    this.client = new LspClient(script, ['--stdio']);
    // A server that dies must fail the figure, not crash the benchmark with EPIPE on its stdin.
    (this.client as unknown as { child?: { stdin?: NodeJS.WritableStream } }).child?.stdin?.on('error', () => undefined);
    for (const [method, handler] of Object.entries(onServerRequest)) this.client.onRequest(method, handler);
  }

  get pid(): number | undefined {
    return this.client.pid;
  }

  get stderr(): string {
    return this.client.stderr;
  }

  /** Server requests seen, by method. */
  serverRequestCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const message of this.client.serverRequests) counts[message.method!] = (counts[message.method!] ?? 0) + 1;
    return counts;
  }

  request<T = unknown>(method: string, params: unknown, timeoutMs = 120_000): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method} timed out after ${timeoutMs} ms; stderr: ${this.stderr.slice(-2000)}`)), timeoutMs);
    });
    return Promise.race([this.client.request<T>(method, params), timeout]).finally(() => clearTimeout(timer));
  }

  notify(method: string, params: unknown): void {
    this.client.notify(method, params);
  }

  /** How many notifications have arrived so far (to wait for later ones). */
  get notificationCount(): number {
    return this.client.notifications.length;
  }

  /**
   * The arrival time of the first notification of `method` after the first `after` ones that
   * `accept` takes, or null after `timeoutMs`. Call it before the message that causes the
   * notification: the time is taken when the notification is dispatched.
   */
  arrival<P>(method: string, after: number, accept: (params: P) => boolean, timeoutMs: number): Promise<number | null> {
    return this.client.waitFor(
      () => {
        for (let i = after; i < this.client.notifications.length; i++) {
          const message: Message = this.client.notifications[i];
          if (message.method === method && accept(message.params as P)) return performance.now();
        }
        return undefined;
      },
      `notification ${method}`,
      timeoutMs,
    ).catch(() => null);
  }

  /** shutdown + exit as an editor does; kills the process it started if it does not end in time. */
  async close(graceMs = 3000): Promise<void> {
    if (!this.client.alive) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await this.request('shutdown', null, graceMs);
      this.client.notify('exit');
      await Promise.race([this.client.exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    } catch {
      // killed below
    } finally {
      clearTimeout(timer);
      this.client.kill();
    }
  }
}
