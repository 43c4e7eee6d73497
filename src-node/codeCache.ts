import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Where compiled code and read facts are kept between runs: the user's cache folder, never the workspace. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'connection-budget');
}

/** The folder of the facts cache, inside the cache folder. */
export function factsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultCacheDir(env), 'facts');
}

/**
 * Requires a CommonJS bundle through V8's code cache, kept in `cacheDir`: TypeScript's 3.5 MB
 * bundle otherwise spends most of its 250–300 ms load parsing and compiling, on every start
 * (Node 20 has no `module.enableCompileCache`). The cache is keyed by the bundle's size and time
 * and Node's version; V8 rejects data that does not fit, and then the bundle loads as usual and
 * the cache is written again. A cache that cannot be read or written costs nothing but the time.
 */
export function requireWithCodeCache(file: string, cacheDir: string): unknown {
  const source = readFileSync(file, 'utf8');
  const { size, mtimeMs } = statSync(file);
  const cacheFile = join(cacheDir, `${basename(file)}-${size}-${Math.round(mtimeMs)}-${process.version}-${process.arch}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) {
    // After this turn's first use, so that the functions it compiled are kept too.
    setImmediate(() => writeCache(cacheFile, () => script.createCachedData()));
  }
  return module.exports;
}

function writeCache(cacheFile: string, data: () => Buffer): void {
  try {
    mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, data(), { mode: 0o600 });
    renameSync(partial, cacheFile);
  } catch {
    // A read-only home or a full disk: the next start compiles again.
  }
}
