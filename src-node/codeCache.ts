import { promises as fs, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { buildOf } from './buildIdentity';
import { optimisingCompilerHeld } from './optimisingCompiler';
import { partialFileOf, writeCacheFile } from './userCache';

/**
 * Requires a CommonJS bundle through V8's code cache, kept in `cacheDir`: a bundle otherwise
 * spends much of its load parsing and compiling, on every start (Node 20 has no
 * `module.enableCompileCache`). The cache is kept on the turn after the first
 * use, so that the functions that use compiled are kept too.
 */
export function requireWithCodeCache(file: string, cacheDir: string): unknown {
  const { exports, keepCompiledCode } = loadWithCodeCache(file, cacheDir);
  setImmediate(() => void keepCompiledCode());
  return exports;
}

/**
 * Loads a CommonJS bundle through V8's code cache, and returns with its exports the function that
 * keeps the code compiled so far (once; later calls wait for that write): the caller decides when enough
 * has run. The cache is keyed by the bundle's size and time and Node's version; V8 rejects data
 * that does not fit, and then the bundle loads as usual and the cache is written again. V8 also
 * rejects data made under other flags: a bundle loaded while the optimising compiler is held
 * (optimisingCompiler.ts) has a cache of its own, written only while it is still held. A cache
 * that cannot be read or written costs nothing but the time.
 */
export function loadWithCodeCache(file: string, cacheDir: string): { exports: unknown; keepCompiledCode: () => Promise<void> } {
  const source = readFileSync(file, 'utf8');
  const held = optimisingCompilerHeld();
  const bundlePrefix = `${basename(file)}-`;
  const build = `${bundlePrefix}${buildOf([file])}`;
  const cacheFile = join(cacheDir, cacheFileName(build, held));
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  // Once: later calls wait for the first one's write.
  let keeping: Promise<void> | undefined = cachedData !== undefined && !script.cachedDataRejected ? Promise.resolve() : undefined;
  const keepCompiledCode = () => (keeping ??= held === optimisingCompilerHeld() ? writeCache(cacheFile, bundlePrefix, build, script.createCachedData()) : Promise.resolve());
  return { exports: module.exports, keepCompiledCode };
}

/** A build's cache file, one for each state of the optimising compiler. */
function cacheFileName(build: string, held: boolean): string {
  return `${build}${held ? '-held' : ''}.v8cache`;
}

/**
 * Writes a bundle's code cache and deletes those of its earlier builds (`bundlePrefix` names the
 * bundle's caches, `build` this build's), and partial files of writes that were cut off (a process
 * ended while its code reader was writing).
 */
async function writeCache(cacheFile: string, bundlePrefix: string, build: string, data: Buffer): Promise<void> {
  try {
    await writeCacheFile(cacheFile, data);
    const dir = dirname(cacheFile);
    for (const name of await fs.readdir(dir)) {
      const earlier = name.endsWith('.v8cache') && name !== cacheFileName(build, false) && name !== cacheFileName(build, true);
      const cutOff = name.endsWith('.tmp') && name !== basename(partialFileOf(cacheFile));
      if (name.startsWith(bundlePrefix) && (earlier || cutOff)) await fs.rm(join(dir, name), { force: true });
    }
  } catch {
    // A read-only home or a full disk: the next start compiles again.
  }
}
