// The code reader's thread (src-node/codeReader.ts): each message is a code file to read, until
// the message to close.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { setTypeScriptLoader } from '../src-shared/code/loadTypeScript';
import { readFileFacts } from '../src-shared/fileFacts';
import { loadWithCodeCache } from '../src-node/codeCache';
import { defaultCacheDir } from '../src-node/userCache';

const bundle = join(__dirname, 'typescript.js');
// Loaded at once, on this thread's start: the first code file arrives about 20 ms later. A folder
// whose facts were kept reads no code, and then this is a load on the other core for nothing.
const typescript = existsSync(bundle) ? loadWithCodeCache(bundle, defaultCacheDir()) : undefined;
if (typescript) setTypeScriptLoader(() => typescript.exports);

parentPort?.on('message', (message: { close: true } | { id: number; file: string; text: string; maxFileSize: number }) => {
  if ('close' in message) {
    // After the reads, so that the parser's functions are kept compiled too.
    void (typescript?.keepCompiledCode() ?? Promise.resolve()).then(() => process.exit(0));
    return;
  }
  const { id, file, text, maxFileSize } = message;
  try {
    parentPort?.postMessage({ id, facts: readFileFacts(file, text, maxFileSize) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
