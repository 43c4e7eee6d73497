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
 * sees half of it. `data` in parts is written as one file without being joined first.
 */
export async function writeCacheFile(file: string, data: Uint8Array | readonly Uint8Array[]): Promise<void> {
  await fs.mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const partial = partialFileOf(file);
  const parts = data instanceof Uint8Array ? [data] : data;
  const handle = await fs.open(partial, 'w', 0o600);
  try {
    const { bytesWritten } = await handle.writev(parts as Uint8Array[]);
    const bytes = parts.reduce((sum, part) => sum + part.byteLength, 0);
    if (bytesWritten !== bytes) throw new Error(`wrote ${bytesWritten} of ${bytes} bytes of ${partial}`);
  } finally {
    await handle.close();
  }
  await fs.rename(partial, file);
}

/** Where this process writes `file` before renaming it over: a `.tmp` file beside it. */
export function partialFileOf(file: string): string {
  return `${file}.${process.pid}.tmp`;
}
