import type { FileFacts } from '../fileFacts';
import { joinPath, parentDir } from '../paths';
import type { ComposeFacts } from '../readers/compose';
import type { DotenvFacts } from '../readers/dotenv';
import { parseOptionNumber, readMysqlCnf } from '../readers/mysqlCnf';
import type { Location, WrittenValue } from '../types';
import { isDatabaseImage, maxConnectionsArgument, portArgument, resolveComposeValue } from './composeDeployments';
import { findConfigMap, serviceNamesFor, type KubernetesObjects } from './kubernetesDeployments';

export const DEFAULT_PORT = 3306;
export const DEFAULT_MAX_CONNECTIONS = 151;
export const DEFAULT_SERVER = 'default';

/** A database server described in the workspace (a Compose service, a Kubernetes workload). */
export interface ServerDeclaration {
  id: string;
  host: string;
  port: number;
  /** Host names that reach it. */
  aliases: Set<string>;
  loc: Location;
  maxConnections?: { value: number; loc: Location };
  /** Paths mounted into it, where a `.cnf` may sit. */
  mounts: string[];
}

export interface WorkspaceServers {
  declared: ServerDeclaration[];
  /** `.cnf` files no declared server mounts, with their max_connections. */
  looseCnf: Array<{ value: number; loc: Location }>;
}

function maxFromArgs(args: WrittenValue[]): ServerDeclaration['maxConnections'] {
  const found = maxConnectionsArgument(args);
  const value = found ? parseOptionNumber(found.text) : undefined;
  return found && value !== undefined ? { value, loc: found.written.loc } : undefined;
}

/** The database servers a Compose file declares (services running a MySQL/MariaDB image). */
export function composeServers(compose: ComposeFacts, dotenvs: Map<string, DotenvFacts>): ServerDeclaration[] {
  const declared: ServerDeclaration[] = [];
  const interpolation = dotenvs.get(joinPath(compose.dir, '.env'));
  for (const service of compose.services) {
    if (!isDatabaseImage(service.image)) continue;
    const args = service.command.map((arg) => resolveComposeValue(arg, interpolation).resolved ?? arg);
    const port = portArgument(args) ?? DEFAULT_PORT;
    declared.push({
      id: `${service.name}:${port}`,
      host: service.name,
      port,
      aliases: new Set(service.hostnames),
      loc: service.loc,
      maxConnections: maxFromArgs(args),
      mounts: service.volumes.filter((volume) => /^[.~/]/.test(volume.source)).map((volume) => joinPath(compose.dir, volume.source)),
    });
  }
  return declared;
}

/** The database servers Kubernetes workloads run, with max_connections from their args or a mounted ConfigMap. */
export function kubernetesServers(kubernetes: KubernetesObjects): ServerDeclaration[] {
  const declared: ServerDeclaration[] = [];
  for (const workload of kubernetes.workloads) {
    const container = workload.containers.find((candidate) => isDatabaseImage(candidate.image));
    if (!container) continue;
    const port = portArgument(container.args) ?? DEFAULT_PORT;
    let maxConnections = maxFromArgs(container.args);
    for (const mapName of workload.configMapVolumes) {
      const map = findConfigMap(kubernetes, mapName, workload.namespace);
      for (const value of map?.data.values() ?? []) {
        const cnf = readMysqlCnf(value.loc.file, value.text).maxConnections;
        const parsed = cnf ? parseOptionNumber(cnf.text) : undefined;
        if (parsed !== undefined && !maxConnections) maxConnections = { value: parsed, loc: value.loc };
      }
    }
    declared.push({
      id: `${workload.name}:${port}`,
      host: workload.name,
      port,
      aliases: new Set([workload.name, ...serviceNamesFor(kubernetes, workload)]),
      loc: workload.loc,
      maxConnections,
      mounts: [],
    });
  }
  return declared;
}

/**
 * Gives each declared server the max_connections of a `.cnf` mounted into it (command-line options
 * win, as in mysqld); `.cnf` files nobody mounts are loose. Declarations are copied, not changed,
 * so that they can be reused by the next analysis.
 */
export function withOptionFiles(declarations: ServerDeclaration[], cnfFiles: FileFacts[]): WorkspaceServers {
  const declared = declarations.map((server) => ({ ...server }));
  const looseCnf: WorkspaceServers['looseCnf'] = [];
  const byMount = new Map<string, ServerDeclaration>();
  for (const server of declared) for (const mount of server.mounts) if (!byMount.has(mount)) byMount.set(mount, server);
  /** The server mounting a file or one of its folders. */
  const mountedBy = (file: string): ServerDeclaration | undefined => {
    for (let path = file; ; path = parentDir(path)) {
      const server = byMount.get(path);
      if (server || path === '') return server;
    }
  };
  for (const facts of cnfFiles) {
    const written = facts.cnf?.maxConnections;
    const value = written ? parseOptionNumber(written.text) : undefined;
    if (!written || value === undefined) continue;
    const mounting = mountedBy(facts.file);
    if (mounting) mounting.maxConnections ??= { value, loc: written.loc };
    else looseCnf.push({ value, loc: written.loc });
  }
  return { declared, looseCnf };
}

/** Finds the declared server a host and port reach, by any of its names; built once per analysis. */
export function serverFinder(servers: ServerDeclaration[]): (host: string | undefined, port: number | undefined) => string {
  const byAlias = new Map<string, ServerDeclaration[]>();
  for (const server of servers) {
    for (const alias of server.aliases) {
      const key = alias.toLowerCase();
      byAlias.set(key, [...(byAlias.get(key) ?? []), server]);
    }
  }
  const lookup = (label: string | undefined, port: number | undefined) =>
    label === undefined ? undefined : byAlias.get(label)?.find((server) => port === undefined || port === server.port);
  return (host, port) => {
    if (!host) return DEFAULT_SERVER;
    const labels = host.toLowerCase().split('.');
    const match = lookup(labels[0], port) ?? (labels.length > 1 ? lookup(labels[1], port) : undefined);
    return match ? match.id : `${host}:${port ?? DEFAULT_PORT}`;
  };
}
