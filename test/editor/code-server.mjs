// Helpers for the real-editor tests: start code-server (VS Code 1.100.3 served to a browser),
// install a VSIX into it, and launch Debian's Chromium through playwright-core.
//
// The code-server installation comes from ./prepare-code-server.mjs (a cache folder outside the
// repository). Without an `entry` option the helpers use that cache, and build it first (a few
// minutes, progress on stderr) when it is not ready: run `node test/editor/prepare-code-server.mjs`
// before the tests (in CI too) so that this time is not spent inside a test's timeout.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { CHROMIUM_PATH, codeServerPaths, isPrepared, prepareCodeServer } from './prepare-code-server.mjs';
import { readProcesses } from './processes.mjs';

export const START_TIMEOUT_MS = 60_000;
export const STOP_TIMEOUT_MS = 10_000;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The environment for code-server: without a surrounding VS Code's variables. */
function childEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  // A surrounding code-server's config would otherwise be read.
  delete env.CODE_SERVER_CONFIG;
  return { ...env, ...extra };
}

async function resolveEntry(entry) {
  if (entry) return entry;
  // Quiet when the cache is ready; progress on stderr when it has to be built (minutes).
  if (isPrepared()) return codeServerPaths().entry;
  return (await prepareCodeServer()).entry;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n').trimEnd();
  } catch {
    return '(no log)';
  }
}

/** Resolves true when anything answers HTTP on the URL. */
function httpAnswers(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Processes. code-server runs in its own process group (detached), but node-pty starts each
// terminal's shell in a new session, outside that group, so stop() kills the group and every
// descendant found through /proc. Zombies do not count as alive: on these machines PID 1 reaps
// orphans only after a while.

/** Live (non-zombie) pids of the group `leader` and of the leader's descendants. */
function familyOf(leader, known = new Set()) {
  const procs = readProcesses();
  if (!procs) {
    // No /proc: fall back to the process group only.
    try {
      process.kill(-leader, 0);
      return new Set([-leader]);
    } catch {
      return new Set();
    }
  }
  const children = new Map();
  for (const p of procs) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(p);
  }
  const family = new Set();
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const visit = (pid) => {
    for (const c of children.get(pid) ?? []) {
      if (family.has(c.pid)) continue;
      if (c.state !== 'Z') family.add(c.pid);
      visit(c.pid);
    }
  };
  const leaderProc = byPid.get(leader);
  if (leaderProc && leaderProc.state !== 'Z') family.add(leader);
  visit(leader);
  for (const p of procs) if (p.pgid === leader && p.state !== 'Z') family.add(p.pid);
  // Processes seen earlier that were reparented (their parent died) are still ours.
  for (const pid of known) {
    const p = byPid.get(pid);
    if (p && p.state !== 'Z') {
      family.add(pid);
      visit(pid);
    }
  }
  return family;
}

function signalAll(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Kills the group `leader` and all its descendants: SIGTERM, then SIGKILL after graceMs. */
async function killFamily(leader, graceMs = STOP_TIMEOUT_MS) {
  const seen = new Set();
  const refresh = () => {
    const f = familyOf(leader, seen);
    for (const pid of f) if (pid > 0) seen.add(pid);
    return f;
  };
  let family = refresh();
  try {
    process.kill(-leader, 'SIGTERM');
  } catch {
    // group gone
  }
  signalAll(family, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while ((family = refresh()).size > 0 && Date.now() < deadline) await sleep(100);
  if (family.size === 0) return;
  for (let i = 0; i < 50 && family.size > 0; i++) {
    try {
      process.kill(-leader, 'SIGKILL');
    } catch {
      // group gone
    }
    signalAll(family, 'SIGKILL');
    await sleep(100);
    family = refresh();
  }
  if (family.size > 0) throw new Error(`could not stop code-server (pid ${leader}): still running ${[...family].join(' ')}`);
}

/** Synchronous last resort (process exit): SIGKILL the group and its descendants. */
function killFamilySync(leader) {
  const family = familyOf(leader);
  try {
    process.kill(-leader, 'SIGKILL');
  } catch {
    // group gone
  }
  signalAll(family, 'SIGKILL');
}

// Groups started here, killed if this process exits (or gets SIGINT/SIGTERM/SIGHUP) first.
const liveGroups = new Set();
let exitHooksInstalled = false;
function trackGroup(pid) {
  liveGroups.add(pid);
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const g of liveGroups) killFamilySync(g);
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const handler = () => {
      for (const g of liveGroups) killFamilySync(g);
      liveGroups.clear();
      // Keep the default behaviour (exit by the signal) unless the program handles it itself.
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, handler);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, handler);
  }
}

/** Throws when something already listens on 127.0.0.1:port. */
function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', (err) => {
      const e = new Error(`port ${port} on 127.0.0.1 is not free (${err.code ?? err.message})`);
      e.addressInUse = err.code === 'EADDRINUSE';
      reject(e);
    });
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}

/**
 * Starts code-server on 127.0.0.1 and waits until it answers HTTP.
 *
 * Options: folder (opened workspace, absolute), userDataDir, extensionsDir (both created),
 * port (default: a free one), disableWorkspaceTrust (default true), logFile (default:
 * `<userDataDir>/code-server.log`, appended), extraArgs, env, entry (default: from the cache),
 * timeoutMs (default 60 s).
 *
 * Returns { url, port, logFile, pid, stop() }. Ready means: its log says "HTTP server listening
 * on <url>" and GET <url>/healthz answers; the workbench itself still needs the browser
 * (wait for `.monaco-workbench`). stop() kills the process group (code-server, its wrapper child,
 * extension hosts, file watcher, pty host) and every descendant (terminal shells run in sessions
 * of their own), SIGTERM then SIGKILL after 10 s, and resolves when they are gone. A server not
 * stopped is killed when this process exits or gets SIGINT/SIGTERM/SIGHUP.
 */
export async function startCodeServer({
  folder,
  userDataDir,
  extensionsDir,
  port,
  disableWorkspaceTrust = true,
  logFile,
  extraArgs = [],
  env = {},
  entry,
  timeoutMs = START_TIMEOUT_MS,
} = {}) {
  if (!folder || !userDataDir || !extensionsDir) throw new Error('startCodeServer needs folder, userDataDir and extensionsDir');
  folder = path.resolve(folder);
  userDataDir = path.resolve(userDataDir);
  extensionsDir = path.resolve(extensionsDir);
  entry = await resolveEntry(entry);
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  logFile = path.resolve(logFile ?? path.join(userDataDir, 'code-server.log'));
  fs.mkdirSync(path.dirname(logFile), { recursive: true });

  // Own config file, so that nothing is read from or written to ~/.config/code-server.
  const configFile = path.join(userDataDir, 'code-server-config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

  const fixedPort = port !== undefined;
  const attempts = fixedPort ? 1 : 3;
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const p = fixedPort ? port : await freePort();
    try {
      return await startOnce({ entry, folder, userDataDir, extensionsDir, port: p, disableWorkspaceTrust, logFile, configFile, extraArgs, env, timeoutMs });
    } catch (err) {
      lastError = err;
      // Another process took the port between freePort() and code-server's listen: try another.
      if (!err.addressInUse) break;
    }
  }
  throw lastError;
}

async function startOnce({ entry, folder, userDataDir, extensionsDir, port, disableWorkspaceTrust, logFile, configFile, extraArgs, env, timeoutMs }) {
  const args = [
    entry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(disableWorkspaceTrust ? ['--disable-workspace-trust'] : []),
    ...extraArgs,
    folder,
  ];
  await assertPortFree(port);
  const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n--- ${new Date().toISOString()} ${process.execPath} ${args.join(' ')}\n`);
  let child;
  try {
    child = spawn(process.execPath, args, {
      cwd: folder,
      env: childEnv(env),
      stdio: ['ignore', fd, fd],
      detached: true, // own process group, so that stop() reaches every child
    });
  } finally {
    fs.closeSync(fd);
  }
  const pid = child.pid;
  // Do not keep the caller alive: a runner that forgets stop() still exits, and the exit hook
  // below kills the server.
  child.unref();
  trackGroup(pid);

  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
    child.on('error', (err) => {
      exited = { code: null, signal: null, error: err };
      resolve(exited);
    });
  });

  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      await killFamily(pid);
      await Promise.race([exitPromise, sleep(2000)]);
      liveGroups.delete(pid);
    })();
    return stopped;
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      const log = tailSince(logFile, logStart);
      const err = new Error(
        `code-server exited before answering on ${url} (code ${exited.code}, signal ${exited.signal}${exited.error ? `, ${exited.error.message}` : ''}); log ${logFile}:\n${log}`,
      );
      err.addressInUse = /EADDRINUSE/.test(log);
      throw err;
    }
    // Ours is listening (its log says so) and answers; another server on the port would not
    // pass the first test.
    if (logSince(logFile, logStart).includes(`HTTP server listening on ${url}`) && (await httpAnswers(`${url}/healthz`))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within ${Math.round(timeoutMs / 1000)} s; log ${logFile}:\n${tailSince(logFile, logStart)}`);
    }
    await sleep(250);
  }
  return { url, port, logFile, pid, stop };
}

function logSince(file, start) {
  try {
    return fs.readFileSync(file).subarray(start).toString('utf8');
  } catch {
    return '';
  }
}

function tailSince(file, start, lines = 40) {
  const text = logSince(file, start);
  return text ? text.split('\n').slice(-lines).join('\n').trimEnd() : tail(file, lines);
}

/**
 * Installs a VSIX with code-server's CLI into extensionsDir. Throws with the output on failure.
 * Options: vsix, extensionsDir, userDataDir (optional; default: a folder beside extensionsDir, so
 * that nothing lands in ~/.local/share/code-server), entry, timeoutMs (default 120 s).
 * Returns the output.
 */
export async function installVsix({ vsix, extensionsDir, userDataDir, entry, timeoutMs = 120_000 } = {}) {
  if (!vsix || !extensionsDir) throw new Error('installVsix needs vsix and extensionsDir');
  vsix = path.resolve(vsix);
  extensionsDir = path.resolve(extensionsDir);
  if (!fs.existsSync(vsix)) throw new Error(`installVsix: ${vsix} does not exist`);
  entry = await resolveEntry(entry);
  fs.mkdirSync(extensionsDir, { recursive: true });
  userDataDir = path.resolve(userDataDir ?? `${extensionsDir}-cli-user-data`);
  fs.mkdirSync(userDataDir, { recursive: true });
  const configFile = path.join(userDataDir, 'code-server-config.yaml');
  if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const args = [entry, '--config', configFile, '--user-data-dir', userDataDir, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--force'];

  const { code, signal, output } = await new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const chunks = [];
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => chunks.push(d));
    if (child.pid) trackGroup(child.pid);
    const timer = setTimeout(() => killFamilySync(child.pid), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, output: String(err) });
    });
    child.on('close', (c, s) => {
      clearTimeout(timer);
      killFamilySync(child.pid); // nothing of it may outlive the install
      liveGroups.delete(child.pid);
      resolve({ code: c, signal: s, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
  // Success is an exit code 0 and the CLI's "Extension '…' was successfully installed." line.
  const failed = code !== 0 || !/successfully installed/i.test(output);
  if (failed) {
    throw new Error(`installVsix: installing ${vsix} failed (code ${code}${signal ? `, ${signal}` : ''}):\n${output.trimEnd()}`);
  }
  return output;
}

/**
 * Launches Debian's Chromium through playwright-core (never `playwright install`).
 * Options: headless (default true), args (added to CHROMIUM_ARGS), and any other
 * chromium.launch() option. Returns the Browser; close it with `await browser.close()`.
 */
export async function launchBrowser({ headless = true, args = [], ...options } = {}) {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: run node test/editor/prepare-code-server.mjs (installs the chromium package)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless,
    args: [...CHROMIUM_ARGS, ...args],
    ...options,
  });
}
