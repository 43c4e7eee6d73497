import { LineIndex, location, replaceSite } from '../location';
import type { WrittenValue } from '../types';

export interface DotenvFacts {
  file: string;
  values: Map<string, WrittenValue>;
}

const LINE = /^[\uFEFF \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=([ \t]*)(.*?)[ \t]*$/d;

/**
 * Reads `KEY=VALUE` lines as Compose and dotenv do: `export` allowed, `#` comments,
 * single or double quotes (kept out of the edit range), a comment after an unquoted value.
 */
export function readDotenv(file: string, text: string): DotenvFacts {
  const values = new Map<string, WrittenValue>();
  const index = new LineIndex(text);
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const match = LINE.exec(line);
    if (match && !line.trimStart().startsWith('#')) {
      const [, name, blanks, rawValue] = match;
      const valueStart = lineStart + match.indices![3][0];
      const { value, start, end, suffix } = unquote(rawValue, blanks !== '');
      values.set(name, {
        text: value,
        loc: location(file, index, lineStart, lineStart + line.length),
        edit: { ...replaceSite(file, index, valueStart + start, valueStart + end), suffix },
        path: `${name} in ${file}`,
      });
    }
    lineStart = lineEnd + 1;
  }
  return { file, values };
}

/**
 * The value between its quotes or before its comment; `suffix` keeps a comment a comment when a
 * value is written in. `afterBlank`: blanks stood between `=` and `raw`.
 */
function unquote(raw: string, afterBlank: boolean): { value: string; start: number; end: number; suffix: string } {
  const quote = raw[0];
  if ((quote === '"' || quote === "'") && raw.length >= 2) {
    const close = raw.indexOf(quote, 1);
    if (close > 0) return { value: raw.slice(1, close), start: 1, end: close, suffix: '' };
  }
  // `KEY= # note` is an empty value, as Compose reads it (the line pattern already ate the blanks);
  // `KEY=#note` is the value "#note": a `#` starts a comment only after a blank, as `KEY=1#2` is "1#2".
  if (afterBlank && raw.startsWith('#')) return { value: '', start: 0, end: 0, suffix: ' ' };
  const comment = raw.search(/[ \t]#/);
  const value = comment === -1 ? raw : raw.slice(0, comment).trimEnd();
  return { value, start: 0, end: value.length, suffix: '' };
}
