#!/usr/bin/env node
// `npm run test:electron`: the same extension-host suite (out/test/editor/suite/) in a desktop VS
// Code downloaded by @vscode/test-electron 2.5.x, with the extension loaded from the repository
// (extensionDevelopmentPath = the repository root, built by scripts/ensure.mjs), on a copy of
// examples/. For machines that can download VS Code; where the download fails (no internet), it
// says so and exits with code 2. On Linux without a display, run it under `xvfb-run -a`.
//
// Environment: VSCODE_TEST_VERSION (default 1.100.3, the version code-server runs; e.g. `stable`).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { ensureSuiteCompiled } from './build.mjs';
import { formatResults } from './host-suite.mjs';
import { liveDatabase } from './live-database.mjs';
import { REPO_ROOT, createWorkspace, writeUserSettings } from './workspace.mjs';

const OUT_DIR = path.join(REPO_ROOT, 'test-results', 'editor-electron');
const version = process.env.VSCODE_TEST_VERSION || '1.100.3';

async function main() {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, timeout: 30_000 });
  } catch (error) {
    console.error(
      [
        `test:electron: could not download VS Code ${version} (${String(error?.message ?? error).split('\n')[0]}).`,
        '@vscode/test-electron downloads VS Code from update.code.visualstudio.com at test time; this machine cannot reach it.',
        'Run the same suite in code-server instead: npm run test:editor',
      ].join('\n'),
    );
    return 2;
  }

  const ensure = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'ensure.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (ensure.status !== 0) {
    console.error('test:electron: scripts/ensure.mjs failed: the extension is not built');
    return 1;
  }
  const testsPath = await ensureSuiteCompiled({ logFile: path.join(OUT_DIR, 'build.log') });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'connection-budget-electron-'));
  const resultsFile = path.join(OUT_DIR, 'suite-results.json');
  try {
    const workspace = createWorkspace(path.join(tmp, 'workspace'));
    const userDataDir = path.join(tmp, 'user-data');
    writeUserSettings(userDataDir);
    const database = await liveDatabase();
    if (!database.url) console.log(`test:electron: the Query Database check is skipped: ${database.reason}`);
    let exitCode;
    try {
      exitCode = await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: REPO_ROOT,
        extensionTestsPath: testsPath,
        extensionTestsEnv: { CONNECTION_BUDGET_EDITOR_RESULTS: resultsFile, CONNECTION_BUDGET_EDITOR_MYSQL: database.url ?? '' },
        launchArgs: [workspace.workspaceFile, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userDataDir}`, `--extensions-dir=${path.join(tmp, 'extensions')}`],
      });
    } catch (error) {
      // runTests rejects when VS Code exits with a non-zero code (run() rejected: a check failed).
      console.error(`test:electron: ${String(error?.message ?? error)}`);
      exitCode = 1;
    }
    if (!fs.existsSync(resultsFile)) {
      console.error(`test:electron: the suite wrote no results to ${resultsFile} (VS Code did not run it; see its output above)`);
      return 1;
    }
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    console.log(formatResults(results));
    return exitCode === 0 && results.done && results.failed === 0 && results.passed > 0 ? 0 : 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = await main();
