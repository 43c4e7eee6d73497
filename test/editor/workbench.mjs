// Acting on VS Code's workbench in the browser the way a person does (keyboard, mouse) and reading
// what is on the screen (DOM text of editor lines, hovers, menus, status bar, webviews).
// Every helper waits for its effect; none sleeps for a fixed time.

import { waitFor } from './wait.mjs';

/**
 * Text as shown: VS Code renders spaces in editor lines as no-break spaces, and an inlay hint's
 * padding as a hair space (U+200A); both become plain spaces.
 */
export const shown = (text) => (text ?? '').replace(/[\u00a0\u200a]/g, ' ');

export async function openWorkbench(page, url) {
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  // The explorer lists the workspace once the workbench has restored its parts.
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
}

/** Sends keyboard input to the workbench (not the browser chrome). */
async function focusWorkbench(page) {
  const editor = page.locator('.editor-group-container.active .monaco-editor textarea').first();
  if (await editor.count()) await editor.focus();
  else await page.locator('.monaco-workbench').focus();
}

async function quickInput(page, keys) {
  await focusWorkbench(page);
  await page.keyboard.press(keys);
  const input = page.locator('.quick-input-widget:visible input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  return input;
}

/**
 * Ctrl+P, types the path relative to the workspace folder, waits for the row of that file in
 * that folder, Enter; resolves when the editor tab of the file is active.
 */
export async function openFile(page, { folder, file }) {
  const input = await quickInput(page, 'Control+P');
  await input.fill(file);
  const name = file.split('/').pop();
  // In a multi-root workspace each row's description names the folder.
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name }).filter({ hasText: folder }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
  await waitFor(
    `editor tab ${folder}/${file} active`,
    () => page.locator('.tabs-container .tab.active').first().getAttribute('aria-label'),
    (label) => Boolean(label && label.includes(name)),
    { timeoutMs: 15_000 },
  );
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

/** F1, types the command's title, Enter once the highlighted row is that command. */
export async function runCommand(page, title) {
  const input = await quickInput(page, 'F1');
  await input.fill(`>${title}`);
  const focused = page.locator('.quick-input-list .monaco-list-row.focused');
  await waitFor(
    `"${title}" highlighted in the command palette`,
    async () => shown(await focused.getAttribute('aria-label', { timeout: 1_000 })),
    (label) => label.startsWith(title),
    { timeoutMs: 15_000 },
  );
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The active editor's visible lines, top to bottom, as shown (inlay hints included). */
export async function editorLines(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
    if (!editor) return [];
    return [...editor.querySelectorAll('.view-line')]
      .map((line) => ({ top: parseFloat(line.style.top) || 0, text: (line.textContent ?? '').replace(/[\u00a0\u200a]/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text);
  });
}

/** Waits until a visible line of the active editor satisfies `accept(text)`; returns it. */
export async function waitForLine(page, what, accept, timeoutMs = 60_000) {
  const lines = await waitFor(what, () => editorLines(page), (found) => found.some(accept), {
    timeoutMs,
    show: (found) => JSON.stringify(found),
  });
  return lines.find(accept);
}

/**
 * Where a character is on the screen: in the visible line containing `lineText`, the
 * `index`-th character of `target` (default: its last). Returns { x, y } (the character's centre).
 */
export async function pointAt(page, { lineText, target, index }) {
  const point = await page.evaluate(
    ({ lineText, target, index }) => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
      const line = [...(editor?.querySelectorAll('.view-line') ?? [])].find((l) => (l.textContent ?? '').replace(/[\u00a0\u200a]/g, ' ').includes(lineText));
      if (!line) return null;
      const text = (line.textContent ?? '').replace(/[\u00a0\u200a]/g, ' ');
      const start = text.indexOf(lineText) + lineText.indexOf(target);
      let offset = start + (index ?? target.length - 1);
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent?.length ?? 0;
        if (offset < length) {
          const range = document.createRange();
          range.setStart(node, offset);
          range.setEnd(node, offset + 1);
          const rect = range.getBoundingClientRect();
          return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
        }
        offset -= length;
      }
      return null;
    },
    { lineText, target, index },
  );
  if (!point) throw new Error(`"${target}" in a line with "${lineText}" is not on the screen: ${JSON.stringify(await editorLines(page))}`);
  return point;
}

/**
 * The squiggles (`kind`: error, warning, info) drawn under the visible line containing `lineText`
 * of the active editor: the overlay row at the same height as the line. Undefined when the line
 * is not on the screen.
 */
export async function squigglesOnLine(page, lineText, kind) {
  return page.evaluate(
    ({ lineText, kind }) => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor');
      const line = [...(editor?.querySelectorAll('.view-lines .view-line') ?? [])].find((l) => (l.textContent ?? '').replace(/[\u00a0\u200a]/g, ' ').includes(lineText));
      if (!line) return undefined;
      const row = [...editor.querySelectorAll('.view-overlays > div')].find((r) => r.style.top === line.style.top);
      return row ? row.querySelectorAll(`.squiggly-${kind}`).length : 0;
    },
    { lineText, kind },
  );
}

/** Moves the mouse onto the point and waits for a hover widget whose text passes `accept`. */
export async function hoverAt(page, point, what, accept) {
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ has: page.locator('.hover-contents, .markdown-hover') });
  const text = await waitFor(
    what,
    async () => {
      if (!(await hover.count())) {
        // Enter the character from aside, as a person's pointer would.
        await page.mouse.move(point.x, point.y - 30);
        await page.mouse.move(point.x, point.y, { steps: 5 });
        await hover.first().waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {});
      }
      return shown(await hover.first().innerText({ timeout: 1_000 }));
    },
    accept,
    { timeoutMs: 30_000, show: (text) => JSON.stringify(text?.slice(0, 600)) },
  );
  // Its fade-in done, so that a screenshot shows it as a person sees it.
  await hover.first().evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)));
  return text;
}

/** The text of a status bar item (its label), as shown. */
export async function statusBarText(page, id) {
  const item = page.locator(`.statusbar-item[id="${id}"]`);
  if (!(await item.count())) return undefined;
  return shown(await item.locator('.statusbar-item-label').innerText()).trim();
}

/**
 * Ctrl+. at the cursor until the action menu offers `title` (right after a TypeScript file opens,
 * the menu can say "No code actions available" while tsserver starts: a person presses Ctrl+.
 * again); calls `onMenu` (e.g. a screenshot) while the menu is open, then clicks the row.
 * Returns the menu's rows.
 */
export async function quickFix(page, title, onMenu = async () => {}, timeoutMs = 60_000) {
  const rows = page.locator('.action-widget .monaco-list-row');
  const row = rows.filter({ hasText: title }).first();
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  for (;;) {
    attempts++;
    await page.keyboard.press('Control+.');
    try {
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch {
      const seen = await rows.allInnerTexts();
      if (Date.now() > deadline) {
        throw new Error(`the quick-fix menu (Ctrl+., ${attempts} times in ${Math.round(timeoutMs / 1000)} s) offers no "${title}"; it shows: ${JSON.stringify(seen)}`);
      }
      await page.keyboard.press('Escape');
    }
  }
  const menu = (await rows.allInnerTexts()).map((text) => shown(text).trim());
  await onMenu();
  // The keyboard, as a person would (the menu's pointer guard can swallow an early click).
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; i <= menu.length; i++) {
    if ((await focused.getAttribute('aria-label').catch(() => null)) === title) break;
    await page.keyboard.press('ArrowDown');
  }
  const chosen = await focused.getAttribute('aria-label');
  if (chosen !== title) throw new Error(`could not move the quick-fix menu's focus to "${title}" (focused: "${chosen}")`);
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
  return { menu, attempts };
}

/** The frames (webview contents are nested iframes) that contain `selector`, found by polling. */
export async function frameWith(page, selector, what, timeoutMs = 30_000) {
  return waitFor(
    what,
    async () => {
      for (const frame of page.frames()) {
        try {
          if (await frame.locator(selector).count()) return frame;
        } catch {
          // detached meanwhile
        }
      }
      return undefined;
    },
    Boolean,
    { timeoutMs, show: () => `${page.frames().length} frames, none with ${selector}` },
  );
}
