// An edit re-links only the edited file and what reads it (SPEC §10). The incremental result must
// equal a fresh analysis of the same texts, edit after edit: seeded edits of the kinds a user
// types (numbers, words, lines, new env vars) on the examples and a generated workspace.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'node:test';
import { Random } from '../../bench/random';
import { workspaceFiles } from '../../bench/generate';
import { analysisOf, analyzeWorkspace } from '../../src-shared/analyzeWorkspace';
import { readFileFacts, type FileFacts } from '../../src-shared/fileFacts';
import { linkWorkspace, type Linked } from '../../src-shared/link/linkWorkspace';
import { relink } from '../../src-shared/link/relink';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';

const EXAMPLES = join(__dirname, '../../../examples');

function filesUnder(dir: string, root = dir): Array<[string, string]> {
  return readdirSync(dir).flatMap((name): Array<[string, string]> => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, root);
    return [[relative(root, path), readFileSync(path, 'utf8')]];
  });
}

/** One edit a user could make: a number retyped, a word replaced, a line added or removed. */
function edit(rng: Random, text: string, file: string): string {
  const lines = text.split('\n');
  const line = rng.int(0, Math.max(0, lines.length - 1));
  switch (rng.int(0, 5)) {
    case 0:
    case 1: {
      const numbers = [...text.matchAll(/\d+/g)];
      if (numbers.length === 0) return `${text}\n`;
      const at = rng.pick(numbers);
      return text.slice(0, at.index) + String(rng.pick([0, 1, 2, 3, 5, 8, 13, 40, 151])) + text.slice(at.index! + at[0].length);
    }
    case 2: {
      const words = [...text.matchAll(/[A-Za-z_]+/g)];
      if (words.length === 0) return text;
      const at = rng.pick(words);
      return text.slice(0, at.index) + rng.pick(words)[0] + text.slice(at.index! + at[0].length);
    }
    case 3:
      lines.splice(line, 0, file.endsWith('.env') ? `APP_DATABASE__CONNECTIONLIMIT=${rng.int(1, 20)}` : '');
      return lines.join('\n');
    case 4:
      lines.splice(line, 1);
      return lines.join('\n');
    default:
      return text.slice(0, Math.floor(rng.next() * text.length));
  }
}

function checkEdits(name: string, files: Array<[string, string]>, edits: number, seed: number): { incremental: number } {
  const rng = new Random(seed);
  const texts = new Map(files);
  const facts = new Map<string, FileFacts>([...texts].map(([file, text]) => [file, readFileFacts(file, text)]));
  let linked: Linked = linkWorkspace([...facts.values()], DEFAULT_SETTINGS);
  // The files an edit can re-link incrementally are the interesting ones; others are edited too.
  const candidates = [...texts.keys()].filter((file) => /\.(ya?ml|env|[cm]?[jt]s)$|\.env\./.test(file) || file.endsWith('.env'));
  let incremental = 0;
  for (let i = 0; i < edits; i++) {
    const file = rng.pick(candidates);
    const text = edit(rng, texts.get(file)!, file);
    texts.set(file, text);
    const after = readFileFacts(file, text);
    facts.set(file, after);
    const relinked = relink(linked, after);
    if (relinked) incremental++;
    linked = relinked ?? linkWorkspace([...facts.values()], DEFAULT_SETTINGS);
    const fresh = analyzeWorkspace([...facts.values()], DEFAULT_SETTINGS);
    assert.deepStrictEqual(analysisOf(linked), fresh, `${name}: edit ${i + 1} of ${file} (${relinked ? 'incremental' : 'full'}) differs from a fresh analysis`);
  }
  return { incremental };
}

for (const example of readdirSync(EXAMPLES).filter((name) => statSync(join(EXAMPLES, name)).isDirectory())) {
  test(`relink: 300 edits in examples/${example} give the same analysis as a fresh one`, () => {
    const { incremental } = checkEdits(example, filesUnder(join(EXAMPLES, example)), 300, example.length * 7919);
    assert.ok(incremental >= 30, `only ${incremental} of 300 edits were re-linked incrementally`);
  });
}

test('relink: 400 edits in a generated 400-file workspace give the same analysis as a fresh one', () => {
  const { incremental } = checkEdits('generated', workspaceFiles(400), 400, 400);
  assert.ok(incremental >= 100, `only ${incremental} of 400 edits were re-linked incrementally`);
});

test('relink: a value edit in an app config re-resolves only the deployments that read it', () => {
  const files = workspaceFiles(400);
  const facts = files.map(([file, text]) => readFileFacts(file, text));
  const linked = linkWorkspace(facts, DEFAULT_SETTINGS);
  const configIndex = facts.findIndex((f) => f.config?.isAppConfig && f.config.values['database.connectionLimit']);
  const config = facts[configIndex];
  const text = files[configIndex][1].replace(/connectionLimit: *\d+/, 'connectionLimit: 7');
  const relinked = relink(linked, readFileFacts(config.file, text));
  assert.ok(relinked, 'a changed connectionLimit value re-links incrementally');
  const renewed = [...relinked.resolved].filter(([descriptor, deployments]) => linked.resolved.get(descriptor) !== deployments);
  const readers = renewed.filter(([, deployments]) => deployments.some((d) => d.configFiles.includes(config.file)));
  assert.ok(readers.length > 0, 'the deployments reading the config are resolved again');
  // Config and code descriptors (folders and programs nothing else uses) are derived again each time.
  const others = renewed.filter(([descriptor]) => descriptor.kind !== 'config' && descriptor.kind !== 'code' && !descriptor.configDir?.startsWith(config.config!.dir));
  assert.deepEqual(others.map(([descriptor]) => descriptor.id), []);
  assert.ok(renewed.length < relinked.resolved.size / 4, `${renewed.length} of ${relinked.resolved.size} descriptors resolved again`);
});
