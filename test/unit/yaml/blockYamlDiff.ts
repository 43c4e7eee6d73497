// Differential check of the fast block-YAML parser (src-shared/yaml/blockYaml.ts) against `yaml`,
// and a generator of texts around the edge of the fast parser's subset.
//
// The contract: whenever parseBlockYaml accepts a text (returns an array), `yaml` parses it with
// no error into as many documents, each equal node for node: kind, scalar value (Object.is) and
// type, range[0] and range[1], flow style, anchors and tags (none), and the items in order.
// Rejecting (undefined) is always allowed: the caller then falls back to `yaml`.
//
// One relaxation, by default: a block collection's range[1] is compared as YamlDoc.contentEnd
// reads it (the end of its last value), since yaml's also takes in the comments and line breaks
// after it, which the fast parser leaves out on purpose. `{ strictEnds: true }` compares it as is.
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node } from 'yaml';
import { parseBlockYaml } from '../../../src-shared/yaml/blockYaml';
import { mulberry32, type Rng } from '../../fuzz/mutate';

export type FastParser = (text: string) => Array<Node | null> | undefined;

export interface CompareOptions {
  /** Compare block collections' range[1] exactly, not as the end of their last value. */
  strictEnds?: boolean;
}

/** The options src-shared/yaml/yamlTree.ts parses with (not exported there). */
export const YAML_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false } as const;

export interface Comparison {
  /** The fast parser returned documents (or threw, or returned something else: also a difference). */
  accepted: boolean;
  /** yaml parsed every document without an error. */
  errorFree: boolean;
  /** What the text uses beyond the subset, from yaml's tree; only filled in when errorFree. */
  outside: string[];
  /** The first disagreement, with its place: `doc 0 .spec.replicas: value yaml 3 vs fast "3"`. */
  difference?: string;
  /** The difference without its place and literals, to group and minimize by. */
  kind?: string;
}

/** The first difference between the two parsers on `text`, or undefined when they agree or the fast one rejected it. */
export function describeDifference(text: string, parse: FastParser = parseBlockYaml, options: CompareOptions = {}): string | undefined {
  return compare(text, parse, options).difference;
}

/** Both parsers on `text`; yaml always runs, so rejected texts are counted too. */
export function compare(text: string, parse: FastParser = parseBlockYaml, options: CompareOptions = {}): Comparison {
  let docs: YamlDocument[];
  let yamlError: string | undefined;
  let errorCode: string | undefined;
  try {
    ({ docs, error: yamlError, code: errorCode } = parseWithYaml(text));
  } catch (error) {
    docs = [];
    yamlError = `yaml threw ${String(error)}`;
    errorCode = 'THROW';
  }
  const errorFree = yamlError === undefined;
  const outside = errorFree ? outsideSubset(text, docs) : [];

  let fast: unknown;
  try {
    fast = parse(text);
  } catch (error) {
    return found({ accepted: true, errorFree, outside }, undefined, `fast parser threw ${(error as Error)?.stack ?? String(error)}`, 'fast parser threw');
  }
  const result: Comparison = { accepted: fast !== undefined, errorFree, outside };
  if (fast === undefined) return result;
  if (!Array.isArray(fast)) return found(result, undefined, `fast parser returned ${describe(fast)}, not an array or undefined`);
  if (yamlError !== undefined) {
    return found(result, undefined, `yaml reports an error (${yamlError}) but the fast parser accepted`, `yaml reports ${errorCode} but the fast parser accepted`);
  }
  for (let i = 0; i < Math.min(docs.length, fast.length); i++) {
    const difference = compareDocument(docs[i].contents, fast[i], options);
    if (difference) return found(result, `doc ${i} ${difference.path || '(root)'}`, difference.message);
  }
  if (docs.length !== fast.length) return found(result, undefined, `yaml has ${docs.length} documents, fast ${fast.length}`);
  return result;
}

function found(result: Comparison, place: string | undefined, message: string, kind?: string): Comparison {
  result.difference = place ? `${place}: ${message}` : message;
  result.kind = kind ?? normalize(message);
  return result;
}

/** Literals and positions out, so `range [3, 4] vs [3, 5]` at two places counts as one kind. */
function normalize(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/-?\d+(\.\d+)?/g, 'N');
}

interface YamlError {
  code: string;
  message: string;
  pos: [number, number];
}

interface YamlDocument {
  contents: unknown;
  errors: YamlError[];
}

/** yaml's documents, and its first error (of the stream, or of any document) in a line. */
function parseWithYaml(text: string): { docs: YamlDocument[]; error?: string; code?: string } {
  const parsed = parseAllDocuments(text, YAML_OPTIONS);
  const docs = Array.from(parsed as unknown as ArrayLike<YamlDocument>);
  // An empty stream carries its own errors; a stream of documents has them per document.
  const streamError = (parsed as { errors?: YamlError[] }).errors?.[0];
  const index = docs.findIndex((doc) => doc.errors.length > 0);
  const first = streamError ?? docs[index]?.errors[0];
  if (!first) return { docs };
  const where = streamError ? '' : `doc ${index}, `;
  return { docs, error: `${where}${first.code} at ${first.pos[0]}: ${first.message.split('\n')[0]}`, code: first.code };
}

interface NodeLike {
  value?: unknown;
  type?: string;
  range?: unknown;
  flow?: boolean;
  items?: unknown[];
  anchor?: string;
  tag?: string;
  source?: string;
  key?: unknown;
}

type Kind = 'null' | 'undefined' | 'map' | 'seq' | 'scalar' | 'alias' | 'pair' | 'other';

function kindOf(node: unknown): Kind {
  if (node === null) return 'null';
  if (node === undefined) return 'undefined';
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  if (isScalar(node)) return 'scalar';
  if (isAlias(node)) return 'alias';
  if (isPair(node)) return 'pair';
  return 'other';
}

function describe(node: unknown): string {
  const kind = kindOf(node);
  const n = node as NodeLike;
  switch (kind) {
    case 'scalar':
      return `scalar ${show(n.value)}`;
    case 'map':
    case 'seq':
      return `${n.flow ? 'flow' : 'block'} ${kind}`;
    case 'alias':
      return `alias *${n.source}`;
    case 'other':
      return `${typeof node} ${show(node)}`;
    default:
      return kind;
  }
}

/** A value as it reads in a report: strings quoted, -0 kept, symbols named. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'symbol' || typeof value === 'bigint') return value.toString();
  if (value && typeof value === 'object') return `{${Object.keys(value).slice(0, 6).join(', ')}}`;
  return String(value);
}

/** Where a pair's value sits: `.name` for plain identifiers, `."a b"` or `.1` for other scalars. */
function keyLabel(key: unknown, index: number): string {
  if (!isScalar(key)) return `.<pair ${index}>`;
  const value = (key as NodeLike).value;
  return typeof value === 'string' && /^[A-Za-z_$][\w$-]*$/.test(value) ? `.${value}` : `.${show(value)}`;
}

interface Difference {
  path: string;
  message: string;
}

function compareDocument(yamlContents: unknown, fastContents: unknown, options: CompareOptions): Difference | undefined {
  // The fast parser gives null for an empty document, where yaml gives an empty null scalar.
  if (fastContents === null && isScalar(yamlContents)) {
    const n = yamlContents as NodeLike & { range: number[] };
    if (n.value === null && n.range[0] === n.range[1] && !n.anchor && !n.tag) return undefined;
  }
  return compareNode(yamlContents, fastContents, '', options);
}

/** YamlDoc.contentEnd: a block collection ends where its last value (or key, when it has none) ends. */
function contentEnd(node: unknown): number | undefined {
  const n = node as NodeLike | null;
  if (!n || !Array.isArray(n.range)) return undefined;
  if (!(isMap(n) || isSeq(n)) || n.flow || !n.items?.length) return n.range[1];
  const last = n.items[n.items.length - 1] as NodeLike;
  return contentEnd(isPair(last) ? ((last as { value?: unknown }).value ?? last.key) : last);
}

/** Object.is, except that yaml makes a new Symbol('<<') for each merge key it reads. */
function sameValue(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || (typeof a === 'symbol' && typeof b === 'symbol' && a.description === b.description);
}

function compareNode(a: unknown, b: unknown, path: string, options: CompareOptions): Difference | undefined {
  const at = (message: string) => ({ path, message });
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return at(`yaml ${describe(a)} vs fast ${describe(b)}`);
  if (kind === 'null' || kind === 'undefined') return undefined;
  const x = a as NodeLike;
  const y = b as NodeLike;
  if (kind === 'scalar') {
    if (!sameValue(x.value, y.value)) return at(`value yaml ${show(x.value)} vs fast ${show(y.value)}`);
    if (x.type !== y.type) return at(`scalar type yaml ${x.type} vs fast ${y.type}`);
  }
  if (kind === 'alias' && x.source !== y.source) return at(`alias yaml *${x.source} vs fast *${y.source}`);
  const range = x.range as number[];
  if (!Array.isArray(y.range)) return at(`range yaml [${range[0]}, ${range[1]}] vs fast ${show(y.range)}`);
  if (y.range[0] !== range[0]) return at(`range yaml [${range[0]}, ${range[1]}] vs fast [${y.range[0]}, ${y.range[1]}]`);
  // The fast parser has no anchors or tags: yaml finding one means the fast tree lost it.
  for (const prop of ['anchor', 'tag'] as const) {
    if ((x[prop] ?? undefined) !== (y[prop] ?? undefined)) return at(`${prop} yaml ${show(x[prop])} vs fast ${show(y[prop])}`);
  }
  if (kind === 'map' || kind === 'seq') {
    if (!!x.flow !== !!y.flow) return at(`yaml ${describe(a)} vs fast ${describe(b)}`);
    const difference = compareItems(kind, x.items!, y.items, path, options);
    if (difference) return difference;
  }
  // A collection's end last: when it differs, a difference inside it is the likelier cause.
  const relaxed = !options.strictEnds && (kind === 'map' || kind === 'seq') && !x.flow;
  const [end, fastEnd] = relaxed ? [contentEnd(x), contentEnd(y)] : [range[1], y.range[1]];
  if (fastEnd !== end) return at(`range yaml [${range[0]}, ${end}] vs fast [${y.range[0]}, ${fastEnd}]${relaxed ? ' (to the end of the last value)' : ''}`);
  return undefined;
}

function compareItems(kind: 'map' | 'seq', xs: unknown[], ys: unknown, path: string, options: CompareOptions): Difference | undefined {
  if (!Array.isArray(ys)) return { path, message: `fast ${kind} has items ${show(ys)}` };
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    if (kind === 'seq') {
      const difference = compareNode(xs[i], ys[i], `${path}[${i}]`, options);
      if (difference) return difference;
      continue;
    }
    const p = xs[i] as { key: unknown; value: unknown };
    const q = ys[i] as { key: unknown; value: unknown };
    const label = `${path}${keyLabel(p.key, i)}`;
    if (!isPair(q)) return { path: label, message: `fast map item is ${describe(q)}, not a pair` };
    const difference = compareNode(p.key, q.key, `${label} (key)`, options) ?? compareNode(p.value, q.value, label, options);
    if (difference) return difference;
  }
  if (xs.length !== ys.length) return { path, message: `yaml has ${xs.length} ${kind === 'map' ? 'pairs' : 'items'}, fast ${ys.length}` };
  return undefined;
}

/**
 * What an error-free text uses beyond the fast parser's subset (block collections, one-line
 * scalars and flow collections, comments, `---`), read from yaml's tree plus two line patterns.
 */
function outsideSubset(text: string, docs: YamlDocument[]): string[] {
  const found = new Set<string>();
  if (/^%/m.test(text)) found.add('directive');
  if (/^\.\.\.(?:[ \t\r]|$)/m.test(text)) found.add('document end marker');
  const multiLine = (n: NodeLike) => {
    const range = n.range as number[];
    return /[\r\n]/.test(text.slice(range[0], range[1]));
  };
  const walk = (node: unknown) => {
    if (!node) return;
    if (isAlias(node)) return void found.add('alias');
    const n = node as NodeLike;
    if (n.anchor) found.add('anchor');
    if (n.tag) found.add('tag');
    if (isScalar(node)) {
      if (typeof n.value === 'symbol') found.add('merge key');
      if (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') found.add('block scalar');
      else if (multiLine(n)) found.add('multi-line scalar');
      return;
    }
    if (n.flow && multiLine(n)) found.add('multi-line flow collection');
    for (const item of n.items ?? []) {
      if (!isPair(item)) {
        walk(item);
        continue;
      }
      const key = item.key as NodeLike | null;
      if (key && !isScalar(key) && !isAlias(key)) found.add('collection key');
      if (key && isScalar(key) && explicitKey(text, (key.range as number[])[0])) found.add('explicit key');
      walk(key);
      walk(item.value);
    }
  };
  for (const doc of docs) walk(doc.contents);
  return [...found];
}

/** Whether a `?` indicator comes just before `at` on its line. */
function explicitKey(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return text[i] === '?';
}

/**
 * The shortest text found by deleting lines, then single characters, while `fails` stays true:
 * a greedy reduction, good enough to read a failure at a glance.
 */
export function minimize(text: string, fails: (text: string) => boolean, budget = 4000): string {
  let best = text;
  const attempt = (candidate: string) => {
    if (budget-- <= 0 || candidate === best || !fails(candidate)) return false;
    best = candidate;
    return true;
  };
  for (let changed = true; changed && budget > 0; ) {
    changed = false;
    const lines = best.split('\n');
    for (let i = lines.length - 1; i >= 0 && budget > 0; i--) {
      if (attempt([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'))) {
        lines.splice(i, 1);
        changed = true;
      }
    }
    for (let i = best.length - 1; i >= 0 && budget > 0; i--) {
      if (i < best.length && attempt(best.slice(0, i) + best.slice(i + 1))) changed = true;
    }
  }
  return best;
}

/** A difference of the same kind on a smaller text, for reports. */
export function minimizedFailure(text: string, parse: FastParser = parseBlockYaml, options: CompareOptions = {}): string {
  const kind = compare(text, parse, options).kind;
  if (kind === undefined) return text;
  return minimize(text, (candidate) => compare(candidate, parse, options).kind === kind);
}

// ---------------------------------------------------------------------------------------------
// The generator. Every text is a block structure the subset covers, seasoned with what is just
// inside its edge (odd-looking plain scalars, quoting, numbers of every notation, comments,
// empty values, markers) and, at a rate set per text, with what is just outside it (anchors,
// tags, block scalars, multi-line scalars, bad indentation, tabs, stray indicators).

interface Gen {
  rng: Rng;
  /** The chance, at each choice, of something outside the subset or invalid. */
  wild: number;
  /** The usual indentation step of this text. */
  step: number;
}

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, list: readonly T[]): T => list[int(rng, list.length)];
const odd = (g: Gen) => g.rng() < g.wild;

/** One-line plain scalars yaml reads in block context: strings, numbers, booleans and nulls of every spelling. */
const PLAIN = [
  'a', 'b', 'value', 'hello world', 'mysql', 'node:20', 'mysql:8.0', 'a:b', 'a #b', 'a#b', 'a# b', '-x', '--x=1', ':x', '?x', 'x?',
  '0o17', '0O17', '0x1F', '0X1f', '0o8', '0b101', '1e3', '1E3', '1e+3', '1.5e-3', '.5', '-.5', '+.5', '5.', '+1', '-1', '-0', '+0',
  '0', '007', '08', '1_000', '1,000', '12:30', '1.0', '-0.0', '0.0', '.inf', '-.inf', '+.inf', '.Inf', '.INF', '.NaN', '.nan',
  '.NAN', 'NaN', 'inf', 'Infinity', '1e309', '-1e309', '9007199254740993', '123456789012345678901234567890', 'true', 'True',
  'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'no', 'on', 'off', 'y', 'n', 'null', 'Null', 'NULL', 'nULL', '~', 'a[b]',
  'a{b}', 'a,b', 'a]', 'a}', 'a, b', 'x[0]', '${VAR}', '${VAR:-5}', '$VAR', 'http://example.com:8080/x?y=1#z', 'a - b', '-',
  '--', '---x', '...x', '----', "it's", 'say "hi"', 'a "b', "a 'b", 'a%b', 'a|b', 'a>b', '1:2:3', '0x', '0o', '1__0', '1e',
  '.', '..', '+', '=', '<<x', 'é', 'ü', '日本', 'a\u00a0b', 'a  b', 'a\tb', '1.5G', '512Mi', '250m', '25%', '-1 ', '+0x1F', '-0x1F',
  '-0o17', '.5e3', '1.e3', '1_0.5', '0e0', '-0e0', '.iNf', '+.Nan', '-.nan', 'TrUe', 'NuLl', '0x_1', '1e-3', '\uD800x', '\u{1F600}', ];
/** Plain-looking values yaml rejects, or reads as more than a one-line scalar. */
const PLAIN_ODD = [
  '@x', '`x', '!x', '&x', '*x', '|x', '>x', '%x', 'x:', 'x: y', 'a: b: c', '- x', '? x', ': x', '[a', 'a]]', '{a', '}', ']',
  '#x', '"', "'", '|', '>', '!', '&', '*', '<<', '\u0000', '\u0085x', 'a\u2028b', '\uFEFFx', '\u001bx',
];
/** One-line quoted scalars yaml reads, escapes of every kind. */
const QUOTED = [
  "''", '""', "'a'", "'a''b'", "''''", "'a\"b'", "'a\\b'", "' a '", "'#x'", "'a # b'", "'a: b'", "'é'", '"a"', '"a\\"b"',
  '"a\\\\b"', '"a\\nb"', '"\\t"', '"\\x41"', '"\\u00e9"', '"\\U0001F600"', '"\\/"', '"\\ "', '"\\0"', '"\\a\\b\\e\\f\\r\\v"',
  '"\\N\\_\\L\\P"', '"a # b"', '"[1, 2]"', '"{a: 1}"', '"\t"', '"é"', '"3"', "'3'", '"true"', "'null'", '"-0"', '"a\'b"',
  '"\\uD83D\\uDE00"', '"a\\tb"', '" lead"', '"trail "',
];
/** Quoted scalars yaml rejects or continues past the line. */
const QUOTED_ODD = [
  '"\\q"', '"\\x4"', '"\\u12"', '"\\uD800"', '"\\"', '"unterminated', "'unterminated", '"a" b', "'a'b'", '"a"#c', "'a'#c",
  '"a"x', '"\\U00110000"', "'a'''",
];
/** Scalars inside flow collections, where `,[]{}` end a plain scalar. */
const FLOW_SCALARS = [
  'a', 'b c', '1', '-1', '0x1F', '.5', '-0', 'true', 'null', '~', '-x', 'a:b', 'a#b', 'x y z', '"x, y"', "'a]'", '"}"',
  '"a\\"b"', "'it''s'", '""', "''", '1e3', '.inf', 'yes', 'é',
];
const FLOW_ODD = ['a #b', '[', '{', ',', 'a]', '&x a', '*x', '!!str a', '"x', '@', '- a', '? a', 'a: b: c'];
const KEYS = [
  'a', 'b', 'c', 'name', 'image', 'replicas', 'spec', 'env', 'value', 'connectionLimit', 'x-y', 'a b', 'a.b', 'a/b', 'A_B', '1',
  '2', '0x1F', '-1', '1.5', 'true', 'null', '~', 'yes', '-x', 'a#b', 'a:b', '?x', 'é', '"a"', "'b'", '"a: b"', "'a # b'",
  '"quoted key"', '""', "''", '"\\t"', 'key with  spaces', 'APP_DATABASE__CONNECTIONLIMIT', '.', '...x', '---x',
];
const KEYS_ODD = [
  '[a, b]', '{a: 1}', '[]', '? a', '&k a', '!!str a', '*k ', '<<', '-', '#a', '"unterminated', '- a', ':', 'a:', '@a', '%a', '|',
  '"a"x', 'a\t', '---', '...',
];
const ANCHORED = ['&a value', '&a 1', '&b', '*a', '*b', '*missing', '!!str 1', '!!int "3"', '!!float 1', '!custom x', '! x', '!<tag:x> y', '!!map {}', '!!seq []', '&a [1, 2]', '&a {b: 1}', '&a !!int 3'];

function word(g: Gen): string {
  return pick(g.rng, ['a', 'b', 'x', 'foo', 'bar', 'baz', 'db', 'api', 'é']);
}

function number(g: Gen): string {
  const rng = g.rng;
  const magnitude = pick(rng, [1, 10, 1000, 1e6, 1e15, 1e20]);
  const n = rng() < 0.6 ? Math.floor(rng() * magnitude) : rng() * magnitude;
  const sign = pick(rng, ['', '', '', '-', '+']);
  return sign + pick(rng, [String(n), n.toExponential(int(rng, 4)), String(Math.floor(n)), `0x${Math.floor(n).toString(16)}`, `0o${Math.floor(n).toString(8)}`]);
}

/** A scalar on the rest of a line at `indent`; sometimes (wild) it runs on to more lines. */
function scalar(g: Gen, indent: number): string {
  const rng = g.rng;
  if (odd(g)) {
    const more = ' '.repeat(Math.max(0, indent + int(rng, 4) - 1));
    return pick(rng, [
      () => pick(rng, PLAIN_ODD),
      () => pick(rng, QUOTED_ODD),
      () => pick(rng, ANCHORED),
      () => `${word(g)}\n${more}${word(g)}`,
      () => `"${word(g)}\n${more}${word(g)}"`,
      () => `'${word(g)}\n\n${more}${word(g)}'`,
      () => `${word(g)} #\n${more}${word(g)}`,
    ])();
  }
  const r = rng();
  if (r < 0.45) return pick(rng, PLAIN);
  if (r < 0.6) return number(g);
  if (r < 0.85) return pick(rng, QUOTED);
  return Array.from({ length: 1 + int(rng, 4) }, () => word(g)).join(pick(rng, [' ', ' ', '  ', '-', ':']));
}

/** What may follow a value on its line. */
function comment(g: Gen): string {
  const rng = g.rng;
  const r = rng();
  if (r < 0.8) return '';
  if (r < 0.95) return pick(rng, [' # c', '  # a comment', ' #', ' #: x', ' # - y', ' ## x', ' # "q']);
  return pick(rng, ['#c', '#c', '#c', '\t# c', ' #\tc']);
}

/** After `key:` when a value follows on the line. */
function separator(g: Gen): string {
  const r = g.rng();
  // Rarely none: `a:1` is one plain scalar, `"a":1` a pair.
  return r < 0.9 ? ' ' : r < 0.98 ? '  ' : r < 0.99 ? '' : '\t';
}

/** The indentation step of a nested block: mostly the text's own, sometimes another. */
function step(g: Gen): number {
  return g.rng() < 0.85 ? g.step : pick(g.rng, [1, 2, 3, 4, 8]);
}

function flowCollection(g: Gen, depth: number, indent: number): string {
  const rng = g.rng;
  if (depth >= 3 || rng() < 0.25) return odd(g) ? pick(rng, FLOW_ODD) : pick(rng, FLOW_SCALARS);
  if (rng() < 0.1) return pick(rng, ['[]', '{}', '[ ]', '{ }']);
  const map = rng() < 0.45;
  const pair = () => {
    const key = pick(rng, FLOW_SCALARS);
    return pick(rng, [
      () => `${key}: ${flowCollection(g, depth + 1, indent)}`,
      () => `${key}: ${flowCollection(g, depth + 1, indent)}`,
      () => key,
      () => `${key}:`,
      () => `"${word(g)}":${pick(rng, FLOW_SCALARS)}`,
      () => `${word(g)}:${word(g)}`,
    ])();
  };
  const items = Array.from({ length: 1 + int(rng, 4) }, () => (map || rng() < 0.1 ? pair() : flowCollection(g, depth + 1, indent)));
  const wrap = () => `\n${' '.repeat(indent + int(rng, 4))}`;
  const sep = () => (odd(g) ? pick(rng, [`,${wrap()}`, ` # c${wrap()}`, ',,', '', ' ,']) : pick(rng, [', ', ', ', ',', ' , ', ',  ']));
  const pad = rng() < 0.3 ? ' ' : '';
  let body = items[0];
  for (const item of items.slice(1)) body += sep() + item;
  const trailing = rng() < 0.15 ? ',' : '';
  const [open, close] = map ? ['{', '}'] : ['[', ']'];
  const text = `${open}${pad}${body}${trailing}${pad}${close}`;
  return odd(g) ? pick(rng, [text.slice(0, -1), `${text}${close}`, `${text} x`, `${open},${close}`, `${text}${wrap()}`]) : text;
}

/** A value on the line of its key or dash. */
function inlineValue(g: Gen, indent: number, depth: number): string {
  return g.rng() < 0.8 ? scalar(g, indent) : flowCollection(g, depth, indent);
}

/** `head` (a key with its colon, or a dash) followed by a block scalar indented under `indent`. */
function blockScalar(g: Gen, head: string, indent: number): string[] {
  const rng = g.rng;
  const header = odd(g)
    ? pick(rng, ['|0', '|10', '|x', '|#c', '|--', '| x', '>+-', '|2-2'])
    : pick(rng, ['|', '|-', '|+', '>', '>-', '>+', '|2', '|1-', '>2+', '|-2', '| # c', '>\t', '|  ']);
  const explicit = /\d/.exec(header);
  const base = indent + (explicit ? Number(explicit[0]) : step(g));
  const lines = [`${head} ${header}`];
  for (let n = int(rng, 4); n > 0; n--) {
    const extra = odd(g) ? int(rng, 5) - 2 : rng() < 0.2 ? 2 : 0;
    const content = pick(rng, ['line', 'more text', '# not a comment', 'a: b', '- x', '', '"q"', '\ttab', 'trailing  ']);
    lines.push(content === '' ? pick(rng, ['', ' '.repeat(base + 1)]) : ' '.repeat(Math.max(0, base + extra)) + content);
  }
  return lines;
}

/** Lines of a block node whose first line is at `indent`, put after a `- ` on that first line. */
function compact(lines: string[], indent: number, dashAt: number, gap: string): string[] {
  return [`${' '.repeat(dashAt)}-${gap}${lines[0].slice(indent)}`, ...lines.slice(1)];
}

// Small texts: yaml takes ~3 µs a character, and the unit test runs 20,000 of them.
const MAX_DEPTH = 3;

function mapKey(g: Gen): string {
  const rng = g.rng;
  // Rare, as they are slow to parse: long keys around yaml's limit of 1024 characters for implicit keys.
  if (rng() < 0.004) return 'k'.repeat(pick(rng, [200, 1021, 1022, 1023, 1024, 1030]));
  if (odd(g)) return pick(rng, KEYS_ODD);
  // A few keys often, so duplicates happen.
  return rng() < 0.3 ? pick(rng, ['a', 'b', 'c']) : pick(rng, KEYS);
}

function blockMap(g: Gen, indent: number, depth: number): string[] {
  const rng = g.rng;
  const lines: string[] = [];
  for (let n = 1 + int(rng, depth === 0 ? 4 : 3); n > 0; n--) {
    const pad = ' '.repeat(indent);
    const head = `${pad}${mapKey(g)}${rng() < 0.04 ? ' ' : ''}:`;
    const r = rng();
    if (odd(g)) {
      lines.push(...pick(rng, [
        () => [`${pad}<<: ${pick(rng, ['*a', '[*a, *b]', '{m: 1}', '*missing'])}`],
        () => [`${head} ${pick(rng, ['&a', '!!map', '&a !!map'])}`, ...blockMap(g, indent + step(g), depth + 1)],
        () => [`${pad}? ${word(g)}`, `${pad}: ${word(g)}`],
        () => [`${head}`, `${pad}${' '.repeat(step(g))}${pick(rng, PLAIN)}`],
        () => [`${head} ${word(g)}`, ...blockMap(g, indent + step(g), depth + 1)],
        () => [`${head}`, ...blockMap(g, Math.max(0, indent + pick(rng, [-1, 0])), depth + 1)],
      ])());
    } else if (depth >= MAX_DEPTH || r < 0.45) lines.push(`${head}${separator(g)}${inlineValue(g, indent, depth)}${comment(g)}`);
    else if (r < 0.6) lines.push(`${head}${comment(g)}`, ...blockMap(g, indent + step(g), depth + 1));
    // A sequence under a key sits at the key's own indentation as often as deeper.
    else if (r < 0.72) lines.push(`${head}${comment(g)}`, ...blockSeq(g, rng() < 0.5 ? indent : indent + step(g), depth + 1));
    else if (r < 0.82) lines.push(`${head}${separator(g)}${flowCollection(g, depth, indent)}${comment(g)}`);
    else if (r < 0.96) lines.push(`${head}${comment(g)}`);
    else lines.push(...blockScalar(g, head, indent));
  }
  return lines;
}

function blockSeq(g: Gen, indent: number, depth: number): string[] {
  const rng = g.rng;
  const lines: string[] = [];
  for (let n = 1 + int(rng, 3); n > 0; n--) {
    const pad = ' '.repeat(indent);
    const gap = odd(g) ? pick(rng, ['\t', '', '  \t']) : ' '.repeat(rng() < 0.85 ? 1 : 2 + int(rng, 2));
    const inner = indent + 1 + gap.length;
    const r = depth >= MAX_DEPTH ? 0 : rng();
    if (r < 0.45) lines.push(`${pad}-${gap}${inlineValue(g, indent + 2, depth)}${comment(g)}`);
    else if (r < 0.65) lines.push(...compact(blockMap(g, inner, depth + 1), inner, indent, gap));
    else if (r < 0.72) lines.push(...compact(blockSeq(g, inner, depth + 1), inner, indent, gap));
    else if (r < 0.82) {
      const nested = indent + Math.max(1, step(g));
      lines.push(`${pad}-${comment(g)}`, ...(rng() < 0.6 ? blockMap(g, nested, depth + 1) : blockSeq(g, nested, depth + 1)));
    } else if (r < 0.88) lines.push(`${pad}-${comment(g)}`);
    else if (r < 0.97) lines.push(`${pad}-${gap}${flowCollection(g, depth, indent)}${comment(g)}`);
    else lines.push(...blockScalar(g, `${pad}-`, indent));
  }
  return lines;
}

/** The lines of one document's body; sometimes (wild) indented as a whole. */
function documentBody(g: Gen): string[] {
  const rng = g.rng;
  const indent = odd(g) ? 1 + int(rng, 2) : 0;
  const r = rng();
  if (r < 0.6) return blockMap(g, indent, 0);
  if (r < 0.8) return blockSeq(g, indent, 0);
  if (r < 0.85) return [`${' '.repeat(indent)}${scalar(g, indent)}${comment(g)}`];
  if (r < 0.9) return [`${' '.repeat(indent)}${flowCollection(g, 0, indent)}${comment(g)}`];
  return rng() < 0.5 ? [] : ['# only a comment'];
}

/** A `---` line, sometimes with a comment or (wild) content after it, or something that only looks like one. */
function documentStart(g: Gen): string {
  const rng = g.rng;
  if (odd(g)) return pick(rng, ['--- a', '--- {a: 1}', '--- [1]', '--- "x"', '---a', '----', '--- a: 1', '--- |', '--- &a', '--- !!map', '---\t']);
  return pick(rng, ['---', '---', '---', '--- ', '--- # c', '---  #c']);
}

/** Line-level changes: the benign ones at any wildness, the breaking ones in proportion to it. */
function perturb(g: Gen, text: string): string {
  const rng = g.rng;
  const lines = text.split('\n');
  const at = () => int(rng, lines.length + 1);
  const indentOf = (line: string | undefined) => /^ */.exec(line ?? '')![0].length;
  if (rng() < 0.3) for (let n = 1 + int(rng, 3); n > 0; n--) lines.splice(at(), 0, pick(rng, ['', '', '  ', '    ', rng() < 0.2 ? '\t' : '']));
  if (rng() < 0.3) {
    for (let n = 1 + int(rng, 2); n > 0; n--) {
      const i = at();
      lines.splice(i, 0, `${' '.repeat(rng() < 0.7 ? indentOf(lines[i]) : int(rng, 6))}# note${rng() < 0.3 ? ': x' : ''}`);
    }
  }
  if (rng() < 0.1) {
    const i = int(rng, lines.length);
    if (lines[i]) lines[i] += pick(rng, [' ', '  ', ' ', rng() < 0.3 ? '\t' : '   ']);
  }
  if (g.wild > 0) {
    for (let n = rng() < g.wild * 4 ? 1 + int(rng, 3) : 0; n > 0; n--) {
      if (lines.length === 0) break;
      const i = int(rng, lines.length);
      const line = lines[i];
      pick(rng, [
        () => (lines[i] = ` ${line}`),
        () => (lines[i] = line.replace(/^ /, '')),
        () => (lines[i] = line.replace(/^ /, '\t')),
        () => (lines[i] = `\t${line}`),
        () => {
          const c = int(rng, line.length + 1);
          const token = pick(rng, [':', ': ', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '!', '|', '>', '?', '\t', '  ', '\r', '\u00a0', '\uFEFF', '\u2028', '\u0085', '@', '`', '%']);
          lines[i] = line.slice(0, c) + token + line.slice(c);
        },
        () => {
          const c = int(rng, line.length);
          lines[i] = line.slice(0, c) + line.slice(c + 1);
        },
        () => lines.splice(i, 0, line),
        () => lines.splice(i, 1),
        () => lines.splice(i + 1, lines.length),
      ])();
    }
  }
  let result = lines.join('\n');
  const end = rng();
  if (end < 0.15) result = result.replace(/\n+$/, '');
  else if (end < 0.2) result += '\n\n';
  if (rng() < 0.06) result = result.replace(/\n/g, '\r\n');
  else if (odd(g) && rng() < 0.3) result = result.replace(/\n/g, () => pick(rng, ['\n', '\r\n', '\r']));
  if (rng() < 0.03) result = `\uFEFF${result}`;
  return result;
}

/**
 * A YAML-like text: mostly block YAML of the subset's shape, with edge cases of content, and
 * in two texts of five (at two rates) constructs beyond the subset and breaking edits.
 */
export function yamlLikeText(rng: Rng): string {
  const mode = rng();
  const g: Gen = { rng, wild: mode < 0.4 ? 0 : mode < 0.75 ? 0.04 : 0.2, step: pick(rng, [2, 2, 2, 4, 1, 3]) };
  const lines: string[] = [];
  if (odd(g)) lines.push(pick(rng, ['%YAML 1.2', '%YAML 1.1', '%TAG !e! tag:e.com,2000:', '%FOO bar', '%YAML 1.2\n%YAML 1.2']), ...(rng() < 0.8 ? ['---'] : []));
  const documents = rng() < 0.8 ? 1 : 2 + int(rng, 2);
  for (let d = 0; d < documents; d++) {
    if (d > 0 || rng() < 0.2) lines.push(documentStart(g));
    if (!/^---\s*[^\s#]/.test(lines[lines.length - 1] ?? '')) lines.push(...documentBody(g));
    if (odd(g)) lines.push(pick(rng, ['...', '... # c', '...x']));
  }
  return perturb(g, `${lines.join('\n')}\n`);
}

/** Generated text `index` of `seed`: each can be regenerated from the two numbers alone. */
export function generatedText(seed: number, index: number): string {
  return yamlLikeText(mulberry32(Math.imul(seed ^ 0x5bd1e995, 0x01000193) ^ Math.imul(index + 1, 0x9e3779b1)));
}

/**
 * A text around one block scalar: its header (`|`, `|-`, and what the reader leaves to `yaml`),
 * content lines at and beyond its indentation, blank and comment lines, and what follows it.
 */
export function blockScalarText(rng: Rng): string {
  const eol = rng() < 0.2 ? '\r\n' : '\n';
  const base = pick(rng, [0, 2]);
  const lines: string[] = base ? ['root:'] : [];
  lines.push(' '.repeat(base) + pick(rng, ['a: ', '- ', '- k: ', 'a:  ']) + pick(rng, ['|', '|-', '|+', '| # c', '|  ', '|2', '>', '|#x', '|-  # c']));
  const indent = base + pick(rng, [1, 2, 2, 4]);
  for (let line = 0, count = 1 + int(rng, 4); line < count; line++) {
    const r = rng();
    if (r < 0.15) lines.push(' '.repeat(int(rng, indent + 3)));
    else if (r < 0.25) lines.push(`${' '.repeat(indent)}# text`);
    else if (r < 0.3) lines.push(`${' '.repeat(int(rng, indent))}# less`);
    else lines.push(' '.repeat(indent + (rng() < 0.2 ? int(rng, 3) : 0)) + pick(rng, ['x', 'max_connections = 500', '- y', 'k: v', '  z ', '[mysqld]']));
  }
  if (rng() < 0.5) lines.push(' '.repeat(int(rng, indent + 2)));
  if (rng() < 0.7) lines.push(' '.repeat(base) + pick(rng, ['b: 1', '- c', '# end', '---', 'c: |', '  d: 2']));
  const text = lines.join(eol);
  return rng() < 0.8 ? text + eol : text;
}
