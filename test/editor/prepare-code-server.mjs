#!/usr/bin/env node
// Prepares a real VS Code (code-server 4.100.3 = VS Code 1.100.3) in a cache folder outside the
// repository, idempotently: a fresh machine gets everything installed (a few minutes), a second
// run only checks and reuses the cache (about a second).
//
//   node test/editor/prepare-code-server.mjs      -> progress on stderr, last stdout line is JSON
//                                                    {"root": "...", "entry": "..."}
//   import { prepareCodeServer } from './prepare-code-server.mjs'
//
// Recipe: /work/shared/docs/real-editor-tests.md (npm's postinstall of code-server downloads
// ripgrep and builds kerberos without headers, so it is installed by hand with --ignore-scripts).
//
// The build happens in a temporary sibling folder that is renamed into place only when every step
// succeeded and `.ready` was written; a folder without a matching `.ready` is never reused.
//
// Environment: CONNECTION_BUDGET_CACHE (cache base folder), XDG_CACHE_HOME.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
// Bump when the recipe below changes: an existing cache with another recipe is rebuilt.
export const RECIPE_VERSION = 1;

export const APT_PACKAGES = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'ripgrep', 'chromium'];
export const CHROMIUM_PATH = '/usr/bin/chromium';

const TAG = '[prepare-code-server]';

/** The cache base folder (not created). */
export function cacheBase(env = process.env) {
  if (env.CONNECTION_BUDGET_CACHE) return path.resolve(env.CONNECTION_BUDGET_CACHE);
  const xdg = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(xdg, 'connection-budget');
}

/** Where the prepared code-server lives (whether or not it is prepared yet). */
export function codeServerPaths(env = process.env) {
  const root = path.join(cacheBase(env), `code-server-${CODE_SERVER_VERSION}`);
  return {
    root,
    entry: path.join(root, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: path.join(root, '.ready'),
  };
}

/** What `.ready` must contain. Native modules are built for one Node ABI, so it is part of it. */
function expectedMarker() {
  return {
    recipe: RECIPE_VERSION,
    codeServer: CODE_SERVER_VERSION,
    nodeModules: process.versions.modules,
    platform: `${process.platform}-${process.arch}`,
  };
}

function readMarker(markerPath) {
  try {
    return JSON.parse(fs.readFileSync(markerPath, 'utf8'));
  } catch {
    return undefined;
  }
}

function markerMatches(found) {
  if (!found || typeof found !== 'object') return false;
  const want = expectedMarker();
  return Object.keys(want).every((k) => String(found[k]) === String(want[k]));
}

/** True when the cache folder is complete for this recipe and this Node. */
export function isPrepared(env = process.env) {
  const p = codeServerPaths(env);
  return markerMatches(readMarker(p.marker)) && fs.existsSync(p.entry);
}

class StepError extends Error {}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

/**
 * Runs a command; resolves with its combined output, rejects with a StepError whose message is
 * one line and whose `.output` holds the output's tail.
 */
function run(cmd, args, { cwd, env, label } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks = [];
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => chunks.push(d));
    child.on('error', (err) => {
      const e = new StepError(`${label ?? cmd}: could not run ${cmd}: ${err.message}`);
      e.output = '';
      reject(e);
    });
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      if (code === 0) return resolve(output);
      const e = new StepError(
        `${label ?? cmd}: \`${[cmd, ...args].join(' ')}\` in ${cwd ?? process.cwd()} ` +
          (signal ? `was killed by ${signal}` : `exited with code ${code}`),
      );
      e.output = output.split('\n').slice(-40).join('\n');
      reject(e);
    });
  });
}

async function step(log, name, fn) {
  const t0 = Date.now();
  log(`${name} ...`);
  const result = await fn();
  log(`${name} done (${seconds(Date.now() - t0)})`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Debian packages

async function dpkgInstalled(pkg) {
  try {
    const out = await run('dpkg-query', ['-W', '-f=${Status}', pkg], { label: 'dpkg' });
    return /install ok installed/.test(out);
  } catch {
    return false;
  }
}

async function ensureAptPackages(log) {
  const missing = [];
  for (const pkg of APT_PACKAGES) if (!(await dpkgInstalled(pkg))) missing.push(pkg);
  if (missing.length === 0) {
    log(`Debian packages present (${APT_PACKAGES.join(' ')})`);
    return;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new StepError(`Debian packages missing: ${missing.join(' ')} (run as root, or: apt-get install ${missing.join(' ')})`);
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  await step(log, 'apt-get update', () => run('apt-get', ['update'], { env, label: 'apt-get update' }));
  await step(log, `apt-get install ${missing.join(' ')}`, () =>
    run('apt-get', ['install', '-y', '-q', ...missing], { env, label: 'apt-get install' }),
  );
}

// ---------------------------------------------------------------------------------------------
// node-gyp and npm

/**
 * The node-gyp bundled with npm: next to this node first, then in the npm found through
 * `npm prefix -g`, then `npx node-gyp`.
 */
async function nodeGypCommand() {
  const rel = ['node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'];
  const bin = path.dirname(process.execPath);
  const candidates = [path.join(bin, '..', 'lib', ...rel), path.join(bin, ...rel)];
  try {
    const prefix = (await run('npm', ['prefix', '-g'], { label: 'npm prefix -g' })).trim();
    if (prefix) candidates.push(path.join(prefix, 'lib', ...rel), path.join(prefix, ...rel));
  } catch {
    // fall through
  }
  for (const c of candidates) if (fs.existsSync(c)) return { cmd: process.execPath, pre: [c], shown: c };
  return { cmd: 'npx', pre: ['--yes', 'node-gyp'], shown: 'npx node-gyp' };
}

async function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  try {
    const v = (await run('npm', ['config', 'get', 'nodedir'], { label: 'npm config get nodedir' })).trim();
    if (v && v !== 'undefined' && v !== 'null') return v;
  } catch {
    // fall through
  }
  return undefined;
}

/** Package folders (with a binding.gyp) under a node_modules folder, nested ones included. */
function findBindingGyp(nodeModules) {
  const found = [];
  const visitPackages = (nm) => {
    let entries;
    try {
      entries = fs.readdirSync(nm, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const dir = path.join(nm, e.name);
      if (e.name.startsWith('@')) {
        visitPackages(dir);
        continue;
      }
      if (fs.existsSync(path.join(dir, 'binding.gyp'))) found.push(dir);
      const nested = path.join(dir, 'node_modules');
      if (fs.existsSync(nested)) visitPackages(nested);
    }
  };
  visitPackages(nodeModules);
  return found.sort();
}

const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

// ---------------------------------------------------------------------------------------------
// The build

async function build(dir, log) {
  const cs = path.join(dir, 'node_modules', 'code-server');
  const vscode = path.join(cs, 'lib', 'vscode');

  // Pin npm's prefix to this folder (npm would otherwise look for a package.json further up).
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'connection-budget-code-server', private: true }, null, 2) + '\n');

  await step(log, `npm install --ignore-scripts code-server@${CODE_SERVER_VERSION}`, () =>
    run('npm', ['install', '--ignore-scripts', ...NPM_QUIET, `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, label: 'npm install code-server' }),
  );
  if (!fs.existsSync(path.join(vscode, 'package.json'))) throw new StepError(`code-server package has no lib/vscode/package.json at ${vscode}`);

  await step(log, 'npm install --omit=dev --ignore-scripts in lib/vscode', () =>
    run('npm', ['install', '--omit=dev', '--ignore-scripts', ...NPM_QUIET], { cwd: vscode, label: 'npm install (lib/vscode)' }),
  );

  await step(log, 'copy /usr/bin/rg into @vscode/ripgrep', () => {
    const rgSource = '/usr/bin/rg';
    if (!fs.existsSync(rgSource)) throw new StepError(`${rgSource} is missing (Debian package ripgrep)`);
    const binDir = path.join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
    fs.mkdirSync(binDir, { recursive: true });
    const dest = path.join(binDir, 'rg');
    fs.rmSync(dest, { force: true });
    fs.copyFileSync(rgSource, dest);
    fs.chmodSync(dest, 0o755);
  });

  const gypCmd = await nodeGypCommand();
  const nodedir = await nodeDir();
  const gypArgs = ['rebuild', '--jobs=max', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
  const modules = findBindingGyp(path.join(vscode, 'node_modules'));
  if (modules.length === 0) throw new StepError('no module with a binding.gyp under lib/vscode/node_modules (npm install incomplete?)');
  await step(log, `node-gyp rebuild of ${modules.length} native modules (${gypCmd.shown}, nodedir=${nodedir ?? 'default'})`, async () => {
    for (const m of modules) {
      const t0 = Date.now();
      await run(gypCmd.cmd, [...gypCmd.pre, ...gypArgs], {
        cwd: m,
        env: nodedir ? { npm_config_nodedir: nodedir } : {},
        label: `node-gyp rebuild ${path.relative(vscode, m)}`,
      });
      log(`  built ${path.relative(path.join(vscode, 'node_modules'), m)} (${seconds(Date.now() - t0)})`);
    }
  });

  await step(log, 'symlinks (node_modules.asar, remote-cli/code-server, helpers/browser.sh)', () => {
    const links = [
      [vscode, 'node_modules', 'node_modules.asar'],
      [path.join(vscode, 'bin', 'remote-cli'), 'code-linux.sh', 'code-server'],
      [path.join(vscode, 'bin', 'helpers'), 'browser-linux.sh', 'browser.sh'],
    ];
    for (const [where, target, name] of links) {
      if (!fs.existsSync(path.join(where, target))) throw new StepError(`symlink target missing: ${path.join(where, target)}`);
      fs.rmSync(path.join(where, name), { force: true, recursive: true });
      fs.symlinkSync(target, path.join(where, name));
    }
  });

  await step(log, 'npm install --omit=dev --ignore-scripts in lib/vscode/extensions', () =>
    run('npm', ['install', '--omit=dev', '--ignore-scripts', ...NPM_QUIET], { cwd: path.join(vscode, 'extensions'), label: 'npm install (lib/vscode/extensions)' }),
  );

  await step(log, 'npm rebuild argon2', () =>
    run('npm', ['rebuild', 'argon2', ...NPM_QUIET], { cwd: dir, label: 'npm rebuild argon2' }),
  );

  await step(log, 'smoke check: entry.js --version', async () => {
    const entry = path.join(cs, 'out', 'node', 'entry.js');
    // Its own config file: without --config, code-server writes ~/.config/code-server/config.yaml.
    const config = path.join(dir, 'smoke-config.yaml');
    fs.writeFileSync(config, 'auth: none\ncert: false\n');
    const out = await run(process.execPath, [entry, '--config', config, '--version'], { cwd: dir, env: cleanEnv(), label: 'code-server --version' });
    fs.rmSync(config, { force: true });
    const line = out.split('\n').find((l) => l.includes(CODE_SERVER_VERSION));
    if (!line) throw new StepError(`code-server --version printed no ${CODE_SERVER_VERSION}: ${out.trim().split('\n')[0]}`);
    log(`  ${line.trim()}`);
  });
}

/** VS Code's own variables from a surrounding editor would make code-server talk to that editor. */
function cleanEnv() {
  const env = {};
  for (const k of Object.keys(process.env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') env[k] = undefined;
  return env;
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Removes temporary build folders left by runs that died (their pid is gone). */
function removeStaleTemps(root) {
  const parent = path.dirname(root);
  const prefix = `${path.basename(root)}.`;
  let names = [];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const n of names) {
    const m = n.startsWith(prefix) && /\.(tmp|old)-(\d+)$/.exec(n);
    if (m && !pidAlive(Number(m[2]))) fs.rmSync(path.join(parent, n), { recursive: true, force: true });
  }
}

/**
 * Makes sure code-server is prepared; returns `{ root, entry }`.
 * Options: `log` (a function taking one line; default: stderr with a prefix), `env`.
 */
export async function prepareCodeServer({ log, env = process.env } = {}) {
  const t0 = Date.now();
  const say = log ?? ((line) => process.stderr.write(`${TAG} ${line}\n`));
  const p = codeServerPaths(env);

  await ensureAptPackages(say);
  if (!fs.existsSync(CHROMIUM_PATH)) throw new StepError(`${CHROMIUM_PATH} is missing although the chromium package is installed`);

  if (isPrepared(env)) {
    say(`reusing ${p.root} (${seconds(Date.now() - t0)})`);
    return { root: p.root, entry: p.entry };
  }

  say(`building code-server ${CODE_SERVER_VERSION} into ${p.root}`);
  fs.mkdirSync(path.dirname(p.root), { recursive: true });
  removeStaleTemps(p.root);
  const tmp = `${p.root}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp);
  try {
    await build(tmp, say);
    fs.writeFileSync(path.join(tmp, '.ready'), JSON.stringify({ ...expectedMarker(), builtAt: new Date().toISOString() }, null, 2) + '\n');
    if (isPrepared(env)) {
      // Another run finished first: keep its folder.
      fs.rmSync(tmp, { recursive: true, force: true });
    } else {
      const old = `${p.root}.old-${process.pid}`;
      if (fs.existsSync(p.root)) fs.renameSync(p.root, old);
      fs.renameSync(tmp, p.root);
      fs.rmSync(old, { recursive: true, force: true });
    }
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  if (!isPrepared(env)) throw new StepError(`${p.root} is not complete after the build`);
  say(`ready: ${p.root} (${seconds(Date.now() - t0)} in all)`);
  return { root: p.root, entry: p.entry };
}

// ---------------------------------------------------------------------------------------------

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  prepareCodeServer().then(
    (paths) => {
      process.stdout.write(JSON.stringify(paths) + '\n');
    },
    (err) => {
      if (err && err.output) process.stderr.write(`${err.output.trimEnd()}\n`);
      const msg = err instanceof StepError ? err.message : (err && err.stack) || String(err);
      process.stderr.write(`${TAG} FAILED: ${msg.split('\n')[0]}\n`);
      if (!(err instanceof StepError) && err && err.stack) process.stderr.write(`${err.stack}\n`);
      process.exitCode = 1;
    },
  );
}
