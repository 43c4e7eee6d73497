// A fast reader for the YAML that configuration files are mostly written in: block mappings and
// sequences, one-line plain and quoted scalars, literal block scalars (`|`, `|-`), one-line flow
// collections, comments and `---` markers. Anything else (anchors, aliases, tags, merge keys, folded
// and `|+` block scalars, multi-line plain or quoted scalars, directives, tabs, a lone CR, anything
// `yaml` would report as an error) makes it give up on the whole text, and the caller parses it
// with `yaml` as before. On the texts it takes it builds the tree `yaml` builds: same nodes, values
// (YAML 1.2 core schema) and scalar types, and the same ranges, except the ends of block
// collections, which `YamlDoc.contentEnd` works out the same way for both. `yaml` is general and
// cold-starts slowly: on a 6,000-line manifest this is about 4× faster from a cold start, 6–10× warm.
// Equality with `yaml` is checked over the examples, the fuzzer's inputs and generated texts
// (test/unit/yaml/blockYaml.test.ts).
import type { Node } from 'yaml';
import { MAP, NODE_TYPE, PAIR, SCALAR, SEQ } from './nodeTypes';

type Range = [number, number, number];

/**
 * A node's start and the end of its value. `range` is made when asked for: readers ask for few,
 * and a tree of 15,000 nodes that all survive to the next garbage collection costs its copying.
 */
class Placed {
  constructor(
    public start = 0,
    public end = 0,
  ) {}

  get range(): Range {
    return [this.start, this.end, this.end];
  }
}

class BlockScalar extends Placed {
  constructor(
    readonly value: string | number | boolean | null,
    readonly type: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL',
    start: number,
    end: number,
  ) {
    super(start, end);
  }
}

class BlockPair {
  constructor(
    readonly key: BlockScalar,
    readonly value: BlockNode,
  ) {}
}

class BlockMap extends Placed {
  readonly items: BlockPair[] = [];
  constructor(readonly flow: true | undefined) {
    super();
  }
}

class BlockSeq extends Placed {
  readonly items: BlockNode[] = [];
  constructor(readonly flow: true | undefined) {
    super();
  }
}

type BlockNode = BlockScalar | BlockMap | BlockSeq;

// Marked as `yaml` marks its nodes, so that its `isMap`, `isScalar`… (and ours) tell them apart.
for (const [nodeClass, type] of [
  [BlockScalar, SCALAR],
  [BlockPair, PAIR],
  [BlockMap, MAP],
  [BlockSeq, SEQ],
] as const) {
  Object.defineProperty(nodeClass.prototype, NODE_TYPE, { value: type });
}

/** Thrown where the text leaves the subset: by `blockYamlDocuments`' iteration, caught in `parseBlockYaml`. */
export const OUTSIDE = new Error('outside the block YAML subset');

/** Characters this reader leaves to `yaml`: tabs, a CR not ending a line, other controls, DEL, C1 controls, a BOM. */
const UNSUPPORTED_CHARACTER = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]|\r(?!\n)/;

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const PIPE = 0x7c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Characters no plain scalar starts with: YAML's indicators. */
const NOT_PLAIN_START = new Uint8Array(128);
for (const c of ",[]{}#&*!|>'\"%@`") NOT_PLAIN_START[c.charCodeAt(0)] = 1;

/** Characters that end a plain scalar inside a flow collection. */
function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE;
}
/** `yaml` refuses implicit keys longer than this. */
const MAX_KEY_LENGTH = 1024;
/** Deeper flow nesting is left to `yaml` (it is never written by hand). */
const MAX_FLOW_DEPTH = 32;

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Each document's contents (a null scalar for an empty one), or undefined when the text is
 * outside the subset this reader takes and must be parsed by `yaml`.
 */
export function parseBlockYaml(text: string): Array<Node | null> | undefined {
  const documents = blockYamlDocuments(text);
  if (!documents) return undefined;
  try {
    return [...documents];
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}

/**
 * Each document's contents, parsed as it is asked for, so that a long stream's documents need not
 * all be in memory at once; undefined for a text with characters the subset leaves out. The
 * iteration throws `OUTSIDE` where the text turns out to leave the subset.
 */
export function blockYamlDocuments(text: string): Iterable<Node | null> | undefined {
  if (UNSUPPORTED_CHARACTER.test(text)) return undefined;
  return new BlockYamlReader(text).documents() as Iterable<Node | null>;
}

/**
 * Reads line by line. The cursor is always on a line's start (`line`), with `end` its newline (or
 * the end of the text) and `indent` its leading spaces; between nodes it rests on the next line
 * with content, or at the end of the text.
 */
class BlockYamlReader {
  private line = 0;
  private end = 0;
  /** Where the next line starts: after `\n` or `\r\n`. */
  private next = 0;
  private indent = 0;
  /** The end of the last line with content before this one. */
  private previousContentEnd = 0;

  constructor(private readonly text: string) {}

  *documents(): Generator<BlockNode> {
    // After `---`: where its document's contents start, until they are found.
    let openMarkerEnd = -1;
    this.moveTo(0);
    for (;;) {
      if (!this.skipTrivia()) break;
      if (this.atDocumentStart()) {
        if (openMarkerEnd !== -1) yield nullAt(openMarkerEnd);
        const after = this.skipSpaces(this.line + 3);
        if (after < this.end && this.text.charCodeAt(after) !== HASH) throw OUTSIDE;
        openMarkerEnd = after;
        this.nextLine();
        continue;
      }
      if (this.indent !== 0 || this.atDocumentEnd()) throw OUTSIDE;
      const document = this.blockNode();
      openMarkerEnd = -1;
      // Nothing may follow a document but the next one.
      if (this.atContent()) throw OUTSIDE;
      yield document;
    }
    if (openMarkerEnd !== -1) yield nullAt(openMarkerEnd);
  }

  // --- lines --------------------------------------------------------------------------------

  private moveTo(start: number): void {
    const text = this.text;
    this.line = start;
    const newline = text.indexOf('\n', start);
    this.next = newline === -1 ? text.length + 1 : newline + 1;
    this.end = newline > start && text.charCodeAt(newline - 1) === 0x0d ? newline - 1 : newline === -1 ? text.length : newline;
    let at = start;
    while (at < this.end && text.charCodeAt(at) === SPACE) at++;
    this.indent = at - start;
  }

  private nextLine(): void {
    if (this.hasContent) this.previousContentEnd = this.end;
    this.moveTo(this.next);
  }

  /** The line is neither blank nor a comment. */
  private get hasContent(): boolean {
    const first = this.line + this.indent;
    return first < this.end && this.text.charCodeAt(first) !== HASH;
  }

  private get atEnd(): boolean {
    return this.line >= this.text.length;
  }

  /** Skips blank and comment lines; false at the end of the text. */
  private skipTrivia(): boolean {
    while (!this.atEnd) {
      if (this.hasContent) return true;
      this.nextLine();
    }
    return false;
  }

  private atDocumentStart(): boolean {
    return this.atMarker('---');
  }

  private atDocumentEnd(): boolean {
    return this.atMarker('...');
  }

  /** `---` or `...` alone at the start of the line, or before a space. */
  private atMarker(marker: string): boolean {
    return this.indent === 0 && this.text.startsWith(marker, this.line) && (this.line + 3 === this.end || this.text.charCodeAt(this.line + 3) === SPACE);
  }

  /** On a line with content of the current document (not a marker, not the end of the text). */
  private atContent(): boolean {
    return !this.atEnd && !this.atDocumentStart() && !this.atDocumentEnd();
  }

  private skipSpaces(at: number): number {
    while (at < this.end && this.text.charCodeAt(at) === SPACE) at++;
    return at;
  }

  /** `-` followed by a space or the line's end: a sequence entry. */
  private atSeqIndicator(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && (at + 1 === this.end || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** After a value on its line: nothing, or a comment after a space. */
  private finishLine(at: number): void {
    const next = this.skipSpaces(at);
    if (next < this.end && !(this.text.charCodeAt(next) === HASH && next > at)) throw OUTSIDE;
  }

  /** After a one-line value in a collection at `column`: the next line must not continue it. */
  private afterInlineValue(valueEnd: number, column: number): void {
    this.finishLine(valueEnd);
    this.nextLine();
    this.notContinued(column);
  }

  /** Moves to the next line with content, which must not be more indented than the collection at `column`. */
  private notContinued(column: number): void {
    if (this.skipTrivia() && this.atContent() && this.indent > column) throw OUTSIDE;
  }

  /**
   * After an entry of a collection at `column`: whether the next line is at the same column (the
   * collection may go on); false when the collection has ended.
   */
  private atColumn(column: number): boolean {
    if (!this.atContent() || this.indent < column) return false;
    if (this.indent > column) throw OUTSIDE;
    return true;
  }

  /** `:` ending an implicit key: followed by a space or the line's end. */
  private atMappingIndicator(at: number): boolean {
    return this.text.charCodeAt(at) === COLON && (at + 1 === this.end || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** `#` after a space: a comment. */
  private atComment(at: number): boolean {
    return this.text.charCodeAt(at) === HASH && this.text.charCodeAt(at - 1) === SPACE;
  }

  /** Where a value that ends at `at` ends without its trailing spaces. */
  private trimmed(at: number): number {
    while (this.text.charCodeAt(at - 1) === SPACE) at--;
    return at;
  }

  // --- block collections ---------------------------------------------------------------------

  /** The collection that starts on the current line, at its indentation. */
  private blockNode(): BlockMap | BlockSeq {
    const first = this.line + this.indent;
    if (this.atSeqIndicator(first)) return this.blockSeq(this.indent);
    return this.blockMap(first, this.indent);
  }

  /** A value on the lines after `key:` or `-`, or a null placed where the indicator's line ends. */
  private valueBelow(nullOffset: number, column: number, seqAtSameColumn: boolean): BlockNode {
    this.nextLine();
    if (this.skipTrivia() && this.atContent()) {
      if (this.indent > column) return this.blockNode();
      if (seqAtSameColumn && this.indent === column && this.atSeqIndicator(this.line + column)) return this.blockSeq(column);
    }
    return nullAt(nullOffset);
  }

  private blockSeq(column: number): BlockSeq {
    const seq = new BlockSeq(undefined);
    const start = this.line + column;
    for (;;) {
      const at = this.skipSpaces(this.line + column + 1);
      let item: BlockNode;
      if (at === this.end || this.text.charCodeAt(at) === HASH) {
        item = this.valueBelow(at, column, false);
      } else if (this.atSeqIndicator(at)) {
        throw OUTSIDE;
      } else {
        const key = this.keyAt(at);
        if (key) {
          item = this.blockMap(at, at - this.line, key);
        } else {
          item = this.value(at, column);
        }
      }
      seq.items.push(item);
      if (!this.atColumn(column) || !this.atSeqIndicator(this.line + column)) break;
    }
    seq.start = start;
    // Where its last value ends, as each value's end already leaves trailing lines out.
    seq.end = seq.items[seq.items.length - 1].end;
    return seq;
  }

  /** A block mapping whose first key starts at `first` (not always its line's first character: `- a: 1`). */
  private blockMap(first: number, column: number, firstKey?: KeyAt): BlockMap {
    const map = new BlockMap(undefined);
    let keyAt = firstKey ?? this.keyAt(first);
    for (;;) {
      if (!keyAt) throw OUTSIDE;
      const at = this.skipSpaces(keyAt.colon + 1);
      let value: BlockNode;
      if (at === this.end || this.text.charCodeAt(at) === HASH) {
        value = this.valueBelow(at, column, true);
      } else {
        if (this.atSeqIndicator(at)) throw OUTSIDE;
        value = this.value(at, column);
      }
      map.items.push(new BlockPair(keyAt.key, value));
      if (!this.atColumn(column)) break;
      keyAt = this.keyAt(this.line + column);
    }
    map.start = first;
    map.end = map.items[map.items.length - 1].value.end;
    return map;
  }

  /** The implicit key at `at` and its colon, when the line is `key: …`; undefined when it is not. */
  private keyAt(at: number): KeyAt | undefined {
    const text = this.text;
    const first = text.charCodeAt(at);
    let key: BlockScalar;
    let after: number;
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      key = this.quoted(at);
      after = this.skipSpaces(key.end);
      if (text.charCodeAt(after) !== COLON) return undefined;
    } else if (first === OPEN_BRACKET || first === OPEN_BRACE || first === PIPE) {
      // A flow collection (as a key it is left to `yaml` when a value turns out to follow), or a block scalar.
      return undefined;
    } else {
      if (!this.startsPlain(at, false)) throw OUTSIDE;
      after = -1;
      for (let i = at; i < this.end; i++) {
        if (this.atMappingIndicator(i)) {
          after = i;
          break;
        }
        if (this.atComment(i)) return undefined;
      }
      if (after === -1) return undefined;
      const keyEnd = this.trimmed(after);
      if (keyEnd - at === 2 && text.startsWith('<<', at)) throw OUTSIDE;
      key = plain(text, at, keyEnd);
    }
    if (after + 1 < this.end && text.charCodeAt(after + 1) !== SPACE) throw OUTSIDE;
    // `yaml` may count the line breaks and indentation before a key into the limit: counted from the line before.
    if (after - this.previousContentEnd > MAX_KEY_LENGTH) throw OUTSIDE;
    return { key, colon: after };
  }

  /** The value written at `at` in a collection at `column`: a literal block scalar, or one on this line. */
  private value(at: number, column: number): BlockNode {
    if (this.text.charCodeAt(at) === PIPE) return this.literal(at, column);
    const value = this.inlineValue(at);
    this.afterInlineValue(value.end, column);
    return value;
  }

  /**
   * A literal block scalar (`|` or `|-`) whose content starts on the next line, more indented than
   * its collection: the lines up to the first one less indented, each without that indentation.
   * Its value ends with one line break (none with `-`); its range ends after its last line that is
   * not blank. `>`, `|+`, indentation indicators, empty and more-indented blank lines go to `yaml`.
   */
  private literal(at: number, column: number): BlockScalar {
    const text = this.text;
    let header = at + 1;
    const strip = text.charCodeAt(header) === DASH;
    if (strip) header++;
    this.finishLine(header);
    const lines: string[] = [];
    let indent = -1;
    let blankLines = 0;
    let leadingBlankIndent = 0;
    let end = -1;
    this.nextLine();
    for (; !this.atEnd; this.nextLine()) {
      const blank = this.line + this.indent === this.end;
      if (blank) {
        // A blank line more indented than the content holds spaces of the value: left to `yaml`.
        if (indent !== -1 && this.indent > indent) throw OUTSIDE;
        if (indent === -1) leadingBlankIndent = Math.max(leadingBlankIndent, this.indent);
        blankLines++;
        continue;
      }
      if (indent === -1) {
        if (this.indent <= column || leadingBlankIndent > this.indent) break;
        indent = this.indent;
      } else if (this.indent < indent) {
        break;
      }
      for (; blankLines > 0; blankLines--) lines.push('');
      lines.push(text.slice(this.line + indent, this.end));
      end = this.next > text.length ? text.length : this.next;
    }
    if (indent === -1) throw OUTSIDE;
    this.notContinued(column);
    const value = lines.join('\n') + (strip ? '' : '\n');
    return new BlockScalar(value, 'BLOCK_LITERAL', at, end);
  }

  // --- values on one line ----------------------------------------------------------------------

  /** A scalar or flow collection starting at `at`, all on this line. */
  private inlineValue(at: number): BlockNode {
    const first = this.text.charCodeAt(at);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) return this.quoted(at);
    if (first === OPEN_BRACKET || first === OPEN_BRACE) return this.flowCollection(at, 0);
    if (!this.startsPlain(at, false)) throw OUTSIDE;
    const text = this.text;
    let stop = at;
    for (; stop < this.end && !this.atComment(stop); stop++) {
      // `a: b: c` is a nested mapping on one line, which YAML forbids.
      if (this.atMappingIndicator(stop)) throw OUTSIDE;
    }
    return plain(text, at, this.trimmed(stop));
  }

  /** Whether a plain scalar may start at `at`: not an indicator (`-`, `?`, `:` only before a safe character). */
  private startsPlain(at: number, inFlow: boolean): boolean {
    const first = this.text.charCodeAt(at);
    if (NOT_PLAIN_START[first] === 1) return false;
    if (first === DASH || first === 0x3f /* ? */ || first === COLON) {
      const next = this.text.charCodeAt(at + 1);
      if (at + 1 >= this.end || next === SPACE || (inFlow && isFlowIndicator(next))) return false;
    }
    return true;
  }

  /** A quoted scalar closed on its own line. */
  private quoted(at: number): BlockScalar {
    const text = this.text;
    const quote = text.charCodeAt(at);
    let value = '';
    let from = at + 1;
    for (let i = from; ; i++) {
      if (i >= this.end) throw OUTSIDE;
      const c = text.charCodeAt(i);
      if (c === quote) {
        if (quote === SINGLE_QUOTE && text.charCodeAt(i + 1) === SINGLE_QUOTE) {
          value += text.slice(from, i + 1);
          from = i + 2;
          i++;
          continue;
        }
        value += text.slice(from, i);
        return new BlockScalar(value, quote === DOUBLE_QUOTE ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', at, i + 1);
      }
      if (c === BACKSLASH && quote === DOUBLE_QUOTE) {
        value += text.slice(from, i);
        const code = text[i + 1];
        if (i + 1 >= this.end) throw OUTSIDE;
        const length = HEX_ESCAPE_LENGTH[code];
        if (length !== undefined) {
          const hex = text.slice(i + 2, i + 2 + length);
          if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex) || i + 2 + length > this.end) throw OUTSIDE;
          const codePoint = parseInt(hex, 16);
          if (codePoint > 0x10ffff) throw OUTSIDE;
          value += String.fromCodePoint(codePoint);
          i += 1 + length;
        } else {
          const escaped = ESCAPES[code];
          if (escaped === undefined) throw OUTSIDE;
          value += escaped;
          i += 1;
        }
        from = i + 1;
      }
    }
  }

  /** `[…]` or `{…}` closed on its own line, holding scalars and flow collections. */
  private flowCollection(at: number, depth: number): BlockMap | BlockSeq {
    if (depth > MAX_FLOW_DEPTH) throw OUTSIDE;
    const text = this.text;
    const isSeq = text.charCodeAt(at) === OPEN_BRACKET;
    const close = isSeq ? CLOSE_BRACKET : CLOSE_BRACE;
    const seq = isSeq ? new BlockSeq(true) : undefined;
    const map = isSeq ? undefined : new BlockMap(true);
    let i = at + 1;
    for (;;) {
      i = this.skipSpaces(i);
      if (i >= this.end) throw OUTSIDE;
      if (text.charCodeAt(i) === close) break;
      const item = this.flowItem(i, depth);
      i = this.skipSpaces(item.end);
      const next = text.charCodeAt(i);
      if (seq) {
        if (next === COLON) throw OUTSIDE;
        seq.items.push(item);
      } else {
        if (!(item instanceof BlockScalar) || next !== COLON || text.charCodeAt(i + 1) !== SPACE) throw OUTSIDE;
        i = this.skipSpaces(i + 1);
        if (i >= this.end || text.charCodeAt(i) === COMMA || text.charCodeAt(i) === close) throw OUTSIDE;
        const value = this.flowItem(i, depth);
        map!.items.push(new BlockPair(item, value));
        i = this.skipSpaces(value.end);
      }
      const after = text.charCodeAt(i);
      if (after === COMMA) {
        i++;
        continue;
      }
      if (after !== close) throw OUTSIDE;
      break;
    }
    const node = (seq ?? map)!;
    node.start = at;
    node.end = i + 1;
    return node;
  }

  private flowItem(at: number, depth: number): BlockNode {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) return this.quoted(at);
    if (first === OPEN_BRACKET || first === OPEN_BRACE) return this.flowCollection(at, depth + 1);
    if (!this.startsPlain(at, true)) throw OUTSIDE;
    let stop = at;
    for (; stop < this.end; stop++) {
      const c = text.charCodeAt(stop);
      if (isFlowIndicator(c)) break;
      if (this.atComment(stop)) throw OUTSIDE;
      if (c === COLON) {
        const next = text.charCodeAt(stop + 1);
        if (stop + 1 === this.end || next === SPACE || isFlowIndicator(next)) break;
      }
    }
    return plain(text, at, this.trimmed(stop));
  }
}

interface KeyAt {
  key: BlockScalar;
  colon: number;
}

function nullAt(offset: number): BlockScalar {
  return new BlockScalar(null, 'PLAIN', offset, offset);
}

function plain(text: string, start: number, end: number): BlockScalar {
  return new BlockScalar(coreSchemaValue(text.slice(start, end)), 'PLAIN', start, end);
}

/** A plain scalar's value under YAML 1.2's core schema, tried in `yaml`'s order. */
function coreSchemaValue(source: string): string | number | boolean | null {
  const first = source.charCodeAt(0);
  // Most keys and values start with a letter no null, boolean or number starts with, or are digits.
  const lower = first | 0x20;
  if (lower >= 0x61 && lower <= 0x7a && lower !== 0x74 /* t */ && lower !== 0x66 /* f */ && lower !== 0x6e /* n */) return source;
  if (isDecimal(source)) return parseInt(source, 10);
  if (/^(?:~|[Nn]ull|NULL)?$/.test(source)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(source)) return source[0] === 't' || source[0] === 'T';
  if (/^0o[0-7]+$/.test(source)) return parseInt(source.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(source)) return parseInt(source, 10);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source)) {
    return source.slice(-3).toLowerCase() === 'nan' ? NaN : source[0] === '-' ? -Infinity : Infinity;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source)) return parseFloat(source);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return parseFloat(source);
  return source;
}

/** Only digits: `/^[-+]?[0-9]+$/` without the sign, the common case, without a regular expression. */
function isDecimal(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return source.length > 0;
}
