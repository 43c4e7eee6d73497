import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Where compiled code and read facts are kept between runs: the user's cache folder, never the workspace. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'connection-budget');
}

/**
 * Writes a file of the cache folder, private to the user (folder 0700, file 0600), whole or not at
 * all: it is written beside and renamed over, so that a reader (another window's server) never
 * sees half of it.
 */
export async function writeCacheFile(file: string, data: Uint8Array): Promise<void> {
  await fs.mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const partial = partialFileOf(file);
  await fs.writeFile(partial, data, { mode: 0o600 });
  await fs.rename(partial, file);
}

/** Where this process writes `file` before renaming it over: a `.tmp` file beside it. */
export function partialFileOf(file: string): string {
  return `${file}.${process.pid}.tmp`;
}
