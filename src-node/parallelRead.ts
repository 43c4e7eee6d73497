import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_FILE_SIZE, fileType, type FileFacts } from '../src-shared/fileFacts';
import type { FactsBatch } from './factsWorker';
import { readFactsFromDisk } from './workspaceFiles';

const WORKER_SCRIPT = join(__dirname, 'factsWorker.js');
/** Reads in flight on the main thread: file system calls overlap with parsing. */
const PARALLEL_READS = 16;

export interface ReadOptions {
  maxFileSize?: number;
  /** Called as files are read, with how many are done. */
  onRead?(done: number): void;
  /** False once the read is no longer wanted: no more files are started. */
  current?(): boolean;
}

/**
 * Reads the facts of `files` (workspace-relative) on the main thread and in one worker thread at
 * once, both taking batches from one queue: code files first for the worker (it loads TypeScript,
 * the slowest part to start), the rest first for the main thread. Falls back to the main thread
 * alone when no worker can start. Facts come back in the order of `files`.
 */
export async function readFactsInParallel(root: string, files: string[], options: ReadOptions = {}): Promise<FileFacts[]> {
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const current = options.current ?? (() => true);
  const facts: FileFacts[] = new Array(files.length);
  let done = 0;
  const finished = (count: number) => {
    done += count;
    options.onRead?.(done);
  };
  // Indexes, code files first: the worker takes from the front, the main thread from the back.
  const queue = files.map((_, index) => index).sort((a, b) => Number(fileType(files[b]) === 'code') - Number(fileType(files[a]) === 'code'));
  const batchSize = Math.max(1, Math.min(64, Math.ceil(files.length / 16)));

  const mainThread = async () => {
    const reader = async () => {
      while (queue.length > 0 && current()) {
        const index = queue.pop()!;
        facts[index] = await readFactsFromDisk(root, files[index], maxFileSize);
        finished(1);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_READS }, reader));
  };

  const workerThread = async () => {
    const worker = startWorker();
    if (!worker) return;
    try {
      while (queue.length > 0 && current()) {
        const batch = queue.splice(0, batchSize);
        const read = await readBatch(worker, { root, files: batch.map((index) => files[index]), maxFileSize });
        if (!read) {
          // The worker failed: its batch goes back to the main thread.
          queue.push(...batch);
          return;
        }
        batch.forEach((index, i) => (facts[index] = read[i]));
        finished(batch.length);
      }
    } finally {
      await worker.terminate();
    }
  };

  // A worker only pays when there is more than a file or two, or code (TypeScript) to read.
  const worth = files.length > 2 || files.some((file) => fileType(file) === 'code');
  await Promise.all(worth ? [workerThread(), mainThread()] : [mainThread()]);
  // A failed worker's last batch may have come back after the main thread finished its queue.
  if (queue.length > 0 && current()) await mainThread();
  return facts;
}

function startWorker(): Worker | undefined {
  if (!existsSync(WORKER_SCRIPT)) return undefined;
  try {
    const worker = new Worker(WORKER_SCRIPT);
    worker.unref();
    return worker;
  } catch {
    return undefined;
  }
}

function readBatch(worker: Worker, batch: FactsBatch): Promise<FileFacts[] | undefined> {
  return new Promise((resolve) => {
    const settle = (result: FileFacts[] | undefined) => {
      worker.off('message', onMessage);
      worker.off('error', onFailure);
      worker.off('exit', onFailure);
      resolve(result);
    };
    const onMessage = (facts: FileFacts[]) => settle(facts);
    const onFailure = () => settle(undefined);
    worker.on('message', onMessage);
    worker.on('error', onFailure);
    worker.on('exit', onFailure);
    worker.postMessage(batch);
  });
}
