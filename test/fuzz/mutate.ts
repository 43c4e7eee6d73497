// Deterministic mutations of the seed files. Input `index` of reader R under seed S is a pure
// function of (S, R, index), so any input can be regenerated from the three numbers alone.
import { targetsOf, type ReaderName, type Target } from './corpus';
import type { Settings } from '../../src-shared/types';

export type Rng = () => number;

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a string: the per-input seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, list: readonly T[]): T => list[int(rng, list.length)];

const YAML_TOKENS = [
  ':', ': ', '[', ']', '{', '}', ',', '&a ', '*a', '!!int ', '!!str ', '!!map ', '!!seq ', '!!float ', '!custom ',
  '${', '${X:-', '${X-', '$X', '$$', '}', '"', "'", '---\n', '...\n', '# comment', ' #', '<<: *a\n', '<<: [*a, *a]\n',
  '- ', '? ', '|\n', '>-\n', '%YAML 1.2\n---\n', '%TAG ! tag:x,2000:\n', '@', '`', '\n', '  ', '\t', '~', 'null',
  'true', 'yes', '0x1F', '0o17', '1e309', '.inf', '-.inf', '.nan', '-1', '0', '1', '&a [1, 2]', '&a {b: 1}', 'key: *a\n',
];
const TS_TOKENS = [
  '(', ')', '{', '}', '[', ']', ';', ',', '.', '?.', '??', '||', '&&', '+', '-', '!', '=>', '`', '${', '"', "'", '/*',
  '*/', '//', '\n', 'process.env.', 'process.env.DB_POOL_SIZE', 'Number(', 'parseInt(', 'Math.max(', 'Math.floor(',
  'os.cpus().length', 'cluster.fork()', 'cluster.isPrimary', 'createPool(', 'mysql.createPool({ connectionLimit: 1 })',
  'require("mysql2")', 'import mysql from "mysql2";\n', 'import * as cluster from "cluster";\n', 'connectionLimit: ',
  '...', '...config.database', 'await ', 'new ', 'function ', 'class ', '<T>', ' as any', '#x', '@dec ', 'const a = a;\n',
  'let x = y, y = x;\n', 'config.get("database.connectionLimit")', '1e309', '0x', '0b1', '1n', '1_000', '-1', '0', '1',
  '\u2028', '<div>', '</div>', 'enum E {', 'namespace N {', 'label: ', 'yield ', 'for (;;) ', 'while (i < 8) ',
];
const ENV_TOKENS = ['=', '"', "'", '#', ' # note', 'export ', '$', '${', '\\', '\n', 'APP_WORKERS=', 'POOL_SIZE=', 'REPLICAS=', ' ', '\t', '==', '=\n'];
const CNF_TOKENS = ['[', ']', '[mysqld]\n', '[client]\n', '[mariadb-10.6]\n', '=', '#', ';', 'max_connections', 'max-connections = ', '!include /x\n', '\n', '1G', 'k', ' ', '\t'];
const NUMBERS = [
  '1e309', '-1e309', '123456789012345678901234567890', '9007199254740993', '-0', '0', '1', '-1', '-2', '2.5', '0x10',
  '0o17', '0b11', '1_000', '+5', '.5', '5.', 'NaN', 'Infinity', '.inf', '.nan', '1e3', '08', '00', ' 3 ', '"7"', "'7'",
  '3%', '150%', '1500m', '2k', '4M', '1G', '-', 'null', '~', 'true', '[]', '{}', '*a', '&a 5', '${X}', '${X:-6}', '$X',
];

function tokensFor(reader: ReaderName): string[] {
  switch (reader) {
    case 'dotenv':
      return ENV_TOKENS;
    case 'cnf':
      return CNF_TOKENS;
    case 'ts':
    case 'js':
      return TS_TOKENS;
    default:
      return YAML_TOKENS;
  }
}

function insertAt(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** A position in the text, biased towards line starts and just after `:`/`=`, where structure lives. */
function position(rng: Rng, text: string): number {
  const r = rng();
  if (r < 0.3) return pick(rng, lineStarts(text));
  if (r < 0.5) {
    const marks: number[] = [];
    for (let i = 0; i < text.length; i++) if (text[i] === ':' || text[i] === '=' || text[i] === '(') marks.push(i + 1);
    if (marks.length) return pick(rng, marks);
  }
  return int(rng, text.length + 1);
}

function editLines(text: string, edit: (lines: string[]) => void): string {
  const lines = text.split('\n');
  edit(lines);
  return lines.join('\n');
}

/** 200 levels of nesting in the reader's own syntax, opened (and mostly closed) at a random place. */
function deepNesting(rng: Rng, reader: ReaderName, text: string): string {
  const depth = 200;
  const close = rng() < 0.7;
  let piece: string;
  if (reader === 'ts' || reader === 'js') {
    const [open, end] = pick(rng, [['(', ')'], ['[', ']'], ['{ a: ', ' }'], ['Math.max(1, ', ')'], ['() => ', ''], ['!', ''], ['-', ''], ['f(', ')'], ['x ? ', ' : 0'], ['{ ', ' }']] as const);
    piece = open.repeat(depth) + '5' + (close ? end.repeat(depth) : '');
  } else if (reader === 'dotenv' || reader === 'cnf') {
    piece = pick(rng, ['[', '${', '"', '=', '#']).repeat(depth * 10);
  } else if (rng() < 0.5) {
    const [open, end] = pick(rng, [['[', ']'], ['{', '}'], ['{a: ', '}'], ['- ', ''], ['[{', '}]']] as const);
    piece = open.repeat(depth) + '5' + (close ? end.repeat(depth) : '');
  } else {
    const indent = pick(rng, ['  ', ' ', '\t', '- ']);
    piece = Array.from({ length: depth }, (_, level) => `${indent.repeat(level)}k${level}:`).join('\n') + ` 5\n`;
  }
  if (rng() < 0.3) return text + '\n' + piece;
  return insertAt(text, position(rng, text), piece);
}

const MUTATIONS: Array<(rng: Rng, text: string, reader: ReaderName, other: () => string) => string> = [
  // byte flips in the UTF-8 encoding, decoded back as UTF-8 (U+FFFD) or latin1
  (rng, text) => {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length === 0) return text;
    for (let n = 1 + int(rng, 4); n > 0; n--) bytes[int(rng, bytes.length)] ^= 1 << int(rng, 8);
    return bytes.toString(rng() < 0.8 ? 'utf8' : 'latin1');
  },
  // truncation at a random point
  (rng, text) => text.slice(0, int(rng, text.length + 1)),
  // a token of the reader's syntax (or, sometimes, another's)
  (rng, text, reader) => insertAt(text, position(rng, text), pick(rng, rng() < 0.8 ? tokensFor(reader) : [...YAML_TOKENS, ...TS_TOKENS])),
  // a duplicated line, sometimes many times
  (rng, text) => editLines(text, (lines) => {
    const at = int(rng, lines.length);
    const copies = rng() < 0.9 ? 1 : 1 + int(rng, 50);
    lines.splice(at, 0, ...Array<string>(copies).fill(lines[at]));
  }),
  // a deleted line or run of lines
  (rng, text) => editLines(text, (lines) => void lines.splice(int(rng, lines.length), 1 + (rng() < 0.8 ? 0 : int(rng, 5)))),
  // two lines swapped
  (rng, text) => editLines(text, (lines) => {
    const a = int(rng, lines.length);
    const b = int(rng, lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
  }),
  // a number replaced by an odd one
  (rng, text) => {
    const numbers = [...text.matchAll(/-?\d+(\.\d+)?/g)];
    const value = pick(rng, NUMBERS);
    if (numbers.length === 0) return insertAt(text, position(rng, text), value);
    const match = pick(rng, numbers);
    return text.slice(0, match.index) + value + text.slice(match.index! + match[0].length);
  },
  // line endings: CRLF, lone CR, or a mix
  (rng, text) => {
    const r = rng();
    if (r < 0.5) return text.replace(/\n/g, '\r\n');
    if (r < 0.7) return text.replace(/\n/g, '\r');
    return text.replace(/\n/g, () => pick(rng, ['\n', '\r\n', '\r', '\u2028', '\u0085']));
  },
  // BOM at the start or in the middle
  (rng, text) => (rng() < 0.7 ? '\uFEFF' + text : insertAt(text, position(rng, text), '\uFEFF')),
  // tabs in indentation or anywhere
  (rng, text) => (rng() < 0.5 ? text.replace(/^( {2})+/gm, (m) => (rng() < 0.5 ? '\t'.repeat(m.length / 2) : m)) : insertAt(text, position(rng, text), '\t')),
  // lone surrogates and other odd code points
  (rng, text) => insertAt(text, position(rng, text), pick(rng, ['\uD800', '\uDC00', '\uDBFF\uDBFF', '\uFFFD', '\uFFFF', '\u0000', '\u000B', '\f', '\u200B', '\u{1F600}', 'é'])),
  // bytes that are not UTF-8, decoded as UTF-8 (U+FFFD) or raw latin1
  (rng, text) => {
    const bytes = Buffer.from(text, 'utf8');
    const at = int(rng, bytes.length + 1);
    const junk = Buffer.from(Array.from({ length: 1 + int(rng, 8) }, () => 0x80 + int(rng, 0x80)));
    const mixed = Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]);
    return mixed.toString(rng() < 0.6 ? 'utf8' : 'latin1');
  },
  // deep nesting
  (rng, text, reader) => deepNesting(rng, reader, text),
  // a line from another seed file of the same reader
  (rng, text, _reader, other) => {
    const lines = other().split('\n');
    const chunk = lines.slice(int(rng, lines.length)).slice(0, 1 + int(rng, 6)).join('\n');
    return insertAt(text, pick(rng, lineStarts(text)), chunk + '\n');
  },
  // an anchor on one value and aliases or merges elsewhere
  (rng, text) => {
    const anchored = insertAt(text, position(rng, text), `&a ${rng() < 0.5 ? '' : '{ connectionLimit: 1, replicas: 2 }'}`);
    return insertAt(anchored, position(rng, anchored), pick(rng, ['*a', ' *a', '<<: *a\n', 'x: *a\n', '*b']));
  },
  // a run of text repeated many times
  (rng, text) => {
    const start = int(rng, text.length + 1);
    const run = text.slice(start, start + 1 + int(rng, 60));
    return insertAt(text, start, run.repeat(1 + int(rng, 200)));
  },
];

/** The settings an input is analysed with: mostly the defaults, sometimes tight or odd. */
export function settingsFor(rng: Rng): Partial<Settings> {
  if (rng() < 0.7) return {};
  return pick(rng, [
    { maxConnections: 10 },
    { maxConnections: 1000, threshold: 100 },
    { threshold: 1 },
    { assumedCpuCores: 64 },
    { environment: 'default', envPrefix: '' },
    { maxConnections: 1, assumedCpuCores: 1 },
  ] as Array<Partial<Settings>>);
}

export interface FuzzInput {
  reader: ReaderName;
  seed: number;
  index: number;
  target: Target;
  text: string;
  settings: Partial<Settings>;
  /** The mutations applied, for the report. */
  ops: number[];
}

/** Input `index` of `reader` under `seed`. */
export function fuzzInput(reader: ReaderName, seed: number, index: number): FuzzInput {
  const rng = mulberry32(hash(`${seed}:${reader}:${index}`));
  const targets = targetsOf(reader);
  const target = pick(rng, targets);
  const other = () => {
    const source = pick(rng, targets);
    return source.files[source.file];
  };
  let text = target.files[target.file];
  const ops: number[] = [];
  const nestingOp = 12;
  for (let n = 1 + int(rng, 4); n > 0; n--) {
    let op = int(rng, MUTATIONS.length);
    if (op === nestingOp && ops.includes(nestingOp)) op = 2;
    ops.push(op);
    text = MUTATIONS[op](rng, text, reader, other);
  }
  return { reader, seed, index, target, text, settings: settingsFor(rng), ops };
}
