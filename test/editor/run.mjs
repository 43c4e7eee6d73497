#!/usr/bin/env node
// `npm run test:editor`: the extension tested inside a real VS Code (code-server 4.100.3 = VS Code
// 1.100.3) driven by headless Chromium.
//
//   1. builds the VSIX (`npm run package`) and the extension-host suite (out/test/editor/suite/);
//   2. prepares code-server in the cache folder (prepare-code-server.mjs: reused when ready);
//   3. installs the VSIX into a fresh extensions folder (in a temporary folder);
//   4. the extension-host suite: code-server on a copy of examples/, the suite run through the
//      page's `payload` in the extension host of the INSTALLED extension, results from a JSON file;
//   5. the user's journey: code-server on another copy, Chromium acting as a user (journey.mjs);
//   6. tears everything down and checks that no process is left.
//
// Options: --skip-package (reuse the existing VSIX), --vsix FILE, --only suite|journey, --keep
// (keep the temporary folder), --headed. Output: test-results/editor/ (screenshots, logs,
// suite-results.json). Exit code 0 when every check passed and nothing was left running.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureSuiteCompiled, packageVsix, vsixPath } from './build.mjs';
import { installVsix, launchBrowser, startCodeServer } from './code-server.mjs';
import { formatResults, runHostSuite } from './host-suite.mjs';
import { runJourney } from './journey.mjs';
import { liveDatabase } from './live-database.mjs';
import { keepLogs, logTails } from './logs.mjs';
import { prepareCodeServer } from './prepare-code-server.mjs';
import { ProcessWatch } from './processes.mjs';
import { REPO_ROOT, createWorkspace, loadExpected, writeUserSettings } from './workspace.mjs';

const OUT_DIR = path.join(REPO_ROOT, 'test-results', 'editor');

const { values: options } = parseArgs({
  options: {
    'skip-package': { type: 'boolean', default: false },
    vsix: { type: 'string' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    headed: { type: 'boolean', default: false },
  },
});
if (options.only && !['suite', 'journey'].includes(options.only)) {
  console.error(`--only takes suite or journey, not ${options.only}`);
  process.exit(2);
}

const t0 = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[editor ${seconds(Date.now() - t0).padStart(7)}] ${line}`);
const timings = {};

async function step(name, fn) {
  const started = Date.now();
  say(`${name} …`);
  try {
    return await fn();
  } finally {
    timings[name] = Date.now() - started;
    say(`${name}: ${seconds(timings[name])}`);
  }
}

/** One code-server on its own copy of the examples, stopped and its logs kept whatever happens. */
async function withEditor(part, { tmp, extensionsDir, env = {} }, body) {
  const partDir = path.join(tmp, part);
  const workspace = createWorkspace(partDir);
  const userDataDir = path.join(partDir, 'user-data');
  writeUserSettings(userDataDir);
  // code-server's temporary files (the extension host's vscode-ipc-*.sock, which a killed host
  // leaves behind) go into the run's folder, removed at the end.
  const tmpdir = path.join(partDir, 'tmp');
  fs.mkdirSync(tmpdir, { recursive: true });
  const server = await startCodeServer({ folder: workspace.examplesDir, userDataDir, extensionsDir, env: { ...env, TMPDIR: tmpdir } });
  say(`${part}: code-server ${server.url} (pid ${server.pid}), workspace ${workspace.workspaceFile}`);
  let failed = true;
  try {
    const ok = await body({ server, workspace, userDataDir });
    failed = !ok;
    return ok;
  } finally {
    await server.stop();
    const dest = path.join(OUT_DIR, 'logs', part);
    keepLogs({ userDataDir, codeServerLog: server.logFile, dest });
    if (failed) console.log(logTails({ userDataDir, codeServerLog: server.logFile }));
    say(`${part}: code-server stopped; logs in ${path.relative(REPO_ROOT, dest)}`);
  }
}

async function suitePart({ browser, tmp, extensionsDir, extensionPath, testsPath }) {
  const resultsFile = path.join(OUT_DIR, 'suite-results.json');
  const database = await liveDatabase();
  say(database.url ? `suite: Query Database will read ${database.url}` : `suite: the Query Database check is skipped: ${database.reason}`);
  const env = { CONNECTION_BUDGET_EDITOR_RESULTS: resultsFile, CONNECTION_BUDGET_EDITOR_MYSQL: database.url ?? '' };
  return withEditor('suite', { tmp, extensionsDir, env }, async ({ server, workspace }) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    try {
      const results = await runHostSuite({
        page,
        serverUrl: server.url,
        workspaceFile: workspace.workspaceFile,
        extensionPath,
        testsPath,
        resultsFile,
        screenshotDir: OUT_DIR,
        log: (line) => say(`suite: ${line}`),
      });
      console.log(formatResults(results));
      return results.failed === 0 && results.passed > 0;
    } catch (error) {
      console.log(`suite: ${error.message}`);
      await page.screenshot({ path: path.join(OUT_DIR, 'suite-FAILED.png') }).catch(() => {});
      return false;
    } finally {
      await context.close();
    }
  });
}

async function journeyPart({ browser, tmp, extensionsDir }) {
  return withEditor('journey', { tmp, extensionsDir }, async ({ server, workspace }) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const outcome = await runJourney({
        context,
        serverUrl: server.url,
        workspace,
        expected: loadExpected(),
        outDir: OUT_DIR,
        log: (line) => say(`journey: ${line}`),
      });
      console.log(outcome.lines.join('\n'));
      return outcome.ok;
    } finally {
      await context.close();
    }
  });
}

async function main() {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const buildLog = path.join(OUT_DIR, 'logs', 'build.log');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'connection-budget-editor-'));
  const watch = new ProcessWatch({ marker: tmp });
  const watching = watch.every(500);
  const outcome = {};
  let browser;
  try {
    const vsix = options.vsix
      ? path.resolve(options.vsix)
      : options['skip-package']
        ? vsixPath()
        : await step('npm run package', () => packageVsix({ logFile: buildLog }));
    if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist (run without --skip-package to build it)`);
    say(`VSIX: ${path.relative(REPO_ROOT, vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KB)`);
    const testsPath = await step('compile the suite', () => ensureSuiteCompiled({ logFile: buildLog }));
    await step('prepare code-server', () => prepareCodeServer({ log: (line) => say(`  ${line}`) }));

    const extensionsDir = path.join(tmp, 'extensions');
    await step('install the VSIX', () => installVsix({ vsix, extensionsDir }));
    const extensionPath = installedExtension(extensionsDir);
    say(`installed: ${extensionPath}`);

    browser = await launchBrowser({ headless: !options.headed });
    if (options.only !== 'journey') outcome.suite = await step('extension-host suite', () => suitePart({ browser, tmp, extensionsDir, extensionPath, testsPath }));
    if (options.only !== 'suite') outcome.journey = await step('user journey', () => journeyPart({ browser, tmp, extensionsDir }));
  } catch (error) {
    outcome.error = error;
    // Known failures (a build, the VSIX install, code-server's start) carry their cause in the message.
    console.error(`\n${error?.message ?? error}`);
  } finally {
    watch.snapshot();
    watching.stop();
    if (browser) await browser.close().catch(() => {});
  }

  const left = await waitForNoLeftovers(watch);
  outcome.processes = left.length === 0;
  if (left.length > 0) console.log(`left running after the teardown:\n${left.map((p) => `  ${p.pid} ${p.cmdline.slice(0, 200)}`).join('\n')}`);
  if (options.keep) say(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });

  const verdict = (ok) => (ok === undefined ? 'not run' : ok ? 'passed' : 'FAILED');
  console.log(
    [
      '',
      `extension-host suite: ${verdict(outcome.suite)}`,
      `user journey:         ${verdict(outcome.journey)}`,
      `teardown:             ${outcome.processes ? 'no process left' : 'PROCESSES LEFT'}`,
      `timings:              ${Object.entries(timings).map(([k, v]) => `${k} ${seconds(v)}`).join(', ')}; total ${seconds(Date.now() - t0)}`,
      `screenshots and logs: ${path.relative(REPO_ROOT, OUT_DIR)}/`,
    ].join('\n'),
  );
  const ok = !outcome.error && outcome.processes && outcome.suite !== false && outcome.journey !== false;
  process.exitCode = ok ? 0 : 1;
}

/** The folder the VSIX was installed into: <publisher>.<name>-<version>. */
function installedExtension(extensionsDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const folder = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  if (!fs.existsSync(path.join(folder, 'package.json'))) {
    throw new Error(`the VSIX is not installed at ${folder} (found: ${fs.readdirSync(extensionsDir).join(', ')})`);
  }
  return folder;
}

/** Processes can take a moment to go after SIGKILL; wait up to 10 s for them. */
async function waitForNoLeftovers(watch) {
  const deadline = Date.now() + 10_000;
  let left = watch.leftovers();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    left = watch.leftovers();
  }
  return left;
}

await main();
