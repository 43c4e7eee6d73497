// The fast block-YAML parser against `yaml` (the contract is in blockYamlDiff.ts): whenever it
// accepts a text it must agree with yaml node for node, on the repository's YAML files, the
// fuzzer's YAML inputs and generated texts; and it must accept the plain files it exists for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node } from 'yaml';
import { parseBlockYaml } from '../../../src-shared/yaml/blockYaml';
import { bigManifest } from '../../../bench/generate';
import { ROOT } from '../../fuzz/corpus';
import { fuzzInput, mulberry32 } from '../../fuzz/mutate';
import { blockScalarText, compare, describeDifference, generatedText, minimizedFailure, YAML_OPTIONS, type FastParser } from './blockYamlDiff';

const MAX_REPORTED = 5;
/** Longer texts are shown cut, and not minimized (yaml is slow on them); their label regenerates them. */
const MAX_SHOWN = 4000;

interface Tally {
  texts: number;
  accepted: number;
  errorFree: number;
  acceptedErrorFree: number;
  /** Error-free texts that use nothing beyond the subset, per yaml's tree. */
  plain: number;
  acceptedPlain: number;
  failures: Array<{ label: string; text: string; difference: string; kind: string }>;
}

function check(inputs: Iterable<[label: string, text: string]>): Tally {
  const tally: Tally = { texts: 0, accepted: 0, errorFree: 0, acceptedErrorFree: 0, plain: 0, acceptedPlain: 0, failures: [] };
  for (const [label, text] of inputs) {
    const result = compare(text);
    tally.texts++;
    if (result.accepted) tally.accepted++;
    if (result.errorFree) {
      tally.errorFree++;
      if (result.accepted) tally.acceptedErrorFree++;
      if (result.outside.length === 0) {
        tally.plain++;
        if (result.accepted) tally.acceptedPlain++;
      }
    }
    if (result.difference) tally.failures.push({ label, text, difference: result.difference, kind: result.kind! });
  }
  return tally;
}

/** The first few failures in full (exact text, a minimized one, the difference), and a count of each kind. */
function report(tally: Tally): string {
  const kinds = new Map<string, number>();
  for (const failure of tally.failures) kinds.set(failure.kind, (kinds.get(failure.kind) ?? 0) + 1);
  const lines = [`${tally.failures.length} of ${tally.texts} texts differ, in ${kinds.size} way(s):`];
  for (const [kind, count] of kinds) lines.push(`  ${count}× ${kind}`);
  for (const { label, text, difference } of tally.failures.slice(0, MAX_REPORTED)) {
    lines.push(`- ${label}: ${difference}`);
    if (text.length > MAX_SHOWN) {
      lines.push(`  text (first ${MAX_SHOWN} of ${text.length} characters): ${JSON.stringify(text.slice(0, MAX_SHOWN))}`);
      continue;
    }
    lines.push(`  text: ${JSON.stringify(text)}`);
    const small = minimizedFailure(text);
    if (small !== text) lines.push(`  minimized: ${JSON.stringify(small)}: ${describeDifference(small)}`);
  }
  return lines.join('\n');
}

function yamlFiles(dir: string, limit = Infinity): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= limit) return;
      const path = join(at, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'out') walk(path);
      } else if (/\.ya?ml$/.test(entry.name)) found.push(path);
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}

function* fileInputs(paths: string[]): Iterable<[string, string]> {
  for (const path of paths) yield [relative(ROOT, path), readFileSync(path, 'utf8')];
}

// ---------------------------------------------------------------------------------------------
// Hand-written cases.

/** The one document the fast parser must accept `text` as. */
function onlyDocument(text: string): Node | null {
  const docs = parseBlockYaml(text);
  assert.ok(docs, `the fast parser rejected ${JSON.stringify(text)}`);
  assert.equal(docs.length, 1, `documents of ${JSON.stringify(text)}`);
  assert.equal(describeDifference(text), undefined);
  return docs[0];
}

/** The pairs of a map as [key, value node], asserting the map's kind and style. */
function pairsOf(node: unknown, flow = false): Array<[unknown, unknown]> {
  assert.ok(isMap(node), 'a map');
  assert.equal(!!node.flow, flow, flow ? 'a flow map' : 'a block map');
  return node.items.map((pair) => {
    assert.ok(isPair(pair) && isScalar(pair.key), 'a pair with a scalar key');
    return [pair.key.value, pair.value];
  });
}

function scalarValue(node: unknown): unknown {
  assert.ok(isScalar(node), 'a scalar');
  return node.value;
}

test('a: 1 is a block map with one pair, key "a", value the number 1, with their ranges', () => {
  const root = onlyDocument('a: 1');
  assert.ok(isMap(root));
  assert.equal(root.items.length, 1);
  const { key, value } = root.items[0];
  assert.ok(isScalar(key) && isScalar(value));
  assert.deepEqual([key.value, key.type, key.range?.slice(0, 2)], ['a', 'PLAIN', [0, 1]]);
  assert.deepEqual([value.value, value.type, value.range?.slice(0, 2)], [1, 'PLAIN', [3, 4]]);
});

test('a: [1, 2] is a flow sequence; - a: 1 / b: 2 a compact map; key: / - x a sequence at the key indent', () => {
  const [[, flowSeq]] = pairsOf(onlyDocument('a: [1, 2]\n'));
  assert.ok(isSeq(flowSeq) && flowSeq.flow);
  assert.deepEqual(flowSeq.items.map(scalarValue), [1, 2]);

  const seq = onlyDocument('- a: 1\n  b: 2\n');
  assert.ok(isSeq(seq) && !seq.flow);
  assert.deepEqual(pairsOf(seq.items[0]).map(([key, value]) => [key, scalarValue(value)]), [['a', 1], ['b', 2]]);

  const [[key, blockSeq]] = pairsOf(onlyDocument('key:\n- x\n- y\n'));
  assert.equal(key, 'key');
  assert.ok(isSeq(blockSeq) && !blockSeq.flow);
  assert.deepEqual(blockSeq.items.map(scalarValue), ['x', 'y']);

  const [[, flowMap]] = pairsOf(onlyDocument('m: {a: 1, b: [x]}\n'));
  assert.deepEqual(pairsOf(flowMap, true).map(([k]) => k), ['a', 'b']);
  assert.equal(describeDifference('m: {a: 1, b, [c]: d}\n'), undefined, 'a key without a value, a collection as a key');
});

test('plain scalars resolve with the YAML 1.2 core schema, as yaml does', () => {
  const cases: Array<[string, unknown]> = [
    ['0o17', 15], ['0x1F', 31], ['1e3', 1000], ['.5', 0.5], ['+1', 1], ['-0', -0], ['-0.0', -0], ['007', 7], ['08', 8],
    ['1_000', '1_000'], ['0o8', '0o8'], ['1,000', '1,000'], ['.inf', Infinity], ['-.inf', -Infinity], ['.NaN', NaN],
    ['1e309', Infinity], ['true', true], ['True', true], ['TRUE', true], ['yes', 'yes'], ['null', null], ['~', null],
    ['Null', null], ['a #b', 'a'], ['a#b', 'a#b'], ['a:b', 'a:b'], ['-x', '-x'], ['--x=1', '--x=1'], [':x', ':x'], ['?x', '?x'],
  ];
  for (const [written, expected] of cases) {
    const [[, value]] = pairsOf(onlyDocument(`v: ${written}\n`));
    assert.ok(Object.is(scalarValue(value), expected), `v: ${written} reads ${String(scalarValue(value))}, not ${String(expected)}`);
  }
});

test('quoted scalars, comments and documents', () => {
  const [[, double], [, single]] = pairsOf(onlyDocument('a: "x\\ty"\nb: \'it\'\'s\'\n'));
  assert.ok(isScalar(double) && isScalar(single));
  assert.deepEqual([double.value, double.type, single.value, single.type], ['x\ty', 'QUOTE_DOUBLE', "it's", 'QUOTE_SINGLE']);

  const [[, commented]] = pairsOf(onlyDocument('a: b # c\n'));
  assert.ok(isScalar(commented));
  assert.deepEqual(commented.range?.slice(0, 2), [3, 4]);

  const text = '---\na: 1\n---\nb: 2\n';
  const docs = parseBlockYaml(text);
  assert.ok(docs, 'two documents are accepted');
  assert.deepEqual(docs.map((doc) => pairsOf(doc)[0][0]), ['a', 'b']);
  assert.equal(describeDifference(text), undefined);
});

test('CRLF line ends are read like LF ones, values and ranges ending before the CR; a lone CR is rejected', () => {
  const text = 'a: 1\r\nb:\r\n  - "x" # c\r\n  -\r\nc: [y, z]\r\n---\r\nd: e';
  const docs = parseBlockYaml(text);
  assert.ok(docs, 'accepted');
  assert.equal(docs.length, 2);
  const [[, one]] = pairsOf(docs[0]);
  assert.ok(isScalar(one));
  assert.deepEqual([one.value, one.range?.slice(0, 2)], [1, [3, 4]]);
  assert.equal(describeDifference(text), undefined, 'the rest as yaml reads it');
  for (const lone of ['a: 1\rb: 2\n', 'a: 1\r', 'a: "x\ry"\n']) assert.equal(parseBlockYaml(lone), undefined, JSON.stringify(lone));
});

test('literal block scalars: | and |- as values and items, with blank and comment-like lines; >, |+ and indicators go to yaml', () => {
  const text = 'my.cnf: |\n  [mysqld]\n\n  max_connections = 500\n  # kept: content, not a comment\n\n# a comment\nkey: |-\n  x\nlist:\n- |\n  y\n';
  const docs = parseBlockYaml(text);
  assert.ok(docs, 'accepted');
  const [[, cnf], [, key]] = pairsOf(docs[0]);
  assert.ok(isScalar(cnf) && isScalar(key));
  assert.deepEqual([cnf.value, cnf.type, key.value], ['[mysqld]\n\nmax_connections = 500\n# kept: content, not a comment\n', 'BLOCK_LITERAL', 'x']);
  assert.deepEqual(cnf.range?.slice(0, 2), [8, text.indexOf('\n\n# a comment') + 1], 'it ends after its last line that is not blank');
  assert.equal(describeDifference(text), undefined);
  for (const other of ['a: >\n  x\n', 'a: |+\n  x\n', 'a: |2\n   x\n', 'a: |\nb: 1\n', 'a: |\n    \n  x\n']) {
    assert.equal(parseBlockYaml(other), undefined, JSON.stringify(other));
  }
});

test('5,000 texts around a block scalar (seed 1): no difference', () => {
  const rng = mulberry32(1);
  const tally = check(Array.from({ length: 5000 }, (_, index) => [`blockScalarText(mulberry32(1)) #${index}`, blockScalarText(rng)] as [string, string]));
  console.log(`block scalar texts: fast parser accepted ${tally.accepted} of ${tally.texts}`);
  assert.ok(tally.failures.length === 0, report(tally));
  assert.ok(tally.accepted > 500, `only ${tally.accepted} accepted: the literal path is not exercised`);
});

test('anchors, aliases, tags, merge keys and texts yaml reports errors in are rejected', () => {
  for (const text of [
    'a: &x 1', 'a: *x', 'a: !!str 1', '<<: {a: 1}', 'a: "unterminated', "a: 'unterminated", 'a: b: c', 'a:\n\t- x', '[1, 2', 'a: 1\rb: 2',
    'a: "\\q"', '%YAML 1@.2\n# an empty stream with an error', 'k'.repeat(1030) + ': 1',
    // yaml counts the line break after an empty value into the next key's 1,024 characters.
    'a:\n' + 'k'.repeat(1024) + ': x\n', '- a:\n  ' + 'k'.repeat(1022) + ': x\n',
  ]) {
    assert.ok(parseBlockYaml(text) === undefined, `accepted ${JSON.stringify(text)}: ${describeDifference(text) ?? 'no difference'}`);
  }
});

// ---------------------------------------------------------------------------------------------
// The harness itself: a parser returning yaml's own tree agrees, and wrong trees are caught.

/** yaml's own document contents, or undefined where it reports an error: the ideal fast parser. */
const yamlMirror: FastParser = (text) => {
  const parsed = parseAllDocuments(text, YAML_OPTIONS);
  const docs = Array.from(parsed as unknown as ArrayLike<{ contents: Node | null; errors: unknown[] }>);
  if ((parsed as { errors?: unknown[] }).errors?.length || docs.some((doc) => doc.errors.length > 0)) return undefined;
  return docs.map((doc) => doc.contents);
};

/** yaml's tree with one thing changed. */
function liar(change: (docs: any[]) => void): FastParser {
  return (text) => {
    const docs = yamlMirror(text)!;
    change(docs);
    return docs;
  };
}

test('the harness: yaml against itself has no difference', () => {
  for (let index = 0; index < 500; index++) {
    const text = generatedText(7, index);
    assert.equal(describeDifference(text, yamlMirror), undefined, JSON.stringify(text));
  }
  for (const text of ['---\n', '--- # c\n', '', '# only\n', 'a: .nan\nb: -0\n<<: {c: 1}\n']) assert.equal(describeDifference(text, yamlMirror), undefined);
});

test('the harness: each kind of difference is found, with its place', () => {
  const text = 'a: 1\nb: [x, 2]\n';
  const cases: Array<[string, FastParser, string]> = [
    [text, liar((d) => (d[0].items[0].value.value = '1')), 'doc 0 .a: value yaml 1 vs fast "1"'],
    [text, liar((d) => (d[0].items[0].value.type = 'QUOTE_DOUBLE')), 'doc 0 .a: scalar type yaml PLAIN vs fast QUOTE_DOUBLE'],
    [text, liar((d) => (d[0].items[1].key.range = [9, 10, 10])), 'doc 0 .b (key): range yaml [5, 6] vs fast [9, 10]'],
    [text, liar((d) => (d[0].items[1].value.flow = false)), 'doc 0 .b: yaml flow seq vs fast block seq'],
    [text, liar((d) => d[0].items[1].value.items.pop()), 'doc 0 .b: yaml has 2 items, fast 1'],
    [text, liar((d) => (d[0].items[1].value.items[1] = d[0].items[0].key)), 'doc 0 .b[1]: value yaml 2 vs fast "a"'],
    [text, liar((d) => (d[0] = d[0].items[0].value)), 'doc 0 (root): yaml block map vs fast scalar 1'],
    [text, liar((d) => d.push(null)), 'yaml has 1 documents, fast 2'],
    ['a: -0', liar((d) => (d[0].items[0].value.value = 0)), 'doc 0 .a: value yaml -0 vs fast 0'],
    ['a: &x 1', liar((d) => delete d[0].items[0].value.anchor), 'doc 0 .a: anchor yaml "x" vs fast undefined'],
    ['~\n', () => [null], 'doc 0 (root): yaml scalar null vs fast null'],
  ];
  for (const [input, parse, expected] of cases) assert.equal(describeDifference(input, parse), expected);
  assert.match(describeDifference('a: "x', () => [])!, /^yaml reports an error \(doc 0, MISSING_CHAR at \d+: .*\) but the fast parser accepted$/);
  assert.match(describeDifference('a: 1', () => { throw new Error('boom'); })!, /^fast parser threw Error: boom/);
  assert.equal(describeDifference('---\n', () => [null]), undefined, 'null stands for an empty document');
  assert.equal(describeDifference('a: &x 1', () => undefined), undefined, 'rejecting is always allowed');
});

// ---------------------------------------------------------------------------------------------
// Differential runs.

test('the repository YAML files: no difference', () => {
  const paths = [
    ...yamlFiles(join(ROOT, 'examples')),
    ...yamlFiles(join(ROOT, 'test')),
    ...yamlFiles(join(ROOT, 'bench/workspaces/.gen'), 400),
  ];
  assert.ok(paths.length > 10, `YAML files found under ${ROOT}`);
  const tally = check(fileInputs(paths));
  console.log(`repository YAML files: fast parser accepted ${tally.accepted} of ${tally.texts}`);
  assert.equal(tally.failures.length, 0, report(tally));
});

test('the fuzzer YAML inputs (seed 1): no difference', () => {
  const PER_READER = 700;
  // The fuzzer's 200-level nestings run to ~40,000 characters and cost yaml ~200 ms each: a few are enough.
  const BIG = 20_000;
  const BIG_PER_READER = 3;
  function* inputs(): Iterable<[string, string]> {
    for (const reader of ['compose', 'kubernetes', 'config'] as const) {
      let big = 0;
      for (let index = 0; index < PER_READER; index++) {
        const { text } = fuzzInput(reader, 1, index);
        if (text.length > BIG && ++big > BIG_PER_READER) continue;
        yield [`fuzzInput('${reader}', 1, ${index}).text`, text];
      }
    }
  }
  const tally = check(inputs());
  console.log(`fuzzer YAML inputs: fast parser accepted ${tally.accepted} of ${tally.texts} (${tally.acceptedErrorFree} of ${tally.errorFree} error-free)`);
  assert.equal(tally.failures.length, 0, report(tally));
});

test('20,000 generated texts (seed 1): no difference', () => {
  const COUNT = 20_000;
  function* inputs(): Iterable<[string, string]> {
    for (let index = 0; index < COUNT; index++) yield [`generatedText(1, ${index})`, generatedText(1, index)];
  }
  const tally = check(inputs());
  console.log(
    `fast parser accepted ${tally.acceptedErrorFree} of ${tally.errorFree} error-free generated texts ` +
      `(${tally.acceptedPlain} of the ${tally.plain} without anchors, aliases, tags, merge keys, block or multi-line scalars, ` +
      `multi-line flow, complex or explicit keys, directives or ... markers)`,
  );
  assert.equal(tally.failures.length, 0, report(tally));
});

test('the fast parser accepts the plain example files and the bench manifest', () => {
  const rejected: string[] = [];
  let plain = 0;
  for (const [label, text] of fileInputs(yamlFiles(join(ROOT, 'examples')))) {
    const result = compare(text);
    if (!result.errorFree || result.outside.length > 0) continue;
    plain++;
    if (!result.accepted) rejected.push(label);
  }
  assert.ok(plain > 0, 'plain example files found');
  assert.deepEqual(rejected, [], `the fast parser rejected ${rejected.length} of ${plain} plain example files`);

  const manifest = compare(bigManifest());
  assert.ok(manifest.errorFree && manifest.outside.length === 0, `the bench manifest is plain YAML (${manifest.outside.join(', ')})`);
  assert.ok(manifest.accepted, 'the fast parser rejected the bench manifest (bigManifest() in bench/generate.ts)');
  assert.equal(manifest.difference, undefined);
});
