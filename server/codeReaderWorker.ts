// The code reader's thread (src-node/codeReader.ts): each message is a code file to read, until
// the message to close. TypeScript loads on the first file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { setTypeScriptLoader } from '../src-shared/code/loadTypeScript';
import { readFileFacts } from '../src-shared/fileFacts';
import { loadWithCodeCache } from '../src-node/codeCache';
import { defaultCacheDir } from '../src-node/userCache';

const bundle = join(__dirname, 'typescript.js');
let typescript: ReturnType<typeof loadWithCodeCache> | undefined;
if (existsSync(bundle)) setTypeScriptLoader(() => (typescript ??= loadWithCodeCache(bundle, defaultCacheDir())).exports);

type Message = { close: true } | { id: number; file: string; text: string; maxFileSize: number };

// ICU keeps collation data for the whole process: loaded here (8–10 ms) while the main thread
// reads, the main thread's first analysis sorts files (src-shared/findings.ts) without the wait.
new Intl.Collator().compare('a', 'b');

parentPort?.on('message', (message: Message) => {
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
