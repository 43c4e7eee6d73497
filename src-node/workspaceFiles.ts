import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_MAX_FILE_SIZE, fileType, oversizedFile, readFileFacts, type FileFacts } from '../src-shared/fileFacts';

/** Folders never read: dependencies, VCS data, build output. */
export const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', 'coverage', '.next', '.nuxt', '.turbo', '.cache']);

export interface DiscoverOptions {
  exclude?: string[];
  /** Stop after this many files (the rest are reported as not read). */
  maxFiles?: number;
}

/** Workspace-relative paths (with `/`) of every file the analysis may read, in a stable order. */
export async function discoverFiles(root: string, options: DiscoverOptions = {}): Promise<string[]> {
  const excluded = options.exclude?.length ? picomatch(options.exclude, { dot: true }) : undefined;
  const found: string[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (excluded?.(relative)) continue;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) pending.push(relative);
      } else if (entry.isFile() && fileType(relative) !== 'other') {
        found.push(relative);
        if (options.maxFiles !== undefined && found.length >= options.maxFiles) return found.sort();
      }
    }
  }
  return found.sort();
}

/**
 * Reads one file's facts from disk; a file over the size limit is not read at all. `read` turns the
 * text into facts: the core's reader, or a cache of it.
 */
export async function readFactsFromDisk(root: string, file: string, maxFileSize = DEFAULT_MAX_FILE_SIZE, read = readFileFacts): Promise<FileFacts> {
  if (fileType(file) === 'package') return readFileFacts(file, '', maxFileSize);
  let handle: import('node:fs/promises').FileHandle | undefined;
  try {
    // One open, fstat and read per file: the size is checked on the open handle.
    handle = await fs.open(path.join(root, file), 'r');
    const { size } = await handle.stat();
    if (size > maxFileSize) return oversizedFile(file, size, maxFileSize);
    return read(file, await handle.readFile('utf8'), maxFileSize);
  } catch (error) {
    return { file, kubernetes: [], isPackageJson: false, parseErrors: [], skipped: `skipped: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  } finally {
    await handle?.close();
  }
}

/** Reads every analysable file under a root, a few at a time. */
export async function readWorkspace(root: string, options: DiscoverOptions & { maxFileSize?: number } = {}): Promise<FileFacts[]> {
  const files = await discoverFiles(root, options);
  const facts: FileFacts[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      facts[index] = await readFactsFromDisk(root, files[index], options.maxFileSize);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return facts;
}
