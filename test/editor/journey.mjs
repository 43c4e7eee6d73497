// A user's journey through the extension in VS Code (code-server in headless Chromium), asserting
// on what is on the screen: inlay hint text in the editor lines, the hover widget, the quick-fix
// menu and the edited line, the status bar item, and the report webview's chart.
//
// Steps run in order and stop at the first failure; a screenshot is taken after every step
// (test-results/editor/journey-NN-<step>.png), and one named ...-FAILED.png when a step fails.

import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from './wait.mjs';
import { editorLines, frameWith, hoverAt, openFile, openWorkbench, pointAt, quickFix, runCommand, squigglesOnLine, statusBarText, waitForLine } from './workbench.mjs';

/** `replicas: 3 = 18 conns · 11.9 % of 151`: the hint right after the value, as one line shows it. */
const hinted = (valueText, hint) => `${valueText} ${hint}`;

function steps(expected) {
  const { compose, antipatterns, report, journey } = expected;
  const statusBar = (page) => statusBarText(page, journey.statusBarId);

  return [
    {
      name: 'workbench',
      title: 'the workspace of the examples opens',
      run: async ({ page, url }) => {
        await openWorkbench(page, url);
        return 'workbench and explorer shown';
      },
    },
    {
      name: 'compose-hint',
      title: `${compose.folder}/${compose.file}: the replicas line shows "${compose.hint}"`,
      run: async ({ page }) => {
        await openFile(page, compose);
        const replicas = await waitForLine(page, `the hint after "${compose.replicas.text}"`, (line) => line.includes(hinted(compose.replicas.text, compose.hint)));
        const workers = await waitForLine(page, `the hint after "${compose.workers.text}"`, (line) => line.includes(hinted(compose.workers.text, compose.hint)));
        return `${replicas.trim()} | ${workers.trim()}`;
      },
    },
    {
      name: 'compose-hover',
      title: 'hovering the replicas value shows the breakdown',
      run: async ({ page }) => {
        const point = await pointAt(page, { lineText: compose.replicas.text, target: compose.replicas.text.split(' ').pop() });
        const text = await hoverAt(page, point, `a hover with ${JSON.stringify(journey.hoverShows)}`, (found) => journey.hoverShows.every((part) => found.includes(part)));
        return text.split('\n').filter(Boolean).slice(0, 3).join(' | ');
      },
    },
    {
      name: 'status-bar',
      title: `the status bar shows the worst server: "${antipatterns.statusBar}"`,
      run: async ({ page }) => {
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');
        const text = await waitFor('the Connection Budget status bar item', () => statusBar(page), (found) => Boolean(found?.includes(antipatterns.statusBar)), {
          timeoutMs: 60_000,
        });
        return text;
      },
    },
    {
      name: 'quick-fix',
      title: `${antipatterns.folder}/${antipatterns.file}: Ctrl+. → "${antipatterns.recommendedTitle}" changes the text and the hint`,
      run: async ({ page, shot }) => {
        await openFile(page, antipatterns);
        await waitForLine(page, `the hint after "${antipatterns.connectionLimit.text}"`, (line) => line.includes(hinted(antipatterns.connectionLimit.text, antipatterns.hint)));
        const limitLine = antipatterns.connectionLimit.text;
        await waitFor(`the over-max-connections error squiggle under "${limitLine}"`, () => squigglesOnLine(page, limitLine, 'error'), (n) => n > 0, { timeoutMs: 30_000 });
        const point = await pointAt(page, { lineText: antipatterns.connectionLimit.text, target: antipatterns.connectionLimit.text.split(' ').pop(), index: 0 });
        await page.mouse.click(point.x, point.y);
        const { menu, attempts } = await quickFix(page, antipatterns.recommendedTitle, () => shot('quick-fix-menu'));
        const fixed = await waitForLine(page, `the hint after "${antipatterns.connectionLimitFixed.text}"`, (line) =>
          line.includes(hinted(antipatterns.connectionLimitFixed.text, antipatterns.hintAfterFix)),
        );
        const lines = await editorLines(page);
        if (lines.some((line) => line.includes(antipatterns.connectionLimit.text))) throw new Error(`"${antipatterns.connectionLimit.text}" is still shown after the fix: ${JSON.stringify(lines)}`);
        const fixedLine = antipatterns.connectionLimitFixed.text;
        await waitFor(`no error squiggle under "${fixedLine}" after the fix`, () => squigglesOnLine(page, fixedLine, 'error'), (n) => n === 0, { timeoutMs: 30_000 });
        const status = await waitFor('the status bar after the fix', () => statusBar(page), (found) => Boolean(found?.includes(antipatterns.statusBarAfterFix)), { timeoutMs: 30_000 });
        return `menu (Ctrl+. pressed ${attempts}×) ${JSON.stringify(menu)}; now "${fixed.trim()}"; status bar "${status}"`;
      },
    },
    {
      name: 'report',
      title: `F1 → "${journey.reportCommand}" shows the chart of every server`,
      run: async ({ page }) => {
        await runCommand(page, journey.reportCommand);
        const frame = await frameWith(page, 'svg.chart', 'the report webview with its chart', 60_000);
        const labels = await waitFor(
          `${report.charts} charts with ${JSON.stringify([...report.chartLabels, report.chartLabelAfterFix])}`,
          () => frame.locator('svg.chart').evaluateAll((charts) => charts.map((chart) => chart.getAttribute('aria-label') ?? '')),
          (found) => found.length === report.charts && [...report.chartLabels, report.chartLabelAfterFix].every((label) => found.some((f) => f.startsWith(label))),
          { timeoutMs: 30_000 },
        );
        const bars = await frame.locator('svg.chart rect.segment').count();
        if (bars === 0) throw new Error('the charts have no bar segment');
        return `${labels.length} charts, ${bars} bar segments`;
      },
    },
    {
      name: 'status-bar-click',
      title: 'closing the report and clicking the status bar item opens it again',
      run: async ({ page }) => {
        const tab = page.locator('.tabs-container .tab').filter({ hasText: 'Connection Budget' });
        await tab.hover();
        await tab.locator('.tab-actions .action-label').click();
        await waitFor('the report closed', () => chartFrames(page), (n) => n === 0, { timeoutMs: 15_000 });
        await page.locator(`.statusbar-item[id="${journey.statusBarId}"] .statusbar-item-label`).click();
        const frame = await frameWith(page, 'svg.chart', 'the report webview after the click', 30_000);
        return `report open again with ${await frame.locator('svg.chart').count()} charts`;
      },
    },
  ];
}

/** How many frames show a report chart (0 when the report is closed). */
async function chartFrames(page) {
  let n = 0;
  for (const frame of page.frames()) n += await frame.locator('svg.chart').count().then((c) => (c > 0 ? 1 : 0), () => 0);
  return n;
}

/** An error's message without Playwright's call log. */
function firstLines(error) {
  const message = String(error?.message ?? error);
  return message.split('\nCall log:')[0].trim().split('\n').slice(0, 6).join('\n      ');
}

/**
 * Runs the journey in a new page of `context`. Resolves with { ok, lines } (never rejects on a
 * failed step: the failure is in the lines).
 */
export async function runJourney({ context, serverUrl, workspace, expected, outDir, log = () => {} }) {
  fs.mkdirSync(outDir, { recursive: true });
  const page = await context.newPage();
  const consoleLog = path.join(outDir, 'journey-browser-console.log');
  page.on('console', (message) => fs.appendFileSync(consoleLog, `[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => fs.appendFileSync(consoleLog, `[pageerror] ${error.message}\n`));
  const url = `${serverUrl}/?workspace=${encodeURIComponent(workspace.workspaceFile)}`;
  const lines = [];
  let ok = true;
  let n = 0;
  const shot = async (name) => {
    const file = path.join(outDir, `journey-${String(n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    return file;
  };
  try {
    for (const step of steps(expected)) {
      n++;
      const started = Date.now();
      log(step.title);
      try {
        const detail = await step.run({ page, url, shot });
        const file = await shot(step.name);
        lines.push(`  ✓ ${step.title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n      ${detail}\n      ${path.relative(process.cwd(), file)}`);
      } catch (error) {
        ok = false;
        const file = await shot(`${step.name}-FAILED`).catch((e) => `(no screenshot: ${e.message})`);
        lines.push(`  ✗ ${step.title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n      ${firstLines(error)}\n      ${path.relative(process.cwd(), file)}`);
        break;
      }
    }
  } finally {
    await page.close();
  }
  return { ok, lines };
}
