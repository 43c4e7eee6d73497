// The data the analysis core passes around. Positions are 0-based (LSP style);
// the CLI turns them into 1-based lines and columns.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A place in a workspace file; `file` is relative to the workspace root, with `/`. */
export interface Location {
  file: string;
  range: Range;
}

/**
 * Where a number can be rewritten: `newText = prefix + N + suffix` replaces `range`
 * (an empty range inserts). Quotes stay outside the range, so they are kept.
 */
export interface EditSite {
  file: string;
  range: Range;
  prefix: string;
  suffix: string;
}

/** A scalar value as written in a file, with where it is and how to rewrite it. */
export interface WrittenValue {
  /** The text value (YAML scalars and env values are compared as text). */
  text: string;
  /** Set when the source already typed it as a number (a YAML int, a TS numeric literal). */
  number?: number;
  loc: Location;
  /** Absent when the value cannot be rewritten in place (e.g. a composite interpolation). */
  edit?: EditSite;
  /** Human description of where it comes from, e.g. `services.app.deploy.replicas`. */
  path: string;
  /** Read through a YAML alias: `loc` and `edit` are the alias (`*name`), not the value's own text. */
  throughAlias?: true;
}

export type FactorName = 'instances' | 'workers' | 'connectionLimit';

/** One resolved factor of a deployment. */
export interface Factor {
  value: number | null;
  /** Where the effective value lives; absent for a pure default (e.g. mysql2's 10 with nothing written). */
  source?: WrittenValue;
  /** Other places on the way to the value (a code reference, an env var name, a config key it overrides). */
  via: WrittenValue[];
  /** Set when the number rests on an assumption, e.g. "4 CPU cores assumed". */
  assumption?: string;
  /** Why the value is null or suspicious; becomes an unresolved-value or invalid-value finding. */
  problem?: FactorProblem;
  /**
   * Where to write the value when it has no single written source: an insertion point (a config's
   * `database:` map, a pool's options object) or a code expression replaced whole.
   */
  rewriteAt?: EditSite;
}

export interface FactorProblem {
  code: 'unresolved-value' | 'invalid-value';
  message: string;
  loc?: Location;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export type FindingCode =
  | 'over-budget'
  | 'over-max-connections'
  | 'pool-of-one'
  | 'unbounded-pool'
  | 'oversized-pool'
  | 'invalid-pool-option'
  | 'pool-in-primary'
  | 'cores-in-container'
  | 'replicas-conflict'
  | 'unresolved-value'
  | 'invalid-value'
  | 'parse-error';

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The connectionLimit the fix sets, when it sets one. */
  connectionLimit?: number;
  isPreferred?: boolean;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  loc: Location;
  /** Deployments and server the finding is about, for quick fixes and the report. */
  deployments?: string[];
  server?: string;
  fixes: Fix[];
}

export type DeploymentKind = 'config' | 'compose' | 'kubernetes' | 'code';

export interface Deployment {
  id: string;
  name: string;
  kind: DeploymentKind;
  loc: Location;
  server: string;
  instances: Factor;
  peakInstances: number | null;
  /** Why peak instances exceed instances: HPA maximum, rollout surge. */
  peakReasons: string[];
  workers: Factor;
  connectionLimit: Factor;
  total: number | null;
  peak: number | null;
  /** The environment whose config this deployment uses, if any. */
  environment?: string;
  configFiles: string[];
}

export type MaxConnectionsSource = 'default' | 'setting' | 'workspace' | 'database';

export interface DatabaseServer {
  id: string;
  host: string | null;
  port: number;
  /** Where the server itself is described (compose service, workload), if it is. */
  loc?: Location;
  maxConnections: number;
  maxConnectionsSource: MaxConnectionsSource;
  /** The place that set max_connections, when it is in the workspace. */
  maxConnectionsLoc?: Location;
  budget: number;
  total: number | null;
  peak: number | null;
  percent: number | null;
  peakPercent: number | null;
  recommendedConnectionLimit: number | null;
  conservativeConnectionLimit: number | null;
  deployments: string[];
  status: 'ok' | 'over-budget' | 'over-max-connections' | 'unknown';
}

export interface SkippedFile {
  file: string;
  reason: string;
}

/** A live reading of a server, from the query command or `--database`. */
export interface LiveServer {
  host: string;
  port: number;
  maxConnections: number;
}

export interface Settings {
  maxConnections: number | null;
  threshold: number;
  assumedCpuCores: number;
  environment: string;
  envPrefix: string;
  severities: Partial<Record<FindingCode, Severity | 'off'>>;
  live: LiveServer[];
}

export interface Analysis {
  servers: DatabaseServer[];
  deployments: Deployment[];
  findings: Finding[];
  skipped: SkippedFile[];
  /** Every written factor value and the deployments that use it: the anchors of hints and hovers. */
  valueSites: ValueSite[];
}

/** A written value that feeds a factor of some deployments. */
export interface ValueSite {
  loc: Location;
  factor: FactorName;
  deployments: string[];
  /** True where the deployments' effective value lives (false for a reference on the way). */
  effective: boolean;
}
