import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
 * (Node 20 has no `module.enableCompileCache`). The cache is kept on the turn after the first
 * use, so that the functions that use compiled are kept too.
 */
export function requireWithCodeCache(file: string, cacheDir: string): unknown {
  const { exports, keepCompiledCode } = loadWithCodeCache(file, cacheDir);
  setImmediate(keepCompiledCode);
  return exports;
}

/**
 * Loads a CommonJS bundle through V8's code cache, and returns with its exports the function that
 * keeps the code compiled so far (once; later calls do nothing): the caller decides when enough
 * has run. The cache is keyed by the bundle's size and time and Node's version; V8 rejects data
 * that does not fit, and then the bundle loads as usual and the cache is written again. A cache
 * that cannot be read or written costs nothing but the time.
 */
export function loadWithCodeCache(file: string, cacheDir: string): { exports: unknown; keepCompiledCode: () => void } {
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
  let kept = cachedData !== undefined && !script.cachedDataRejected;
  const keepCompiledCode = () => {
    if (kept) return;
    kept = true;
    writeCache(cacheFile, `${basename(file)}-`, () => script.createCachedData());
  };
  return { exports: module.exports, keepCompiledCode };
}

/** Writes a bundle's code cache and deletes those of its earlier builds (`bundlePrefix`). */
function writeCache(cacheFile: string, bundlePrefix: string, data: () => Buffer): void {
  try {
    const dir = dirname(cacheFile);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, data(), { mode: 0o600 });
    renameSync(partial, cacheFile);
    for (const name of readdirSync(dir)) {
      if (name.startsWith(bundlePrefix) && name.endsWith('.v8cache') && name !== basename(cacheFile)) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // A read-only home or a full disk: the next start compiles again.
  }
}
