// VSIX size (from `npm run package`, when the script exists) and the client's load time with a
// stub `vscode` module.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measuredBundle } from './bundles';
import { REPO_ROOT } from './cliBench';
import { summarize, type Summary } from './stats';

export interface VsixFigure {
  vsixBytes: number | null;
  file?: string;
  note: string;
}

function findVsix(): string | undefined {
  return readdirSync(REPO_ROOT)
    .filter((name) => /^connection-budget-.*\.vsix$/.test(name))
    .sort((a, b) => statSync(join(REPO_ROOT, b)).mtimeMs - statSync(join(REPO_ROOT, a)).mtimeMs)[0];
}

/** Runs `npm run package` when package.json has the script, and measures the newest VSIX. */
export function vsixFigure(runPackage: boolean): VsixFigure {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (!manifest.scripts?.package) {
    return { vsixBytes: null, note: 'package.json has no "package" script yet: no VSIX to measure' };
  }
  let failure: string | undefined;
  if (runPackage) {
    // `npm run package` rebuilds dist/ for production (minified, no source maps); a development
    // build is put back afterwards so that tests and profiles keep their source maps.
    const development = existsSync(join(REPO_ROOT, 'dist', 'server.js.map'));
    const started = Date.now();
    const result = spawnSync('npm', ['run', 'package', '--silent'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
    if (development) spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
      const errors = output.split('\n').filter((line) => /error/i.test(line) && !/^\s+at /.test(line)).slice(0, 3);
      failure = `npm run package failed (exit ${result.status}): ${(errors.length > 0 ? errors.join(' / ') : output.trim().split('\n').pop() ?? '').slice(0, 400)}`;
    } else {
      const made = findVsix();
      if (!made || statSync(join(REPO_ROOT, made)).mtimeMs < started) failure = 'npm run package made no new connection-budget-*.vsix in the repository root';
    }
  }
  const file = findVsix();
  if (failure) {
    if (!file) return { vsixBytes: null, note: failure };
    const built = statSync(join(REPO_ROOT, file));
    return { vsixBytes: built.size, file, note: `${failure}; measured the existing ${file} (built ${built.mtime.toISOString()}, may not match the sources)` };
  }
  if (!file) return { vsixBytes: null, note: runPackage ? 'npm run package made no connection-budget-*.vsix in the repository root' : 'no connection-budget-*.vsix (packaging skipped with --quick)' };
  return { vsixBytes: statSync(join(REPO_ROOT, file)).size, file, note: runPackage ? `${file} from npm run package` : `${file} as found (packaging skipped with --quick)` };
}

export interface ActivationFigure {
  /** What is timed, in words. */
  measures: string;
  ms: Summary | null;
  note?: string;
}

/**
 * Loads the measured client bundle (bench/bundles.ts) in a new Node process with `vscode` resolved to a stub (a Proxy that
 * answers any property with a no-op), and times the require: module evaluation of the bundle
 * and its imports. Not VS Code's activation (no extension host, activate() is not called).
 */
export function activationFigure(runs: number): ActivationFigure {
  const measures = 'time to require(client.js) of the production build in a new Node process with a stub `vscode` module (bundle load and evaluation only; activate() not called, no extension host)';
  const client = measuredBundle('client.js');
  if (!existsSync(client)) return { measures, ms: null, note: `${client} does not exist yet` };
  const temp = mkdtempSync(join(tmpdir(), 'cb-activation-'));
  try {
    const stub = join(temp, 'vscode-stub.js');
    writeFileSync(
      stub,
      `const handler = { get: (target, key) => key === '__esModule' ? false : key === 'then' ? undefined : (target[key] ??= new Proxy(function () {}, handler)), apply: () => new Proxy(function () {}, handler), construct: () => new Proxy({}, handler) };
module.exports = new Proxy({}, handler);
`,
    );
    const probe = join(temp, 'probe.js');
    writeFileSync(
      probe,
      `const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? ${JSON.stringify(stub)} : resolve.call(this, request, ...rest); };
const start = process.hrtime.bigint();
const extension = require(${JSON.stringify(client)});
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ ms, activate: typeof extension.activate }));
`,
    );
    const times: number[] = [];
    let activate = '';
    for (let i = 0; i < runs + 1; i++) {
      const result = spawnSync(process.execPath, [probe], { encoding: 'utf8', timeout: 60_000 });
      if (result.status !== 0) return { measures, ms: null, note: `loading client.js failed: ${(result.stderr || '').trim().slice(-400)}` };
      const parsed = JSON.parse(result.stdout) as { ms: number; activate: string };
      activate = parsed.activate;
      if (i > 0) times.push(parsed.ms); // the first run warms the page cache
    }
    return { measures, ms: summarize(times), note: activate === 'function' ? undefined : `client.js exports no activate function (${activate})` };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
