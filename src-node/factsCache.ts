import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFile, utimes } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { DEFAULT_MAX_FILE_SIZE, readFileFacts, type FileFacts } from '../src-shared/fileFacts';
import { holdsSecretValue } from '../src-shared/secretValues';
import { TimeSlices } from './timeSlices';
import { defaultCacheDir, writeCacheFile } from './userCache';

const FORMAT = 2;

// The callback forms: `fs.promises` is a module of its own, which costs a server's start ≈ 2 ms to load.
const readFileAtStart = promisify(readFile);
const touchAtStart = promisify(utimes);

/** The folder of the facts cache, inside the cache folder. */
export function factsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultCacheDir(env), 'facts');
}

/** Cache files of folders not opened for this long are deleted when another folder's is written. */
const UNUSED_FOR_MS = 30 * 24 * 60 * 60 * 1000;
/** Serialising 10,000 files' facts takes ~300 ms: in slices this long, so that requests are answered meanwhile. */
const SAVE_SLICE_MS = 4;

interface StoredEntry {
  file: string;
  key: string;
  /** The facts, serialised on their own: only the files that are read again are deserialised. */
  data: Uint8Array;
}

/**
 * A folder's cache file: a JSON header's length (4 bytes), the header (format, build, and each
 * entry's file, key and size), then each entry's facts as serialised when they were read, one after
 * the other. The file is thus written and read without serialising or deserialising the whole
 * folder in one call (10,000 files: 10.8 MB, 40–80 ms on the server's thread).
 */
interface StoredHeader {
  format: number;
  build: string;
  entries: Array<[file: string, key: string, bytes: number]>;
}

function packFolder(build: string, entries: StoredEntry[]): Uint8Array[] {
  const header = Buffer.from(JSON.stringify({ format: FORMAT, build, entries: entries.map(({ file, key, data }) => [file, key, data.byteLength]) } satisfies StoredHeader));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.byteLength);
  return [length, header, ...entries.map((entry) => entry.data)];
}

/** The entries of a cache file written by `build`; undefined for another build's, another format's, or a damaged one. */
function unpackFolder(packed: Buffer, build: string): StoredEntry[] | undefined {
  if (packed.byteLength < 4) return undefined;
  const headerEnd = 4 + packed.readUInt32LE(0);
  if (headerEnd > packed.byteLength) return undefined;
  const header = JSON.parse(packed.toString('utf8', 4, headerEnd)) as Partial<StoredHeader> | null;
  if (header?.format !== FORMAT || header.build !== build || !Array.isArray(header.entries)) return undefined;
  const entries: StoredEntry[] = [];
  let at = headerEnd;
  for (const [file, key, bytes] of header.entries) {
    if (typeof file !== 'string' || typeof key !== 'string' || !Number.isInteger(bytes) || bytes < 0 || at + bytes > packed.byteLength) return undefined;
    entries.push({ file, key, data: packed.subarray(at, at + bytes) });
    at += bytes;
  }
  return at === packed.byteLength ? entries : undefined;
}

/**
 * A workspace folder's facts from the last session, keyed by each file's path and a hash of its
 * text, so that reopening a folder parses only what changed (a 6,000-line manifest is ~200 ms of
 * cold parsing; its cached facts deserialise in ~10 ms). Kept in the user's cache folder, one file
 * per workspace folder, tied to the build that wrote it (`build`). Facts that may hold a credential
 * are never written. Anything wrong with the file (missing, damaged, another build's) means
 * parsing as without a cache; a cache that cannot be written costs only the time.
 */
export class FactsCache {
  private readonly cacheFile: string;
  private stored = new Map<string, StoredEntry>();
  /** The key each facts object was read under: what was read last for a file may be a buffer. */
  private readonly keys = new WeakMap<FileFacts, string>();
  /** Files whose facts came from the cache, and files parsed. */
  readonly counts = { kept: 0, parsed: 0 };

  constructor(
    private readonly cacheDir: string,
    root: string,
    private readonly build: string,
  ) {
    this.cacheFile = join(cacheDir, `${hashOf(root).slice(0, 24)}.facts`);
  }

  /** Whether an earlier session stored this folder's facts (of any build). */
  hasStored(): boolean {
    return existsSync(this.cacheFile);
  }

  /** Loads the facts stored by an earlier session, when there are any for this build. */
  async load(): Promise<void> {
    try {
      const entries = unpackFolder(await readFileAtStart(this.cacheFile), this.build);
      if (!entries) return;
      this.stored = new Map(entries.map((entry) => [entry.file, entry]));
      // Used: kept from the clean-up of folders not opened for a month.
      const now = new Date();
      await touchAtStart(this.cacheFile, now, now);
    } catch {
      // No cache yet, or one that cannot be read: every file is parsed.
    }
  }

  /** A file's facts: the stored ones when its text is unchanged, else read afresh. */
  readonly read: typeof readFileFacts = (file, text, maxFileSize = DEFAULT_MAX_FILE_SIZE) => this.readWith(readFileFacts, file, text, maxFileSize);

  /** The same, where `parse` (perhaps on another thread) reads a file the cache does not hold. */
  readWith<T extends FileFacts | Promise<FileFacts>>(parse: (file: string, text: string, maxFileSize: number) => T, file: string, text: string, maxFileSize: number): FileFacts | T {
    const key = `${hashOf(text)}:${maxFileSize}`;
    const entry = this.stored.get(file);
    if (entry?.key === key) {
      try {
        const facts = deserialize(entry.data) as FileFacts;
        this.counts.kept++;
        this.keys.set(facts, key);
        return facts;
      } catch {
        // Damaged: parsed again below.
      }
    }
    this.counts.parsed++;
    const parsed = parse(file, text, maxFileSize);
    if (parsed instanceof Promise) return parsed.then((facts) => this.keep(facts, key)) as T;
    return this.keep(parsed as FileFacts, key);
  }

  private keep(facts: FileFacts, key: string): FileFacts {
    this.keys.set(facts, key);
    return facts;
  }

  /**
   * Writes the facts of the folder's files, when they differ from what is stored. The stored data
   * is released afterwards: it serves only the first read of the folder.
   */
  async save(current: FileFacts[]): Promise<void> {
    const entries: StoredEntry[] = [];
    let unchanged = true;
    const slices = new TimeSlices(SAVE_SLICE_MS);
    for (const facts of current) {
      if (slices.due) await slices.next();
      const key = this.keys.get(facts);
      if (key === undefined) continue;
      const entry = this.stored.get(facts.file);
      if (entry?.key === key) {
        entries.push(entry);
      } else if (!holdsSecretValue(facts)) {
        entries.push({ file: facts.file, key, data: serialize(facts) });
        unchanged = false;
      }
    }
    if (entries.length !== this.stored.size) unchanged = false;
    this.stored = new Map();
    if (unchanged) return;
    try {
      await writeCacheFile(this.cacheFile, packFolder(this.build, entries));
      await this.deleteUnused();
    } catch {
      // A read-only home or a full disk: the next session parses again.
    }
  }

  private async deleteUnused(): Promise<void> {
    const now = Date.now();
    for (const name of await fs.readdir(this.cacheDir)) {
      const file = join(this.cacheDir, name);
      const { mtimeMs } = await fs.stat(file).catch(() => ({ mtimeMs: now }));
      if (now - mtimeMs > UNUSED_FOR_MS) await fs.rm(file, { force: true });
    }
  }
}

function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}
