// Runs the extension-host suite (out/test/editor/suite/index.js) inside code-server's real
// extension host: the page URL carries a `payload` with extensionDevelopmentPath and
// extensionTestsPath (docs/real-editor-tests.md), the suite writes its results to a JSON file
// (CONNECTION_BUDGET_EDITOR_RESULTS, given to code-server's environment), and this module waits for
// that file to say `done`.

import fs from 'node:fs';
import path from 'node:path';
import { sleep } from './wait.mjs';

/** The workbench URL that opens `workspaceFile` and runs the tests at `testsPath` with the extension at `extensionPath`. */
export function payloadUrl({ serverUrl, workspaceFile, extensionPath, testsPath }) {
  const authority = new URL(serverUrl).host;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsPath)],
  ];
  return `${serverUrl}/?workspace=${encodeURIComponent(workspaceFile)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function readResults(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Opens the payload URL in `page` and waits for the results file.
 * Resolves with the results; rejects with a clear message when the file does not appear within
 * `startTimeoutMs` (the suite writes it before its first check), when it stops changing for
 * `stallMs` before `done` (longer than the longest check's own timeout plus its cleanups; the
 * check that was running is named), or when the suite takes more than `timeoutMs` in all.
 * With `screenshotDir`, the page is photographed after each failed check (suite-NN-failed-<name>.png)
 * and at the end (suite-end.png).
 */
export async function runHostSuite({
  page,
  serverUrl,
  workspaceFile,
  extensionPath,
  testsPath,
  resultsFile,
  startTimeoutMs = 120_000,
  stallMs = 210_000,
  timeoutMs = 600_000,
  screenshotDir,
  log = () => {},
}) {
  fs.rmSync(resultsFile, { force: true });
  const url = payloadUrl({ serverUrl, workspaceFile, extensionPath, testsPath });
  log(`opening ${url}`);
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  log('workbench loaded; waiting for the suite\'s results');
  const started = Date.now();
  let lastChange = Date.now();
  let lastText = '';
  let lastRunning;
  let photographed = 0;
  for (;;) {
    const results = readResults(resultsFile);
    if (results && screenshotDir) {
      // The suite does not wait for the camera: a picture shows the editor just after the check
      // (and its cleanups) ended, so only failures and the end are photographed.
      for (; photographed < (results.checks?.length ?? 0); photographed++) {
        const check = results.checks[photographed];
        if (check.status !== 'failed') continue;
        const slug = check.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
        await page.screenshot({ path: path.join(screenshotDir, `suite-${String(photographed + 1).padStart(2, '0')}-failed-${slug}.png`) }).catch(() => {});
      }
      if (results.done) await page.screenshot({ path: path.join(screenshotDir, 'suite-end.png') }).catch(() => {});
    }
    if (results) {
      const text = JSON.stringify(results.checks?.length) + results.running;
      if (text !== lastText) {
        lastText = text;
        lastChange = Date.now();
      }
      if (results.running && results.running !== lastRunning) {
        lastRunning = results.running;
        log(`running: ${results.running}`);
      }
      if (results.done) return results;
    }
    const now = Date.now();
    if (!results && now - started > startTimeoutMs) {
      throw new Error(
        `the extension-host suite wrote no results to ${resultsFile} within ${Math.round((now - started) / 1000)} s: ` +
          'it did not start (is the extension path or the extensionTestsPath wrong, or did the extension host crash?); see the extension host log',
      );
    }
    if (results && now - lastChange > stallMs) {
      throw new Error(`the extension-host suite stalled: no progress for ${Math.round(stallMs / 1000)} s while running "${results.running}" (results so far in ${resultsFile})`);
    }
    if (now - started > timeoutMs) {
      throw new Error(`the extension-host suite did not finish within ${Math.round(timeoutMs / 1000)} s${results?.running ? ` (running "${results.running}")` : ''}`);
    }
    await sleep(250);
  }
}

/** The results as lines for the terminal. */
export function formatResults(results) {
  const lines = [];
  for (const check of results.checks ?? []) {
    lines.push(`  ${{ passed: '✓', failed: '✗', skipped: '-' }[check.status] ?? '?'} ${check.name} (${(check.durationMs / 1000).toFixed(1)} s)${check.status === 'skipped' ? ' SKIPPED' : ''}`);
    if (check.error) lines.push(`      ${check.error.split('\n').join('\n      ')}`);
  }
  const env = results.environment ?? {};
  lines.push(`  ${results.passed} passed, ${results.failed} failed, ${results.skipped ?? 0} skipped in ${(results.durationMs / 1000).toFixed(1)} s — VS Code ${env.vscodeVersion ?? '?'} (${env.appName ?? '?'}, remote ${env.remoteName ?? 'none'}), extension ${env.extensionVersion ?? '?'} from ${env.extensionPath ?? '?'}`);
  return lines.join('\n');
}
