// The language server: `node dist/server.js --stdio`, or over IPC from the VS Code client. This
// entry loads the server's bundle through V8's code cache: compiling it is a tenth of a start.
import { join } from 'node:path';
import { loadWithCodeCache } from '../src-node/codeCache';
import { defaultCacheDir } from '../src-node/userCache';
import type { main } from './main';

const server = loadWithCodeCache(join(__dirname, 'server-main.js'), defaultCacheDir());
(server.exports as { main: typeof main }).main(server.keepCompiledCode);
