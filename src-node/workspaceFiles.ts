import { closeSync, fstatSync, openSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_MAX_FILE_SIZE, fileType, oversizedFile, readFileFacts, type FileFacts } from '../src-shared/fileFacts';
import { TimeSlices } from './timeSlices';

/** Folders never read: dependencies, VCS data, build output. */
export const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', 'coverage', '.next', '.nuxt', '.turbo', '.cache']);

export interface DiscoverOptions {
  exclude?: string[];
  /** Stop after this many files (the rest are reported as not read). */
  maxFiles?: number;
  /** Called with each file as it is found, before the listing ends. */
  onFile?: (file: string) => void;
}

/** Folders are listed in slices this long, so that a server answers requests meanwhile. */
const LIST_SLICE_MS = 10;

/**
 * Workspace-relative paths (with `/`) of every file the analysis may read, in a stable order.
 * Listed with synchronous calls (3× faster than `fs.promises` here), in slices.
 */
export async function discoverFiles(root: string, options: DiscoverOptions = {}): Promise<string[]> {
  const excluded = options.exclude?.length ? picomatch(options.exclude, { dot: true }) : undefined;
  const found: string[] = [];
  const pending = [''];
  const slices = new TimeSlices(LIST_SLICE_MS);
  while (pending.length > 0) {
    if (slices.due) await slices.next();
    const dir = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
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
        options.onFile?.(relative);
        if (options.maxFiles !== undefined && found.length >= options.maxFiles) return found.sort();
      }
    }
  }
  return found.sort();
}

/**
 * Reads one file's facts from disk; a file over the size limit is not read at all. `read` turns the
 * text into facts: the core's reader, or a cache of it. Synchronous, because parsing is anyway, and
 * because a file's open, fstat, read and close cost ~15 µs as plain system calls against ~100 µs
 * through `fs.promises` (10,000 files: 150 ms against 1.1 s here). Callers that must stay
 * responsive read in slices and let the event loop run between them.
 */
export function readFactsFromDisk<T extends FileFacts | Promise<FileFacts> = FileFacts>(
  root: string,
  file: string,
  maxFileSize = DEFAULT_MAX_FILE_SIZE,
  read: (file: string, text: string, maxFileSize: number) => T = readFileFacts as (file: string, text: string, maxFileSize: number) => T,
): FileFacts | T {
  if (fileType(file) === 'package') return readFileFacts(file, '', maxFileSize);
  let fd: number | undefined;
  let text: string;
  try {
    // One open, fstat and read per file: the size is checked on the open file.
    fd = openSync(path.join(root, file), 'r');
    const { size } = fstatSync(fd);
    if (size > maxFileSize) return oversizedFile(file, size, maxFileSize);
    text = readFileSync(fd, 'utf8');
  } catch (error) {
    return { file, kubernetes: [], isPackageJson: false, parseErrors: [], skipped: `skipped: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return read(file, text, maxFileSize);
}

/** Reads every analysable file under a root. */
export async function readWorkspace(root: string, options: DiscoverOptions & { maxFileSize?: number } = {}): Promise<FileFacts[]> {
  const files = await discoverFiles(root, options);
  return files.map((file) => readFactsFromDisk(root, file, options.maxFileSize));
}
