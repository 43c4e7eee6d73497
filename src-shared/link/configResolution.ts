import { CONFIG_KEYS, cutProblem, type ConfigFacts, type ConfigKey } from '../readers/appConfig';
import type { FileFacts } from '../fileFacts';
import { parentDir } from '../paths';
import type { EditSite, FactorProblem, Location, WrittenValue } from '../types';
import { overridePath, type Environment, type EnvValue } from './environment';
import { addToList } from '../lists';

export interface ConfigFolders {
  dirs: string[];
  byDir: Map<string, ConfigFacts[]>;
  /** Per program root (candidates: its folders, else all): each path prefix → its first config folder. */
  prefixIndex: Map<string, Map<string, string>>;
  under?: Map<string, string[]>;
}

/** Folders holding an app config; their sibling candidates (files with only `database.host`) count too. */
export function collectConfigFolders(files: FileFacts[]): ConfigFolders {
  const candidates = new Map<string, ConfigFacts[]>();
  for (const facts of files) {
    const config = facts.config;
    if (!config) continue;
    const list = candidates.get(config.dir) ?? [];
    list.push(config);
    candidates.set(config.dir, list);
  }
  const byDir = new Map<string, ConfigFacts[]>();
  for (const [dir, list] of candidates) {
    if (list.some((config) => config.isAppConfig)) byDir.set(dir, list.sort((a, b) => a.file.localeCompare(b.file)));
  }
  return { dirs: [...byDir.keys()].sort(), byDir, prefixIndex: new Map() };
}

/** For each folder, the config folders inside it (in path order); built once per analysis. */
function dirsUnder(folders: ConfigFolders): Map<string, string[]> {
  if (!folders.under) {
    const under = new Map<string, string[]>();
    for (const dir of folders.dirs) {
      for (let prefix = dir; ; prefix = parentDir(prefix)) {
        addToList(under, prefix, dir);
        if (prefix === '') break;
      }
    }
    folders.under = under;
  }
  return folders.under;
}

/**
 * The config folder a deployment uses: its program's, the only one, or the one sharing the longest
 * path prefix with the descriptor (the first in path order on a tie). Indexed by prefix, so each
 * lookup walks the descriptor's ancestors instead of comparing every folder.
 */
export function chooseConfigDir(folders: ConfigFolders, programRoot: string | undefined, nearFile: string): string | undefined {
  if (folders.dirs.length === 0) return undefined;
  if (folders.dirs.length === 1) return folders.dirs[0];
  const inProgram = programRoot === undefined ? [] : (dirsUnder(folders).get(programRoot) ?? []);
  // A program without config folders of its own shares the index of all folders.
  const key = inProgram.length > 0 ? programRoot! : '\0all';
  let byPrefix = folders.prefixIndex.get(key);
  if (!byPrefix) {
    const candidates = inProgram.length > 0 ? inProgram : folders.dirs;
    byPrefix = new Map();
    for (const dir of candidates) {
      const segments = dir === '' ? [] : dir.split('/');
      for (let depth = 0; depth <= segments.length; depth++) {
        const prefix = segments.slice(0, depth).join('/');
        if (!byPrefix.has(prefix)) byPrefix.set(prefix, dir);
      }
    }
    folders.prefixIndex.set(key, byPrefix);
  }
  const segments = nearFile.split('/');
  for (let depth = segments.length; depth >= 0; depth--) {
    const found = byPrefix.get(segments.slice(0, depth).join('/'));
    if (found !== undefined) return found;
  }
  return undefined;
}

export interface ConfigValue {
  value: WrittenValue;
  /** Values it overrides: a base file's, or a config value under an env override. */
  overridden: WrittenValue[];
  fromEnv?: EnvValue;
  /** Why the value is unknown: an env override that cannot be resolved, or a cut merge chain. */
  problem?: FactorProblem;
}

export interface ResolvedConfig {
  dir: string | undefined;
  environment: string;
  /** Layers, base first. Empty when no file of the folder applies to this environment. */
  layers: ConfigFacts[];
  get(key: ConfigKey): ConfigValue | undefined;
  /** Where `connectionLimit` is added when no layer sets it. */
  connectionLimitInsert?: EditSite;
}

/**
 * The config a deployment sees: the folder's base file, its environment's file over it, and the
 * deployment's env overrides over both (they apply even when no config file is in the workspace).
 */
export function resolveConfig(
  folders: ConfigFolders,
  dir: string | undefined,
  environment: string,
  env: Environment,
  prefix: string,
): ResolvedConfig {
  const files = dir === undefined ? [] : (folders.byDir.get(dir) ?? []);
  const base = files.find((config) => config.isBase);
  const forEnvironment =
    files.find((config) => config.environment === environment) ??
    files.find((config) => config.environment.toLowerCase() === environment.toLowerCase());
  let layers: ConfigFacts[];
  if (forEnvironment) layers = base && base !== forEnvironment ? [base, forEnvironment] : [forEnvironment];
  else if (base) layers = [base];
  else if (dir !== undefined && folders.dirs.length === 1 && files.length === 1) layers = [files[0]];
  else layers = [];

  const overrides = new Map<string, EnvValue>();
  for (const value of env.values()) {
    const path = overridePath(value.name, prefix);
    if (path) overrides.set(path, value);
  }
  const values = new Map<ConfigKey, ConfigValue>();
  for (const key of CONFIG_KEYS) {
    const overridden: WrittenValue[] = [];
    let current: WrittenValue | undefined;
    let cut: Location | undefined;
    for (const layer of layers) {
      const written = layer.values[key];
      if (!written) {
        // A layer that may set the key beyond a cut merge chain may also override the ones before it.
        cut = layer.cutAt[key] ?? cut;
        continue;
      }
      if (current) overridden.push(current);
      current = written;
      cut = undefined;
    }
    const fromEnv = overrides.get(key.toLowerCase());
    if (fromEnv) {
      if (current) overridden.push(current);
      const value = fromEnv.resolved ?? { text: '', loc: fromEnv.declared, path: fromEnv.name };
      values.set(key, { value, overridden, fromEnv, problem: fromEnv.problem });
    } else if (cut) {
      if (current) overridden.push(current);
      values.set(key, { value: { text: '', loc: cut, path: key }, overridden, problem: cutProblem(key, cut) });
    } else if (current) {
      values.set(key, { value: current, overridden });
    }
  }
  const top = layers[layers.length - 1];
  return {
    dir,
    environment,
    layers,
    get: (key) => values.get(key),
    connectionLimitInsert: top?.connectionLimitInsert,
  };
}

/** Maps a code reference's path (e.g. `database.connectionLimit`) to a tracked config key. */
export function configKeyOf(path: string[]): ConfigKey | undefined {
  const lower = path.map((segment) => segment.toLowerCase());
  for (const key of CONFIG_KEYS) {
    const wanted = key.toLowerCase().split('.');
    if (lower.length >= wanted.length && wanted.every((segment, i) => lower[lower.length - wanted.length + i] === segment)) {
      return key;
    }
  }
  return undefined;
}
