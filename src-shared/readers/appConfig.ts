import { MAX_INDIRECTION, type NodeWithRange, type YamlDoc } from '../yaml/yamlTree';
import type { EditSite, FactorProblem, Location, WrittenValue } from '../types';

/** The config keys that matter for the budget, as dotted paths. */
export const CONFIG_KEYS = ['workers', 'database.connectionLimit', 'database.host', 'database.port'] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

export interface ConfigFacts {
  file: string;
  /** The folder, relative to the workspace root ('' for the root). */
  dir: string;
  /** The environment: the file name without extension. */
  environment: string;
  /** `default`/`base`: the base that environment files of the folder override. */
  isBase: boolean;
  /** Has `workers` or `database.connectionLimit`: an app config on its own. */
  isAppConfig: boolean;
  values: Partial<Record<ConfigKey, WrittenValue>>;
  /** A key present with a value that is not a scalar (a list, a map). */
  malformed: Array<{ key: ConfigKey; value: WrittenValue }>;
  /** Keys missing where a merge chain was cut (see `YamlDoc.mergeCut`), with the cut: unknown, not unset. */
  cutAt: Partial<Record<ConfigKey, Location>>;
  /** Where `connectionLimit: N` goes when the file lacks it (none when `database` is not a map). */
  connectionLimitInsert?: EditSite;
  /** The `workers` / `database` keys, where the file declares the deployment. */
  declaration: WrittenValue;
}

const BASE_NAMES = new Set(['default', 'base']);

export function fileStem(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

export function fileDir(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}

/**
 * Reads an app config: a top-level mapping with `workers` and/or `database.connectionLimit`
 * (or `database.host`/`port`, which make it a candidate that counts when its folder holds an
 * app config). Returns undefined for any other document.
 */
export function readAppConfig(doc: YamlDoc): ConfigFacts | undefined {
  const root = doc.root;
  if (!doc.isMap(root)) return undefined;
  if (doc.hasKey(root, 'services') || doc.hasKey(root, 'kind') || doc.hasKey(root, 'apiVersion')) return undefined;
  const workersNode = doc.get(root, 'workers', true);
  const database = doc.get(root, 'database', true);
  const databaseIsMap = doc.isMap(database);
  const values: ConfigFacts['values'] = {};
  const malformed: ConfigFacts['malformed'] = [];
  const cutAt: ConfigFacts['cutAt'] = {};
  const record = (key: ConfigKey, node: unknown, map: unknown) => {
    if (node === null || node === undefined) {
      const cut = doc.mergeCut(map);
      if (cut) cutAt[key] = cut;
      return;
    }
    if (doc.isNull(node)) return;
    const written = doc.written(node, key);
    if (written) values[key] = written;
    else {
      malformed.push({ key, value: { text: '', loc: doc.loc(node as NodeWithRange), path: key } });
      // A list or map where a count belongs is an invalid value, not a missing one.
      if (key === 'workers' || key === 'database.connectionLimit') values[key] = doc.writtenOrCollection(node, key);
    }
  };
  record('workers', workersNode, root);
  if (databaseIsMap || database === null) {
    // Without a `database` key, a cut merge chain of the top level may hide the whole map.
    const map = database ?? root;
    record('database.connectionLimit', doc.get(database, 'connectionLimit', true), map);
    record('database.host', doc.get(database, 'host', true), map);
    record('database.port', doc.get(database, 'port', true), map);
  }
  const hasWorkers = workersNode !== null;
  const hasLimit = values['database.connectionLimit'] !== undefined || malformed.some((m) => m.key === 'database.connectionLimit');
  const hasDatabase = values['database.host'] !== undefined || values['database.port'] !== undefined;
  if (!hasWorkers && !hasLimit && !hasDatabase) return undefined;

  const file = doc.file;
  const environment = fileStem(file);
  const declarationNode = hasWorkers ? workersNode : database;
  const declaration: WrittenValue = {
    text: hasWorkers ? 'workers' : 'database',
    loc: doc.loc(declarationNode as NodeWithRange),
    path: file,
  };
  return {
    file,
    dir: fileDir(file),
    environment,
    isBase: BASE_NAMES.has(environment.toLowerCase()),
    isAppConfig: hasWorkers || hasLimit,
    values,
    malformed,
    cutAt,
    connectionLimitInsert: connectionLimitInsertSite(doc, root, database),
    declaration,
  };
}

/** Why a key that may be set beyond a cut merge chain is unknown. */
export function cutProblem(key: ConfigKey, loc: Location): FactorProblem {
  return {
    code: 'unresolved-value',
    message: `${key} is unknown: this merge (<<) chain is circular or deeper than ${MAX_INDIRECTION} levels and is cut here, and the key may be set beyond the cut`,
    loc,
  };
}

function connectionLimitInsertSite(doc: YamlDoc, root: unknown, database: unknown): EditSite | undefined {
  // `connectionLimit:` with no value (or `~`): the value goes after its colon, not in a second key.
  const emptyKey = doc.entries(database).find((entry) => entry.key.toLowerCase() === 'connectionlimit');
  if (emptyKey?.keyNode.range && doc.isNull(emptyKey.value)) {
    const colon = doc.text.indexOf(':', emptyKey.keyNode.range[1]);
    const valueEnd = (emptyKey.value as { range?: [number, number, number] } | null)?.range?.[1] ?? colon + 1;
    const end = Math.max(colon + 1, valueEnd);
    return { file: doc.file, range: { start: doc.position(colon + 1), end: doc.position(end) }, prefix: ' ', suffix: '' };
  }
  const inDatabase = doc.appendToBlockMap(database, 'connectionLimit');
  if (inDatabase) return inDatabase;
  const text = doc.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const site = (start: number, end: number, prefix: string, suffix = ''): EditSite => ({
    file: doc.file,
    range: { start: doc.position(start), end: doc.position(end) },
    prefix,
    suffix,
  });
  const node = doc.deref(database) as { flow?: boolean; items?: unknown[]; range?: [number, number, number] | null } | null;
  // `database: {host: db}`: inside the braces, not a second `database` key.
  if (doc.isMap(node) && node?.flow && node.range) {
    const close = text.lastIndexOf('}', node.range[1] - 1);
    if (close >= node.range[0]) return site(close, close, node.items?.length ? ', connectionLimit: ' : 'connectionLimit: ');
  }
  // `database:` with no value (or `~`): a block map under the key. What is written there is
  // replaced, an alias of a null included, never the anchored null that other keys may use.
  const key = doc.entries(root).find((entry) => entry.key.toLowerCase() === 'database')?.keyNode;
  const written = (database as NodeWithRange)?.range;
  if (key?.range && written && doc.isNull(node)) {
    const prefix = `${eol}${' '.repeat(doc.position(key.range[0]).character + 2)}connectionLimit: `;
    if (written[1] > written[0]) return site(written[0], written[1], prefix);
    const newline = text.indexOf('\n', key.range[1]);
    const lineEnd = newline === -1 ? text.length : newline - (text[newline - 1] === '\r' ? 1 : 0);
    return site(lineEnd, lineEnd, prefix);
  }
  // `database: mydb` or a flow-style file: no place a new key could go without rewriting the file.
  if (key || (doc.deref(root) as { flow?: boolean } | null)?.flow) return undefined;
  const end = text.length;
  const needsNewline = end > 0 && !text.endsWith('\n');
  return site(end, end, `${needsNewline ? eol : ''}database:${eol}  connectionLimit: `, eol);
}
