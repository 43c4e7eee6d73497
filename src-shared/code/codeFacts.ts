import type { EditSite, Location, WrittenValue } from '../types';

/**
 * An expression from code, kept symbolic: it is evaluated per deployment, because
 * `process.env.X` and config references take each deployment's values.
 */
export type Expr =
  | { kind: 'number'; value: number; written: WrittenValue }
  | { kind: 'string'; value: string; written: WrittenValue }
  | { kind: 'env'; name: string; loc: Location }
  | { kind: 'config'; path: string[]; loc: Location }
  | { kind: 'cores'; loc: Location }
  | { kind: 'call'; fn: MathOrConversion; args: Expr[]; loc: Location }
  | { kind: 'logical'; op: '||' | '??'; left: Expr; right: Expr; loc: Location }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr; loc: Location }
  | { kind: 'unary'; op: '+' | '-'; arg: Expr; loc: Location }
  | { kind: 'dynamic'; text: string; loc: Location };

export type MathOrConversion =
  | 'Number' | 'parseInt' | 'parseFloat' | 'String'
  | 'Math.max' | 'Math.min' | 'Math.floor' | 'Math.ceil' | 'Math.round' | 'Math.trunc';

export type Driver = 'mysql' | 'mysql2';

export interface InvalidPoolOption {
  name: string;
  /** The property's key. */
  loc: Location;
  /** Deleting this range removes the property with its comma and line. */
  removal: Location;
}

export interface PoolFact {
  driver: Driver;
  /** The createPool call. */
  loc: Location;
  connectionLimit?: Expr;
  /** The whole `connectionLimit` initializer: hint anchor, and replaced whole when it is not a literal. */
  connectionLimitInitializer?: WrittenValue;
  host?: Expr;
  port?: Expr;
  /** A connection URI: `createPool(uri)` or the `uri` option. */
  uri?: Expr;
  /** A config object passed whole or spread: `createPool(config.database)`, `{ ...config.database }`. */
  configBase?: { path: string[]; loc: Location };
  /** Where `connectionLimit: N` goes when the options object has none. */
  insertAt?: EditSite;
  invalidOptions: InvalidPoolOption[];
  /** The `cluster.isPrimary` test whose branch creates this pool. */
  inPrimary?: Location;
}

export interface ForkFact {
  /** The `cluster.fork()` call. */
  loc: Location;
  /** How many workers it starts: the loop bound, cores for an `os.cpus()` loop, 1 for a lone call. */
  count: Expr;
}

export interface CodeFacts {
  file: string;
  pools: PoolFact[];
  forks: ForkFact[];
  /** Env vars read for a pool's size, host, port or URI, or a fork bound. */
  envNames: string[];
  /** Set when the file could not be analysed (e.g. nested deeper than the stack allows); the lists are empty. */
  error?: string;
}
