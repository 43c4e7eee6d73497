// A worker thread that reads files' facts, so that a second core parses while the main thread
// does (the CLI) or stays free for requests (the server). Batches in, facts out.
import { parentPort } from 'node:worker_threads';
import { useBundledTypeScript } from './typescriptBundle';
import { readFactsFromDisk } from './workspaceFiles';

export interface FactsBatch {
  root: string;
  files: string[];
  maxFileSize: number;
}

useBundledTypeScript(__dirname);
parentPort?.on('message', async (batch: FactsBatch) => {
  const facts = [];
  for (const file of batch.files) facts.push(await readFactsFromDisk(batch.root, file, batch.maxFileSize));
  parentPort!.postMessage(facts);
});
