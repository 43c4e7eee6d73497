// Makes a fresh clone ready: installs dependencies from the lockfile when they are missing or
// stale, and rebuilds when a source file is newer than the last build.
import { execSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (command) => execSync(command, { cwd: root, stdio: 'inherit' });
const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

const installed = join(root, 'node_modules/.package-lock.json');
const linked = existsSync(join(root, 'node_modules')) && lstatSync(join(root, 'node_modules')).isSymbolicLink();
if (!existsSync(installed) || mtime(join(root, 'package-lock.json')) > mtime(installed)) {
  if (linked) {
    // A worktree sharing another checkout's dependencies: `npm ci` would empty that checkout's folder.
    console.error('connection-budget: node_modules is a link to another checkout; not reinstalling through it (run npm ci there, or replace the link).');
  } else {
    console.error('connection-budget: installing dependencies (npm ci)…');
    run('npm ci --no-audit --no-fund');
  }
}

/** Generated and measured output, not sources: never a reason to rebuild. */
const NOT_SOURCES = /(^|\/)(bench\/workspaces|bench\/profiles|bench\/results[^/]*|test\/fuzz\/regressions)$/;

function newest(path) {
  if (!existsSync(path) || NOT_SOURCES.test(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const sources = ['src-shared', 'src-node', 'cli', 'server', 'client', 'test', 'bench', 'scripts', 'package.json', 'tsconfig.json'];
const stamp = join(root, 'out/.build-stamp');
const required = ['dist/cli.js', 'dist/server.js', 'dist/server-main.js', 'dist/code-reader.js', 'dist/client.js', 'dist/typescript.js'];
const sourceTime = Math.max(...sources.map((source) => newest(join(root, source))));
if (!existsSync(stamp) || required.some((file) => !existsSync(join(root, file))) || sourceTime > mtime(stamp)) {
  console.error('connection-budget: building…');
  run('npm run build --silent');
  writeFileSync(stamp, new Date().toISOString());
}
