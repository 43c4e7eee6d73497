// Builds what the editor tests need from the repository: the VSIX (`npm run package`) and the
// compiled extension-host suite (out/test/editor/suite/, from `tsc -p .`).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './workspace.mjs';

export const SUITE_SOURCES = path.join(REPO_ROOT, 'test', 'editor', 'suite');
export const SUITE_INDEX = path.join(REPO_ROOT, 'out', 'test', 'editor', 'suite', 'index.js');

function npmCommand() {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/** Runs a command in the repository; output goes to `log` (a writable file path); rejects on failure with the tail. */
function run(cmd, args, { logFile, label }) {
  return new Promise((resolve, reject) => {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const fd = fs.openSync(logFile, 'a');
    fs.writeSync(fd, `\n--- ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', fd, fd], env: process.env });
    fs.closeSync(fd);
    child.on('error', (error) => reject(new Error(`${label}: could not run ${cmd}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      reject(new Error(`${label}: \`${cmd} ${args.join(' ')}\` ${signal ? `was killed by ${signal}` : `exited with code ${code}`} (log ${logFile}):\n${tail}`));
    });
  });
}

/** The VSIX file `npm run package` writes: connection-budget-<version>.vsix in the repository. */
export function vsixPath() {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  return path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);
}

/** Runs `npm run package` and returns the VSIX it wrote (checked to be new). */
export async function packageVsix({ logFile }) {
  const vsix = vsixPath();
  const before = Date.now();
  await run(npmCommand(), ['run', 'package'], { logFile, label: 'npm run package' });
  if (!fs.existsSync(vsix)) throw new Error(`npm run package succeeded but ${vsix} does not exist (log ${logFile})`);
  if (fs.statSync(vsix).mtimeMs < before - 2000) throw new Error(`npm run package did not rewrite ${vsix} (log ${logFile})`);
  return vsix;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function suiteIsFresh() {
  if (!fs.existsSync(SUITE_INDEX)) return false;
  const compiled = path.dirname(SUITE_INDEX);
  for (const name of fs.readdirSync(SUITE_SOURCES)) {
    if (!name.endsWith('.ts')) continue;
    const js = path.join(compiled, name.replace(/\.ts$/, '.js'));
    if (!fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(path.join(SUITE_SOURCES, name)).mtimeMs) return false;
  }
  return true;
}

/**
 * Makes sure out/test/editor/suite/ is compiled from the current sources (`npm run package`
 * usually did it through scripts/ensure.mjs). Returns the index path.
 */
export async function ensureSuiteCompiled({ logFile }) {
  if (suiteIsFresh()) return SUITE_INDEX;
  // tsc reports type errors in any file of the project with a non-zero exit code but still emits;
  // what matters here is that the suite's output is fresh, so its errors are shown, not fatal.
  try {
    await run(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', REPO_ROOT], { logFile, label: 'tsc -p .' });
  } catch (error) {
    if (!suiteIsFresh()) throw error;
    process.stderr.write(`[editor] warning: tsc -p . reported errors (log ${logFile}); the suite itself compiled\n`);
  }
  if (!suiteIsFresh()) throw new Error(`tsc -p . did not write ${SUITE_INDEX} from ${SUITE_SOURCES} (log ${logFile})`);
  return SUITE_INDEX;
}

export { newestMtime };
