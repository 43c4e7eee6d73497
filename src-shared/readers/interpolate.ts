import type { EditSite, WrittenValue } from '../types';

export interface Interpolated {
  /** The value after interpolation; undefined when a variable it needs has no value. */
  value: string | undefined;
  /** Variables that have no value and no default. */
  missing: string[];
  /** The one place the value comes from (the `.env` entry, a default inside the text), if there is one. */
  source?: WrittenValue;
  /** Places on the way, e.g. the `${VAR}` reference when the value lives in `.env`. */
  via: WrittenValue[];
}

export type Lookup = (name: string) => WrittenValue | undefined;

type Piece =
  | { kind: 'text'; text: string; start: number; end: number }
  | { kind: 'var'; name: string; operator: string; argument?: string; argumentStart: number; start: number; end: number };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'];
const MAX_NESTING = 8;

/**
 * Resolves Compose interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?err}`, `${VAR:+alt}`, `$$`) with the variables of the `.env` beside the compose file.
 */
export function interpolate(written: WrittenValue, lookup: Lookup): Interpolated {
  if (!written.text.includes('$')) return { value: written.text, missing: [], source: written, via: [] };
  return resolve(written.text, written, 0, lookup, 0);
}

function resolve(text: string, written: WrittenValue, offset: number, lookup: Lookup, depth: number): Interpolated {
  const pieces = split(text);
  const missing: string[] = [];
  const via: WrittenValue[] = [];
  let value = '';
  let single: WrittenValue | undefined;
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      value += piece.text;
      continue;
    }
    const found = lookup(piece.name);
    const isSet = found !== undefined;
    const isEmpty = !isSet || found.text === '';
    let part: Interpolated;
    switch (piece.operator) {
      case ':-':
      case '-': {
        const useDefault = piece.operator === ':-' ? isEmpty : !isSet;
        part = useDefault
          ? depth < MAX_NESTING
            ? resolve(piece.argument ?? '', written, offset + piece.argumentStart, lookup, depth + 1)
            : { value: undefined, missing: [piece.name], via: [] }
          : fromVariable(found!);
        if (useDefault && part.source === undefined && part.value !== undefined && !(piece.argument ?? '').includes('$')) {
          part.source = subValue(written, offset + piece.argumentStart, piece.argument ?? '', `default of \${${piece.name}}`);
        }
        break;
      }
      case ':+':
      case '+': {
        const useAlternative = piece.operator === ':+' ? !isEmpty : isSet;
        part = useAlternative ? resolve(piece.argument ?? '', written, offset + piece.argumentStart, lookup, depth + 1) : { value: '', missing: [], via: [] };
        break;
      }
      case ':?':
      case '?': {
        const fails = piece.operator === ':?' ? isEmpty : !isSet;
        part = fails ? { value: undefined, missing: [piece.name], via: [] } : fromVariable(found!);
        break;
      }
      default:
        part = isSet ? fromVariable(found!) : { value: undefined, missing: [piece.name], via: [] };
    }
    missing.push(...part.missing);
    via.push(...part.via);
    if (part.value !== undefined) value += part.value;
    if (pieces.length === 1) single = part.source;
  }
  via.unshift(written);
  return missing.length > 0
    ? { value: undefined, missing, via }
    : { value, missing, source: single, via };
}

function fromVariable(found: WrittenValue): Interpolated {
  return { value: found.text, missing: [], source: found, via: [] };
}

/**
 * A part of a one-line written value, located and editable on its own. None through an alias:
 * the value's text is at the anchor, and editing it there would change every user of the anchor.
 */
function subValue(written: WrittenValue, start: number, text: string, path: string): WrittenValue | undefined {
  const edit = written.edit;
  if (!edit || written.throughAlias || edit.range.start.line !== edit.range.end.line) return undefined;
  const line = edit.range.start.line;
  const character = edit.range.start.character + start;
  const range = { start: { line, character }, end: { line, character: character + text.length } };
  const site: EditSite = { file: edit.file, range, prefix: '', suffix: '' };
  return { text, loc: { file: edit.file, range }, edit: site, path };
}

function split(text: string): Piece[] {
  const pieces: Piece[] = [];
  let literal = '';
  let literalStart = 0;
  let i = 0;
  const flush = (end: number) => {
    if (literal) pieces.push({ kind: 'text', text: literal, start: literalStart, end });
    literal = '';
  };
  while (i < text.length) {
    const char = text[i];
    if (char !== '$') {
      if (!literal) literalStart = i;
      literal += char;
      i++;
      continue;
    }
    if (text[i + 1] === '$') {
      if (!literal) literalStart = i;
      literal += '$';
      i += 2;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = matchingBrace(text, i + 1);
      const name = NAME.exec(text.slice(i + 2, close === -1 ? undefined : close))?.[0];
      if (close === -1 || !name) {
        if (!literal) literalStart = i;
        literal += char;
        i++;
        continue;
      }
      flush(i);
      const rest = text.slice(i + 2 + name.length, close);
      const operator = OPERATORS.find((op) => rest.startsWith(op)) ?? '';
      const argumentStart = i + 2 + name.length + operator.length;
      pieces.push({
        kind: 'var',
        name,
        operator,
        argument: operator ? text.slice(argumentStart, close) : undefined,
        argumentStart,
        start: i,
        end: close + 1,
      });
      i = close + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (!name) {
      if (!literal) literalStart = i;
      literal += char;
      i++;
      continue;
    }
    flush(i);
    pieces.push({ kind: 'var', name, operator: '', argumentStart: i + 1, start: i, end: i + 1 + name.length });
    i += 1 + name.length;
  }
  flush(text.length);
  return pieces;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
