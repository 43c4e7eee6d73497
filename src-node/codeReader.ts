import type { Worker } from 'node:worker_threads';
import type { FileFacts } from '../src-shared/fileFacts';

/** A worker still writing its code cache this long after being closed is stopped. */
const CLOSE_WITHIN_MS = 10_000;

interface Answer {
  id: number;
  facts?: FileFacts;
  error?: string;
}

/**
 * Reads code files' facts on a worker thread, started for a folder's first read with much code:
 * while the main thread reads the folder's YAML, the worker loads TypeScript's parser and parses
 * the code on the other core, so that the read does not wait for both in turn. It serves first
 * reads only; later edits parse on the main thread (loading TypeScript there when a code file changes).
 * When the worker cannot read (it failed, or was closed), `read` rejects and the caller parses
 * on its own thread, as before.
 */
export class CodeReader {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (facts: FileFacts) => void; reject: (error: Error) => void }>();
  private lastId = 0;
  private broken: Error | undefined;

  constructor(workerFile: string) {
    // Required here: most servers never start a reader, and the module costs a start ≈ 1 ms.
    const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
    this.worker = new WorkerThread(workerFile);
    // Never what keeps the server running.
    this.worker.unref();
    this.worker.on('message', (answer: Answer) => {
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (answer.facts) waiter?.resolve(answer.facts);
      else waiter?.reject(new Error(answer.error ?? 'no facts'));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => this.fail(new Error('the code reader stopped')));
  }

  /** `readFileFacts` on the worker. */
  readonly read = (file: string, text: string, maxFileSize: number): Promise<FileFacts> => {
    if (this.broken) return Promise.reject(this.broken);
    const id = ++this.lastId;
    const answer = new Promise<FileFacts>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ id, file, text, maxFileSize });
    return answer;
  };

  /**
   * Ends the worker once it has kept TypeScript's compiled code for the next start: its memory
   * (TypeScript's) is not kept for edits, which parse on this thread.
   */
  close(): void {
    if (this.broken) return;
    this.fail(new Error('the code reader was closed'));
    this.worker.postMessage({ close: true });
    setTimeout(() => void this.worker.terminate(), CLOSE_WITHIN_MS).unref();
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
