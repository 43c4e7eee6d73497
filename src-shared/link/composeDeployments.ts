import type { ComposeFacts, ComposeService } from '../readers/compose';
import type { DotenvFacts } from '../readers/dotenv';
import { interpolate } from '../readers/interpolate';
import { joinPath } from '../paths';
import type { Factor, WrittenValue } from '../types';
import type { Environment, EnvValue } from './environment';
import { countFactor, defaultFactor } from './factors';

/** Resolves a written Compose value through interpolation with the `.env` beside the file. */
export function resolveComposeValue(
  written: WrittenValue,
  dotenv: DotenvFacts | undefined,
): { resolved?: WrittenValue; via: WrittenValue[]; missing: string[] } {
  const result = interpolate(written, (name) => dotenv?.values.get(name));
  if (result.value === undefined) return { via: result.via, missing: result.missing };
  const resolved = result.source ? { ...result.source, text: result.value } : { text: result.value, loc: written.loc, path: written.path };
  return { resolved, via: result.via.filter((place) => place !== resolved && place.loc !== resolved.loc), missing: [] };
}

function unresolvedMessage(what: string, missing: string[], file: string): string {
  const names = [...new Set(missing)].join(', ');
  return `${what} uses ${names}, which has no value in the .env beside ${file} and no default`;
}

/** The `.env` files a Compose file reads: its services' `env_file`s and the `.env` beside it. */
export function dotenvsReadBy(compose: ComposeFacts): string[] {
  const files = new Set([joinPath(compose.dir, '.env')]);
  for (const service of compose.services) for (const envFile of service.envFiles) files.add(joinPath(compose.dir, envFile.path));
  return [...files];
}

/** The environment of a Compose service: `env_file` files first, `environment` over them. */
export function composeEnvironment(
  compose: ComposeFacts,
  service: ComposeService,
  dotenvs: Map<string, DotenvFacts>,
): Environment {
  const env: Environment = new Map();
  for (const envFile of service.envFiles) {
    const facts = dotenvs.get(joinPath(compose.dir, envFile.path));
    if (!facts) continue;
    for (const [name, value] of facts.values) {
      env.set(name, { name, declared: value.loc, resolved: value, via: [] });
    }
  }
  const interpolation = dotenvs.get(joinPath(compose.dir, '.env'));
  for (const entry of service.environment) {
    const value: EnvValue = { name: entry.name, declared: entry.nameLoc, via: [] };
    if (entry.value) {
      const result = resolveComposeValue(entry.value, interpolation);
      value.resolved = result.resolved;
      value.via = result.via;
      if (!result.resolved) {
        value.problem = {
          code: 'unresolved-value',
          message: unresolvedMessage(`${entry.name} of service ${service.name}`, result.missing, compose.file),
          loc: entry.value.loc,
        };
      }
    } else {
      value.problem = {
        code: 'unresolved-value',
        message: `${entry.name} of service ${service.name} takes its value from the shell that runs Compose, which the workspace does not show`,
        loc: entry.nameLoc,
      };
    }
    env.set(entry.name, value);
  }
  return env;
}

/** instances = deploy.replicas, else scale, else 1. */
export function composeInstances(compose: ComposeFacts, service: ComposeService, dotenvs: Map<string, DotenvFacts>): {
  instances: Factor;
  conflict?: { scale: WrittenValue; replicas: number };
} {
  const interpolation = dotenvs.get(joinPath(compose.dir, '.env'));
  const read = (written: WrittenValue | undefined): Factor | undefined => {
    if (!written) return undefined;
    const result = resolveComposeValue(written, interpolation);
    if (!result.resolved) {
      return {
        value: null,
        via: result.via,
        problem: { code: 'unresolved-value', message: unresolvedMessage(written.path, result.missing, compose.file), loc: written.loc },
      };
    }
    return countFactor(result.resolved, 'instances', result.via);
  };
  const replicas = read(service.replicas);
  const scale = read(service.scale);
  const instances = replicas ?? scale ?? defaultFactor(1);
  if (replicas?.value != null && scale?.value != null && replicas.value !== scale.value && scale.source) {
    return { instances, conflict: { scale: scale.source, replicas: replicas.value } };
  }
  return { instances };
}

const DATABASE_IMAGES = new Set(['mysql', 'mariadb', 'percona', 'percona-server', 'mysql-server']);

/** `mysql:8`, `docker.io/library/mariadb:11`, `bitnami/mysql`, `percona/percona-server@sha256:…`. */
export function isDatabaseImage(image: string | undefined): boolean {
  if (!image) return false;
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const name = lastSegment.split(':')[0].toLowerCase();
  return DATABASE_IMAGES.has(name);
}

/** `--max-connections=N`, `--max_connections=N` or `--max-connections N` among a server's arguments. */
export function maxConnectionsArgument(args: WrittenValue[]): { text: string; written: WrittenValue } | undefined {
  let found: { text: string; written: WrittenValue } | undefined;
  args.forEach((arg, index) => {
    const match = /^--max[-_]connections(?:=(.*))?$/.exec(arg.text);
    if (!match) return;
    const text = match[1] ?? args[index + 1]?.text;
    if (text !== undefined) found = { text, written: arg };
  });
  return found;
}

/** `--port=N` among a server's arguments. */
export function portArgument(args: WrittenValue[]): number | undefined {
  for (const arg of args) {
    const match = /^--port=(\d+)$/.exec(arg.text);
    if (match) return Number(match[1]);
  }
  return undefined;
}
