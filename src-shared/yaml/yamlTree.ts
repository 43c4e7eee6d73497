import type * as Yaml from 'yaml';
import { blockYamlDocuments, OUTSIDE } from './blockYaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from './nodeTypes';
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { LineIndex, location, rangeOf, type PositionIndex } from '../location';
import type { EditSite, Location, Position, WrittenValue } from '../types';
import { addToList } from '../lists';

/** How deep merge keys (`<<: *base`) and aliases are followed; deeper chains are cut (see `mergeCut`). */
export const MAX_INDIRECTION = 16;

export type NodeWithRange = { range?: [number, number, number] | null } | null | undefined;

export interface YamlParseError {
  message: string;
  loc: Location;
}

/**
 * One YAML document with the helpers the readers need. Aliases are resolved through an
 * anchor table built once, and nothing is ever expanded, so alias bombs cost nothing.
 */
export interface YamlEntry {
  key: string;
  keyNode: Scalar;
  /**
   * The value as written: an alias stays an alias (the helpers follow it), so a value read
   * through one keeps the alias's own place, where it is edited without touching the anchor.
   * Null when there is none, or when the alias has no anchor to follow.
   */
  value: Node | null;
}

interface MergedEntries {
  entries: YamlEntry[];
  /** The merge source, as written in this mapping, whose chain was cut at MAX_INDIRECTION. */
  cutAt?: NodeWithRange;
}

export class YamlDoc {
  private readonly entryCache = new Map<Node, MergedEntries>();
  private anchors: Map<string, Node[]> | undefined;

  /**
   * `document` is `yaml`'s, when it parsed the text; `parseBlockYaml`'s trees have no anchors
   * and come without one.
   */
  constructor(
    readonly file: string,
    readonly text: string,
    readonly positions: PositionIndex,
    private readonly contents: Node | null,
    private readonly document?: Document.Parsed,
  ) {}

  get root(): Node | null {
    return this.deref(this.contents);
  }

  /** Follows an alias to its anchored node. */
  deref(node: unknown, depth = 0): Node | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (depth > MAX_INDIRECTION) return null;
      return this.deref(this.anchoredBefore(node.source, node.range?.[0] ?? Infinity), depth + 1);
    }
    return node as Node;
  }

  /**
   * The node an alias at `offset` refers to: the last one with that anchor before it, as YAML
   * says (an anchor name can be reused). The table is in document order: a binary search.
   */
  private anchoredBefore(anchor: string, offset: number): Node | undefined {
    const list = this.anchorTable().get(anchor);
    if (!list) return undefined;
    let low = 0;
    let high = list.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((list[mid].range?.[0] ?? 0) < offset) low = mid;
      else high = mid - 1;
    }
    return list[low];
  }

  private anchorTable(): Map<string, Node[]> {
    if (!this.anchors) {
      const anchors = new Map<string, Node[]>();
      if (this.document) yamlPackage().visit(this.document, {
        Node(_key, node) {
          if (node.anchor) addToList(anchors, node.anchor, node);
        },
      });
      this.anchors = anchors;
    }
    return this.anchors;
  }

  /**
   * The pairs of a mapping, merge keys (`<<`) included; the mapping's own keys win, then earlier
   * merge sources. Memoised per mapping and deduplicated by key, so merge chains stay linear.
   */
  entries(node: unknown): YamlEntry[] {
    return this.merged(node, 0).entries;
  }

  /**
   * Where following a mapping's merge keys stopped at MAX_INDIRECTION levels, if it did: the
   * merge source (`<<: *base`) that leads past the limit. A key the mapping lacks may be set there.
   */
  mergeCut(node: unknown): Location | undefined {
    const cutAt = this.merged(node, 0).cutAt;
    return cutAt ? this.loc(cutAt) : undefined;
  }

  private merged(node: unknown, depth: number): MergedEntries {
    const map = this.deref(node);
    if (!isMap(map)) return { entries: [] };
    const cached = this.entryCache.get(map);
    if (cached) return cached;
    // Too deep (or circular): not read, and the mapping that merges it says where it was cut.
    if (depth > MAX_INDIRECTION) return { entries: [], cutAt: node as NodeWithRange };
    const result: MergedEntries = { entries: [] };
    const seen = new Set<string>();
    const merges: unknown[] = [];
    for (const pair of (map as YAMLMap).items as Pair[]) {
      const keyNode = this.deref(pair.key);
      if (!isScalar(keyNode)) continue;
      if (isMergeKey(keyNode)) {
        const value = this.deref(pair.value);
        merges.push(...(isSeq(value) ? (value as YAMLSeq).items : [pair.value]));
        continue;
      }
      const key = String(keyNode.value);
      if (seen.has(key)) continue;
      seen.add(key);
      // An alias whose anchor is missing (yaml leaves that to toJS to reject) is no value.
      result.entries.push({ key, keyNode, value: this.deref(pair.value) === null ? null : (pair.value as Node) });
    }
    for (const source of merges) {
      const merged = this.merged(source, depth + 1);
      if (merged.cutAt) result.cutAt ??= source as NodeWithRange;
      for (const entry of merged.entries) {
        if (seen.has(entry.key)) continue;
        seen.add(entry.key);
        result.entries.push(entry);
      }
    }
    this.entryCache.set(map, result);
    return result;
  }

  /** A mapping's value by key as written (an alias stays one), case-insensitive when asked, merge keys included. */
  get(node: unknown, key: string, caseInsensitive = false): Node | null {
    const wanted = caseInsensitive ? key.toLowerCase() : key;
    const own = this.ownPair(node, wanted, caseInsensitive);
    if (own === 'merged') {
      for (const entry of this.entries(node)) {
        if ((caseInsensitive ? entry.key.toLowerCase() : entry.key) === wanted) return entry.value;
      }
      return null;
    }
    // An alias whose anchor is missing is no value, as in `entries`.
    return own && this.deref(own.value) !== null ? (own.value as Node) : null;
  }

  /**
   * A mapping's first own pair with the key, found without building its entries (most lookups end
   * here, and a first read does thousands); 'merged' when it has none but merge keys may hold it.
   */
  private ownPair(node: unknown, wanted: string, caseInsensitive: boolean): Pair | 'merged' | undefined {
    const map = this.deref(node);
    if (!isMap(map)) return undefined;
    let merges = false;
    for (const pair of (map as YAMLMap).items as Pair[]) {
      const keyNode = this.deref(pair.key);
      if (!isScalar(keyNode)) continue;
      if (isMergeKey(keyNode)) {
        merges = true;
        continue;
      }
      const name = String(keyNode.value);
      if ((caseInsensitive ? name.toLowerCase() : name) === wanted) return pair;
    }
    return merges ? 'merged' : undefined;
  }

  getPath(node: unknown, path: string[], caseInsensitive = false): Node | null {
    let current: Node | null = this.deref(node);
    for (const key of path) {
      current = this.get(current, key, caseInsensitive);
      if (current === null) return null;
    }
    return current;
  }

  hasKey(node: unknown, key: string): boolean {
    const own = this.ownPair(node, key, false);
    return own === 'merged' ? this.entries(node).some((entry) => entry.key === key) : own !== undefined;
  }

  items(node: unknown): Node[] {
    const seq = this.deref(node);
    if (!isSeq(seq)) return [];
    const result: Node[] = [];
    for (const item of (seq as YAMLSeq).items) {
      const resolved = this.deref(item);
      if (resolved) result.push(resolved);
    }
    return result;
  }

  isMap(node: unknown): boolean {
    return isMap(this.deref(node));
  }

  /** A scalar's text, or undefined for collections and nulls. */
  textOf(node: unknown): string | undefined {
    const scalar = this.deref(node);
    if (!isScalar(scalar) || scalar.value === null || scalar.value === undefined) return undefined;
    return String(scalar.value);
  }

  isNull(node: unknown): boolean {
    const scalar = this.deref(node);
    return isScalar(scalar) && (scalar.value === null || scalar.value === undefined);
  }

  loc(node: NodeWithRange): Location {
    const range = node?.range ?? [0, 0, 0];
    return location(this.file, this.positions, range[0], this.contentEnd(node));
  }

  /**
   * Where a node's written value ends. A block collection ends with its last value: `yaml` would
   * take in the line breaks and comments after it, which `parseBlockYaml` does not reproduce.
   */
  contentEnd(node: NodeWithRange): number {
    const range = node?.range ?? [0, 0, 0];
    if (!(isMap(node) || isSeq(node)) || node.flow || node.items.length === 0) return range[1];
    const last = node.items[node.items.length - 1];
    return this.contentEnd((isPair(last) ? (last.value ?? last.key) : last) as NodeWithRange);
  }

  /**
   * The written value of a scalar node, with an edit site that keeps its quotes. Read through an
   * alias, it is placed at the alias and rewritten there (replacing `*name`): that is where this
   * key's value is written, and the anchored value may feed other keys.
   */
  written(node: unknown, path: string): WrittenValue | undefined {
    const scalar = this.deref(node);
    if (!isScalar(scalar) || !scalar.range) return undefined;
    if (scalar.value === null || scalar.value === undefined) return undefined;
    const [start, end] = scalar.range;
    const value = scalar.value;
    const aliasRange = isAlias(node) ? node.range : undefined;
    const [placeStart, placeEnd] = aliasRange ?? scalar.range;
    // `.nan` stays the text it is written as: NaN from code is mysql2's default connectionLimit, but
    // written in a file it is a value that is not a number, reported like any other text.
    const notANumber = typeof value === 'number' && Number.isNaN(value);
    const written: WrittenValue = {
      text: notANumber ? this.text.slice(start, end) : String(value),
      loc: location(this.file, this.positions, placeStart, placeEnd),
      path,
    };
    if (typeof value === 'number' && !notANumber) written.number = value;
    if (aliasRange) {
      // `*name` is replaced by the new value in the anchored value's quotes: a string stays a string.
      const quote = scalar.type === 'QUOTE_DOUBLE' ? '"' : scalar.type === 'QUOTE_SINGLE' ? "'" : '';
      written.throughAlias = true;
      written.edit = { file: this.file, range: rangeOf(this.positions, placeStart, placeEnd), prefix: quote, suffix: quote };
      return written;
    }
    const inner = this.innerRange(scalar);
    if (inner) {
      written.edit = { file: this.file, range: rangeOf(this.positions, inner[0], inner[1]), prefix: '', suffix: '' };
    }
    return written;
  }

  /**
   * Like `written`, but a list or map written where a number belongs is kept as its source text
   * (not editable), so it is reported as an invalid value instead of read as absent.
   */
  writtenOrCollection(node: unknown, path: string): WrittenValue | undefined {
    const written = this.written(node, path);
    const target = this.deref(node);
    if (written || !(isMap(target) || isSeq(target))) return written;
    const asWritten = node as NodeWithRange;
    const range = asWritten?.range ?? target.range;
    if (!range) return undefined;
    const end = this.contentEnd(asWritten?.range ? asWritten : target);
    return { text: this.text.slice(range[0], end).trim(), loc: location(this.file, this.positions, range[0], end), path };
  }

  /**
   * Offsets of a scalar's text between its quotes, when the written text is the value itself
   * (no escapes, not a block scalar), so a part of it can be located and replaced.
   */
  innerRange(scalar: Scalar): [number, number] | undefined {
    if (!scalar.range) return undefined;
    const [start, end] = scalar.range;
    switch (scalar.type) {
      case 'PLAIN':
        return [start, end];
      case 'QUOTE_DOUBLE':
      case 'QUOTE_SINGLE': {
        const inner: [number, number] = [start + 1, end - 1];
        return this.text.slice(inner[0], inner[1]) === String(scalar.value) ? inner : undefined;
      }
      default:
        return undefined;
    }
  }

  position(offset: number): Position {
    return this.positions.position(offset);
  }

  /**
   * Where a new `key: value` line goes at the end of a block mapping, indented like its keys:
   * after the line of its last entry (after any comment on that line).
   */
  appendToBlockMap(node: unknown, key: string): EditSite | undefined {
    const map = this.deref(node);
    if (!isMap(map) || (map as YAMLMap).flow) return undefined;
    const pairs = (map as YAMLMap).items as Pair[];
    const firstKey = pairs.length > 0 ? this.deref(pairs[0].key) : null;
    const last = pairs[pairs.length - 1];
    if (!firstKey?.range || !last) return undefined;
    const keyStart = firstKey.range[0];
    const indent = keyStart - (this.text.lastIndexOf('\n', keyStart - 1) + 1);
    const lastNode = (this.deref(last.value) ?? this.deref(last.key)) as Node | null;
    const lastEnd = lastNode?.range ? this.contentEnd(lastNode) : keyStart;
    const newline = this.text.indexOf('\n', Math.max(lastEnd - 1, 0));
    const at = newline === -1 ? this.text.length : newline;
    const eol = this.text.slice(at - 1, at) === '\r' ? '\r\n' : '\n';
    const insertAt = eol === '\r\n' ? at - 1 : at;
    return {
      file: this.file,
      range: rangeOf(this.positions, insertAt, insertAt),
      prefix: `${eol}${' '.repeat(indent)}${key}: `,
      suffix: '',
    };
  }
}

/** A merge key, `<<`, as `yaml` may give it: a symbol or the string. */
function isMergeKey(key: Scalar): boolean {
  return typeof key.value === 'symbol' || key.value === '<<';
}

/** `yaml`, required when a text is not block YAML: a start that reads none pays nothing for it. */
function yamlPackage(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml') as typeof Yaml;
}

/**
 * Hands the documents of a YAML stream to `read`, and returns the stream's errors. Block YAML is
 * parsed a document at a time as `read` asks for them: a 6,000-line manifest's trees then never all
 * live at once, and the young generation's collections copy one document's, not the stream's (a
 * fifth less time on a cold read). When the text turns out to leave the block subset, `read` is
 * called again with `yaml`'s documents, and must start over.
 */
export function readYamlDocuments(file: string, text: string, read: (docs: Iterable<YamlDoc>) => void): YamlParseError[] {
  // Our own index, not yaml's LineCounter: that one misses breaks inside error tokens and lone \r.
  const positions = new LineIndex(text);
  const block = blockYamlDocuments(text);
  if (block) {
    try {
      read(yamlDocs(block, file, text, positions));
      return [];
    } catch (error) {
      if (error !== OUTSIDE) throw error;
    }
  }
  const { docs, errors } = parseWithYamlPackage(file, text, positions);
  read(docs);
  return errors;
}

function* yamlDocs(contents: Iterable<Node | null>, file: string, text: string, positions: LineIndex): Generator<YamlDoc> {
  for (const content of contents) yield new YamlDoc(file, text, positions, content);
}

/**
 * `yaml`'s documents of a text. A document with errors is left out (its numbers would be guesses)
 * and its first error is reported.
 */
function parseWithYamlPackage(file: string, text: string, positions: LineIndex): { docs: YamlDoc[]; errors: YamlParseError[] } {
  const parsed = yamlPackage().parseAllDocuments(text, { merge: true, uniqueKeys: false, prettyErrors: false });
  const docs: YamlDoc[] = [];
  const errors: YamlParseError[] = [];
  if (!Array.isArray(parsed)) return { docs, errors };
  for (const doc of parsed) {
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      const [start, end] = error.pos;
      errors.push({
        message: error.message.split('\n')[0],
        loc: location(file, positions, start, Math.max(start, Math.min(end, text.length))),
      });
      continue;
    }
    docs.push(new YamlDoc(file, text, positions, doc.contents as Node | null, doc));
  }
  return { docs, errors };
}
