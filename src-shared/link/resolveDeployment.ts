import type { Expr } from '../code/codeFacts';
import { evaluate, type EvalContext, type Evaluated } from '../code/evaluate';
import { parseCount } from '../numbers';
import type { Deployment, EditSite, Factor, FactorProblem, Location, Settings, WrittenValue } from '../types';
import { configKeyOf, resolveConfig, type ConfigFolders, type ResolvedConfig } from './configResolution';
import { DEFAULT_PORT } from './databaseServers';
import type { Descriptor } from './descriptors';
import { selectedEnvironment } from './environment';
import { countFactor, defaultFactor, unresolvedFactor } from './factors';
import type { FilePool } from './programs';

/** Thrown while evaluating when a value the code reads cannot be resolved in the workspace. */
class Unresolved extends Error {
  constructor(readonly problem: FactorProblem, readonly via: WrittenValue[]) {
    super(problem.message);
  }
}

export interface ResolvedDeployment extends Omit<Deployment, 'server' | 'peakInstances' | 'peakReasons' | 'total' | 'peak'> {
  host?: string;
  port?: number;
  pool?: FilePool;
  descriptor: Descriptor;
  /** The place of `workers: -1` or `os.cpus()` when it met a container CPU limit. */
  coresInContainer?: Location;
}

const DEFAULT_LIMIT_NOTE = "mysql2's default connectionLimit 10";

/** A code expression that comes out undefined, or NaN for a connectionLimit (mysql2 then takes its default). */
interface UndefinedInCode {
  undefinedFrom: Extract<Evaluated, { known: true }>;
}

/** Resolves a descriptor's factors, one deployment per pool its program creates. */
export function resolveDeployments(
  descriptor: Descriptor,
  folders: ConfigFolders,
  settings: Settings,
): ResolvedDeployment[] {
  const environment = selectedEnvironment(descriptor.env) ?? settings.environment;
  const config = resolveConfig(folders, descriptor.configDir, environment, descriptor.env, settings.envPrefix);
  const pools: Array<FilePool | undefined> = descriptor.program?.pools.length ? descriptor.program.pools : [undefined];
  return pools.map((pool, index) => {
    const resolver = new FactorResolver(descriptor, config, settings);
    const connectionLimit = resolver.connectionLimit(pool);
    const workers = resolver.workers(pool);
    const { host, port } = resolver.address(pool);
    const suffix = index === 0 ? '' : `@${pool!.file}:${pool!.loc.range.start.line + 1}:${pool!.loc.range.start.character + 1}`;
    return {
      id: descriptor.id + suffix,
      name: descriptor.name,
      kind: descriptor.kind,
      loc: descriptor.loc,
      instances: descriptor.instances,
      workers,
      connectionLimit,
      environment: config.layers.length ? environment : undefined,
      configFiles: config.layers.map((layer) => layer.file),
      host,
      port,
      pool,
      descriptor,
      coresInContainer: resolver.coresInContainer,
    };
  });
}

class FactorResolver {
  coresInContainer?: Location;
  private readonly collected: WrittenValue[] = [];

  constructor(
    private readonly descriptor: Descriptor,
    private readonly config: ResolvedConfig,
    private readonly settings: Settings,
  ) {}

  private readonly context: EvalContext = {
    env: (name) => {
      const value = this.descriptor.env.get(name);
      if (!value) return undefined;
      if (value.problem) throw new Unresolved(value.problem, value.via);
      this.collected.push(...value.via);
      return value.resolved;
    },
    config: (path) => {
      const key = configKeyOf(path);
      if (!key) return undefined;
      const found = this.config.get(key);
      if (!found) return this.config.layers.length > 0 ? 'missing' : undefined;
      if (found.problem) throw new Unresolved(found.problem, found.fromEnv?.via ?? []);
      if (found.fromEnv) this.collected.push(...found.fromEnv.via);
      return found.value;
    },
    cores: () => this.cores(),
  };

  private cores(): { value: number; assumption?: string; source?: WrittenValue } {
    const limit = this.descriptor.cpuLimit;
    if (limit) return { value: Math.ceil(limit.cores), source: limit.written };
    const cores = this.settings.assumedCpuCores;
    return { value: cores, assumption: `${cores} CPU cores assumed (connectionBudget.assumedCpuCores)` };
  }

  private evaluate(expr: Expr): Evaluated | { unresolved: Unresolved } {
    this.collected.length = 0;
    try {
      const result = evaluate(expr, this.context);
      return { ...result, via: [...result.via, ...this.collected] };
    } catch (error) {
      if (error instanceof Unresolved) return { unresolved: error };
      throw error;
    }
  }

  /** A factor from an evaluated code expression. */
  private fromCode(expr: Expr, kind: 'workers' | 'connectionLimit', anchor: WrittenValue | undefined): Factor | UndefinedInCode {
    const result = this.evaluate(expr);
    const anchorVia = anchor ? [anchor] : [];
    if ('unresolved' in result) return unresolvedFactor(result.unresolved.problem, [...anchorVia, ...result.unresolved.via]);
    if (!result.known) {
      return { value: null, via: [...anchorVia, ...result.via], problem: { code: 'unresolved-value', message: result.reason, loc: result.loc }, rewriteAt: anchor?.edit };
    }
    // mysql2 takes an undefined or NaN connectionLimit as its default (pool_config.js: isNaN → 10).
    const driverDefault = kind === 'connectionLimit' && typeof result.value === 'number' && Number.isNaN(result.value);
    if (result.value === undefined || driverDefault) return { undefinedFrom: result };
    const via = [...anchorVia, ...result.via];
    const parsed = parseCount(typeof result.value === 'number' && Number.isNaN(result.value) ? 'NaN' : result.value, kind);
    const factor: Factor = parsed.ok
      ? { value: parsed.value, source: result.source, via, assumption: result.assumption }
      : { value: null, source: result.source, via, problem: { code: 'invalid-value', message: parsed.reason, loc: result.source?.loc ?? anchor?.loc ?? result.via[0]?.loc } };
    if (!result.source?.edit) factor.rewriteAt = anchor?.edit;
    return factor;
  }

  private configValue(key: 'workers' | 'database.connectionLimit', kind: 'workers' | 'connectionLimit'): Factor | undefined {
    const found = this.config.get(key);
    if (!found) return undefined;
    if (found.problem) return unresolvedFactor(found.problem, found.fromEnv?.via ?? []);
    return countFactor(found.value, kind, found.fromEnv?.via ?? []);
  }

  private defaultLimit(rewriteAt?: Factor['rewriteAt'], via: WrittenValue[] = []): Factor {
    return { value: 10, via, assumption: `${DEFAULT_LIMIT_NOTE} (none is set)`, rewriteAt };
  }

  connectionLimit(pool: FilePool | undefined): Factor {
    const configInsert = this.config.connectionLimitInsert;
    if (pool?.connectionLimit) {
      const factor = this.fromCode(pool.connectionLimit, 'connectionLimit', pool.connectionLimitInitializer);
      if (!('undefinedFrom' in factor)) return factor;
      return this.defaultLimit(this.undefinedLimitSite(factor, pool), pool.connectionLimitInitializer ? [pool.connectionLimitInitializer] : []);
    }
    if (pool?.configBase) {
      const expr: Expr = { kind: 'config', path: [...pool.configBase.path, 'connectionLimit'], loc: pool.configBase.loc };
      const factor = this.fromCode(expr, 'connectionLimit', undefined);
      if (!('undefinedFrom' in factor)) return factor;
      return this.defaultLimit(configInsert);
    }
    if (pool) return this.defaultLimit(pool.insertAt);
    return this.configValue('database.connectionLimit', 'connectionLimit') ?? this.defaultLimit(configInsert);
  }

  /**
   * Where a number makes a pool's undefined connectionLimit that number: the one written value its
   * code converts, the config when the code reads the config's missing connectionLimit, else the
   * whole initializer. (Not the config when the code does not read it: `parseInt(process.env.X || 'ten')`.)
   */
  private undefinedLimitSite({ undefinedFrom }: UndefinedInCode, pool: FilePool): EditSite | undefined {
    const readsMissingLimit = undefinedFrom.missingConfig && configKeyOf(undefinedFrom.missingConfig) === 'database.connectionLimit';
    return undefinedFrom.source?.edit ?? (readsMissingLimit ? this.config.connectionLimitInsert : undefined) ?? pool.connectionLimitInitializer?.edit;
  }

  workers(pool: FilePool | undefined): Factor {
    if (pool?.inPrimary) {
      return {
        value: 1,
        via: [{ text: 'cluster.isPrimary', loc: pool.inPrimary, path: 'pool created in the cluster primary: one process per instance' }],
      };
    }
    const forks = this.descriptor.program?.forks ?? [];
    let factor: Factor | undefined;
    if (forks.length > 0) {
      factor = this.forkedWorkers(forks);
    } else {
      factor = this.configValue('workers', 'workers');
    }
    if (!factor) return defaultFactor(1, 'one worker process (no workers setting or cluster.fork() found)');
    return factor.value === -1 ? this.perCore(factor) : factor;
  }

  private forkedWorkers(forks: NonNullable<Descriptor['program']>['forks']): Factor {
    let total = 0;
    for (const fork of forks) {
      const anchor: WrittenValue = { text: 'cluster.fork()', loc: fork.loc, path: 'cluster.fork() loop' };
      const result = this.fromCode(fork.count, 'workers', anchor);
      if ('undefinedFrom' in result) return this.configValue('workers', 'workers') ?? defaultFactor(1);
      if (result.value === null) return result;
      if (fork.count.kind === 'cores' && this.descriptor.cpuLimit) this.coresInContainer = fork.count.loc;
      const resolved = result.value === -1 ? this.perCore(result) : result;
      if (forks.length === 1) return resolved;
      total += resolved.value!;
    }
    return { value: total, via: forks.map((fork) => ({ text: 'cluster.fork()', loc: fork.loc, path: 'cluster.fork()' })) };
  }

  /** `workers: -1`: one per core, the container's CPU limit rounded up when set. */
  private perCore(factor: Factor): Factor {
    const cores = this.cores();
    if (this.descriptor.cpuLimit && factor.source) this.coresInContainer = factor.source.loc;
    return {
      ...factor,
      value: cores.value,
      assumption: cores.assumption,
      via: cores.source ? [...factor.via, cores.source] : factor.via,
    };
  }

  address(pool: FilePool | undefined): { host?: string; port?: number } {
    const text = (expr: Expr | undefined): string | undefined => {
      if (!expr) return undefined;
      const result = this.evaluate(expr);
      return 'unresolved' in result || !result.known || result.value === undefined ? undefined : String(result.value);
    };
    if (pool?.uri) {
      const uri = text(pool.uri);
      const parsed = uri ? parseMysqlUri(uri) : undefined;
      if (parsed) return parsed;
    }
    const fromConfig = (key: 'database.host' | 'database.port') => this.config.get(key)?.value.text || undefined;
    const host = text(pool?.host) ?? (pool?.configBase ? text({ kind: 'config', path: [...pool.configBase.path, 'host'], loc: pool.configBase.loc }) : undefined) ?? fromConfig('database.host');
    const portText = text(pool?.port) ?? (pool?.configBase ? text({ kind: 'config', path: [...pool.configBase.path, 'port'], loc: pool.configBase.loc }) : undefined) ?? fromConfig('database.port');
    const port = portText !== undefined && /^\d+$/.test(portText.trim()) ? Number(portText) : undefined;
    return { host, port: host ? (port ?? DEFAULT_PORT) : port };
  }
}

function parseMysqlUri(uri: string): { host?: string; port?: number } | undefined {
  try {
    const url = new URL(uri);
    if (!/^(mysql|mariadb)s?:$/.test(url.protocol)) return undefined;
    return { host: url.hostname || undefined, port: url.port ? Number(url.port) : DEFAULT_PORT };
  } catch {
    return undefined;
  }
}
