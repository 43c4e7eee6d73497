// The language server program, loaded by its entry (server/start.ts) through V8's code cache.
import { join } from 'node:path';
import { createConnection } from './languageServer';
import { buildOf } from '../src-node/buildIdentity';
import { CodeReader } from '../src-node/codeReader';
import { factsCacheDir } from '../src-node/factsCache';
import { useBundledTypeScript } from '../src-node/typescriptBundle';
import { startServer } from './server';

/** Starts the server on the connection the command line names (`--stdio`, `--node-ipc`). */
export function main(keepCompiledCode: () => Promise<void>): void {
  const connection = createConnection();
  // Handlers are guarded; this catches what escapes them (a timer, a stream) so that one bad input
  // costs a log line, not the editor's hints.
  process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
  useBundledTypeScript(__dirname);
  startServer(connection, {
    factsCache: { dir: factsCacheDir(), build: buildOf([__filename, join(__dirname, 'typescript.js')]) },
    keepCompiledCode,
    startCodeReader: () => new CodeReader(join(__dirname, 'code-reader.js')),
  });
}
