import type { FactorProblem, Location, WrittenValue } from '../types';

/** One env var a deployment sets, resolved through interpolation, env files and ConfigMaps. */
export interface EnvValue {
  name: string;
  /** Where the deployment declares it. */
  declared: Location;
  /** The value, placed where it effectively lives; absent when it cannot be resolved. */
  resolved?: WrittenValue;
  /** Places on the way (the `${VAR}` reference, the configMapKeyRef). */
  via: WrittenValue[];
  problem?: FactorProblem;
}

export type Environment = Map<string, EnvValue>;

/** Config keys set by env overrides: `APP_DATABASE__CONNECTIONLIMIT` → `database.connectionlimit`. */
export function overridePath(name: string, prefix: string): string | undefined {
  if (!prefix || name.length <= prefix.length || name.slice(0, prefix.length).toUpperCase() !== prefix.toUpperCase()) {
    return undefined;
  }
  return name
    .slice(prefix.length)
    .split('__')
    .map((segment) => segment.toLowerCase())
    .join('.');
}

export function hasPrefix(name: string, prefix: string): boolean {
  return overridePath(name, prefix) !== undefined;
}

/** The environment name a deployment selects with NODE_ENV or APP_ENV. */
export function selectedEnvironment(env: Environment): string | undefined {
  for (const name of ['NODE_ENV', 'APP_ENV']) {
    const text = env.get(name)?.resolved?.text;
    if (text) return text;
  }
  return undefined;
}
