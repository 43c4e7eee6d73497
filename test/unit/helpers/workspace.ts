import { analyzeWorkspace } from '../../../src-shared/analyzeWorkspace';
import { readFileFacts } from '../../../src-shared/fileFacts';
import { LineIndex } from '../../../src-shared/location';
import { settingsFrom } from '../../../src-shared/settings';
import type { Analysis, Deployment, Settings, TextEdit } from '../../../src-shared/types';

export type Files = Record<string, string>;

/** Analyses an in-memory workspace, as the CLI and the server do with texts from disk or buffers. */
export function analyze(files: Files, settings: Partial<Settings> = {}): Analysis {
  return analyzeWorkspace(
    Object.entries(files).map(([file, text]) => readFileFacts(file, text)),
    settingsFrom(settings),
  );
}

export function deployment(analysis: Analysis, id: string): Deployment {
  const found = analysis.deployments.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no deployment ${id}; have ${analysis.deployments.map((d) => d.id).join(', ') || 'none'}`);
  return found;
}

export function server(analysis: Analysis, id: string) {
  const found = analysis.servers.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no server ${id}; have ${analysis.servers.map((s) => s.id).join(', ') || 'none'}`);
  return found;
}

/** Applies text edits (from a fix) to the files, last position first, and returns the new files. */
export function applyEdits(files: Files, edits: TextEdit[]): Files {
  const result = { ...files };
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  for (const [file, fileEdits] of byFile) {
    let text = result[file];
    if (text === undefined) throw new Error(`edit for unknown file ${file}`);
    const index = new LineIndex(text);
    const ordered = fileEdits
      .map((edit) => ({ start: index.offset(edit.range.start), end: index.offset(edit.range.end), text: edit.newText }))
      .sort((a, b) => b.start - a.start);
    for (const edit of ordered) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    result[file] = text;
  }
  return result;
}

/** The 1-based line of a deployment factor's source, for readable assertions. */
export function sourceLine(factor: Deployment['workers']): string | undefined {
  const place = factor.source;
  return place ? `${place.loc.file}:${place.loc.range.start.line + 1}` : undefined;
}

/** Loads an example folder of the repository as in-memory files. */
export function exampleFiles(name: string): Files {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const root = path.join(__dirname, '../../../../examples', name);
  const files: Files = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(relative);
      else files[relative] = fs.readFileSync(path.join(root, relative), 'utf8');
    }
  };
  walk('');
  return files;
}
