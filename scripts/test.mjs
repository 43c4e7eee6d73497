// Runs the node:test files of the given suites (folders under out/test/). Node 20's `node --test`
// takes no glob patterns, and on a folder it would also load helpers and editor-only modules.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const suites = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const passThrough = process.argv.slice(2).filter((arg) => arg.startsWith('--'));

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const files = suites.flatMap((suite) => testFiles(join(root, 'out/test', suite))).sort();
if (files.length === 0) {
  console.error(`no test files in out/test/{${suites.join(',')}}: run npm run build first`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...passThrough, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
