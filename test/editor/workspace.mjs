// The workspace the editor tests open: a COPY of examples/ in a temporary folder (the tests edit
// files and settings), as a multi-root workspace with one folder per example, so that each example
// is analysed on its own (cluster-app and cluster-app-antipatterns both use localhost:3306).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLE_FOLDERS = ['docker-compose', 'kubernetes', 'single-server', 'cluster-app', 'cluster-app-antipatterns'];

/** User settings for a quiet, predictable editor (no welcome page, no update checks, hints on). */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'editor.inlayHints.enabled': 'on',
  'editor.hover.delay': 300,
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'chat.commandCenter.enabled': false,
};

/**
 * Copies examples/ into `dir`/examples and writes `dir`/examples.code-workspace.
 * Returns { examplesDir, workspaceFile, folders: { name: absolutePath } }.
 */
export function createWorkspace(dir, { examples = path.join(REPO_ROOT, 'examples') } = {}) {
  const examplesDir = path.join(dir, 'examples');
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(examples, examplesDir, { recursive: true });
  const folders = {};
  for (const name of EXAMPLE_FOLDERS) {
    const folder = path.join(examplesDir, name);
    if (!fs.existsSync(folder)) throw new Error(`example ${name} is missing in ${examples}`);
    folders[name] = folder;
  }
  const workspaceFile = path.join(dir, 'examples.code-workspace');
  const workspace = { folders: EXAMPLE_FOLDERS.map((name) => ({ path: `examples/${name}` })), settings: {} };
  fs.writeFileSync(workspaceFile, JSON.stringify(workspace, null, 2) + '\n');
  return { examplesDir, workspaceFile, folders };
}

/** Writes the user settings of a code-server user-data folder. */
export function writeUserSettings(userDataDir, extra = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...USER_SETTINGS, ...extra }, null, 2) + '\n');
  return file;
}

/** test/editor/expected.json with CONNECTION_BUDGET_EDITOR_EXPECT deep-merged over it (as in the suite). */
export function loadExpected(env = process.env) {
  const base = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'editor', 'expected.json'), 'utf8'));
  if (!env.CONNECTION_BUDGET_EDITOR_EXPECT) return base;
  return deepMerge(base, JSON.parse(env.CONNECTION_BUDGET_EDITOR_EXPECT));
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base, over) {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const merged = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = deepMerge(base[key], value);
  return merged;
}
