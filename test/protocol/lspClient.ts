// A small LSP client for the protocol tests: it starts the bundled server over stdio and talks to
// it as an editor does (Content-Length framing, requests matched to responses, server requests answered).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface Diagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface PublishDiagnosticsParams {
  uri: string;
  diagnostics: Diagnostic[];
}

type ServerRequestHandler = (params: unknown) => unknown;

const DEFAULT_TIMEOUT = 30_000;

let cacheHome: string | undefined;
/**
 * The servers of one test process keep their caches (compiled TypeScript, read facts) in one
 * temporary folder (their XDG_CACHE_HOME), removed at exit: tests neither litter the user's cache
 * nor read from it.
 */
export function serverCacheHome(): string {
  if (!cacheHome) {
    const made = mkdtempSync(join(tmpdir(), 'connection-budget-test-cache-'));
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
    cacheHome = made;
  }
  return cacheHome;
}

export class LspClient {
  /** Every notification from the server, in order of arrival. */
  readonly notifications: Message[] = [];
  /** Every request from the server, in order of arrival. */
  readonly serverRequests: Message[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';

  private readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; method: string }>();
  private readonly handlers = new Map<string, ServerRequestHandler>();
  private readonly listeners = new Set<() => void>();
  private exitCode: number | null | undefined;

  constructor(serverPath: string, args: string[] = ['--stdio']) {
    this.child = spawn(process.execPath, [serverPath, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, XDG_CACHE_HOME: serverCacheHome() } });
    this.child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code) => {
        this.exitCode = code;
        for (const { reject, method } of this.pending.values()) reject(new Error(`server exited (${code}) before answering ${method}`));
        this.pending.clear();
        this.changed();
        resolve(code);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** Answers the server's requests of this method (unanswered ones get `null`). */
  onRequest(method: string, handler: ServerRequestHandler): void {
    this.handlers.set(method, handler);
  }

  /** The id of the request sent last, for `$/cancelRequest`. */
  get lastRequestId(): number {
    return this.nextId - 1;
  }

  request<R = unknown>(method: string, params?: unknown): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, method });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params?: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first non-undefined value of `probe`, checked now and after each message. */
  waitFor<T>(probe: () => T | undefined, description: string, timeout = DEFAULT_TIMEOUT): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        let value: T | undefined;
        try {
          value = probe();
        } catch (error) {
          finish();
          reject(error as Error);
          return;
        }
        if (value !== undefined) {
          finish();
          resolve(value);
        } else if (!this.alive) {
          finish();
          reject(new Error(`server exited while waiting for ${description}\n${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeout} ms waiting for ${description}`));
      }, timeout);
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** The latest diagnostics published for a URI, if any were. */
  latestDiagnostics(uri: string): Diagnostic[] | undefined {
    for (let i = this.notifications.length - 1; i >= 0; i--) {
      const message = this.notifications[i];
      if (message.method !== 'textDocument/publishDiagnostics') continue;
      const params = message.params as PublishDiagnosticsParams;
      if (sameUri(params.uri, uri)) return params.diagnostics;
    }
    return undefined;
  }

  /** The index in `notifications` of the last notification of `method`, -1 when none came. */
  lastNotificationIndex(method: string): number {
    for (let i = this.notifications.length - 1; i >= 0; i--) if (this.notifications[i].method === method) return i;
    return -1;
  }

  /** Waits until the latest diagnostics published for a URI satisfy `accept`. */
  waitForDiagnostics(uri: string, accept: (diagnostics: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    return this.waitFor(() => {
      const latest = this.latestDiagnostics(uri);
      return latest && accept(latest) ? latest : undefined;
    }, `diagnostics of ${uri}`);
  }

  /** Waits for a notification of `method` arriving after the first `after` notifications. */
  waitForNotification<P>(method: string, after = 0, accept: (params: P) => boolean = () => true): Promise<P> {
    return this.waitFor(() => {
      for (const message of this.notifications.slice(after)) {
        if (message.method === method && accept(message.params as P)) return message.params as P;
      }
      return undefined;
    }, `notification ${method}`);
  }

  /** Waits for a request of `method` from the server arriving after the first `after` requests. */
  waitForServerRequest(method: string, after = 0): Promise<Message> {
    return this.waitFor(() => this.serverRequests.slice(after).find((message) => message.method === method), `server request ${method}`);
  }

  kill(): void {
    if (this.alive) this.child.kill();
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: *(\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`bad header from the server: ${header}`);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const message = JSON.parse(this.buffer.subarray(start, start + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) {
      this.serverRequests.push(message);
      void this.answer(message);
    } else if (message.method !== undefined) {
      this.notifications.push(message);
    } else if (typeof message.id === 'number') {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(`${waiting.method}: ${message.error.message}`));
      else waiting?.resolve(message.result);
    }
    this.changed();
  }

  private async answer(request: Message): Promise<void> {
    const handler = this.handlers.get(request.method!);
    try {
      const result = handler ? await handler(request.params) : null;
      this.send({ jsonrpc: '2.0', id: request.id, result: result ?? null });
    } catch (error) {
      this.send({ jsonrpc: '2.0', id: request.id, error: { code: -32603, message: String(error) } });
    }
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export function sameUri(a: string, b: string): boolean {
  return decodeURIComponent(a) === decodeURIComponent(b);
}
