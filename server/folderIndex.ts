import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analysisOf } from '../src-shared/analyzeWorkspace';
import { fileType, readFileFacts, type FileFacts } from '../src-shared/fileFacts';
import { linkWorkspace, type Linked } from '../src-shared/link/linkWorkspace';
import { relink } from '../src-shared/link/relink';
import type { Analysis, LiveServer } from '../src-shared/types';
import type { FactsCache } from '../src-node/factsCache';
import { TimeSlices } from '../src-node/timeSlices';
import { discoverFiles, readFactsFromDisk } from '../src-node/workspaceFiles';
import { fileFilter } from './fileFilter';
import { changesFiles, DEFAULT_FOLDER_CONFIG, type FolderConfig } from './folderConfig';
import { childUri } from './uris';

/** A workspace this large reports its first read as window progress. */
const LARGE_WORKSPACE_FILES = 200;
/** Files are read in slices this long, so that requests (and their cancellations) are answered meanwhile. */
const READ_SLICE_MS = 10;
/**
 * A first read with this many code files lasts a second or more here (10,000 files: 1.5 s). Below
 * it, a thread of its own for the code costs more than it saves (bench/FINDINGS.md).
 */
const LARGE_FIRST_READ_CODE_FILES = 2000;

export interface Progress {
  report(fraction: number): void;
  done(): void;
}

/** What a folder index needs from the server around it. */
export interface FolderHost {
  /** The folder's analysis may have changed: analyse and publish soon. */
  changed(): void;
  readConfig(folder: FolderIndex): Promise<FolderConfig>;
  /** False for files that belong to a workspace folder nested in this one. */
  owns(folder: FolderIndex, file: string): boolean;
  beginProgress(title: string): Promise<Progress | undefined>;
  /** Something went wrong. */
  log(message: string): void;
  /** Something worth knowing when reading the server's output. */
  info(message: string): void;
  /** Facts kept from the folder's last session, when the server keeps any. */
  factsCache(root: string): FactsCache | undefined;
  /** A folder without kept facts will be read whole, soon. */
  beginFirstRead?: () => void;
  /**
   * That first read will be long (its listing has found LARGE_FIRST_READ_CODE_FILES code files):
   * the host may give a reader of code files' facts on another thread, which reads them while the
   * read goes on here.
   */
  largeFirstRead?: () => CodeFactsReader | undefined;
}

type CodeFactsReader = (file: string, text: string, maxFileSize: number) => Promise<FileFacts>;

/** The stored facts are written this long after the first read, not while the editor waits on it. */
const SAVE_CACHE_AFTER_MS = 2000;

/**
 * One workspace folder: the facts of each of its files (open buffers win over disk), and the
 * analysis linked from them. An edit re-reads only the edited file; linking runs on demand, once
 * per burst of changes.
 */
export class FolderIndex {
  private readonly facts = new Map<string, FileFacts>();
  /** URIs made so far: a shared server's members' diagnostics are published again on each edit. */
  private readonly uris = new Map<string, string>();
  private readonly buffers = new Map<string, TextDocument>();
  private readonly staleBuffers = new Set<string>();
  private readonly editedBuffers = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  /** The latest read of each file being read from disk, numbered by `diskReadCount`. */
  private readonly diskReads = new Map<string, number>();
  private diskReadCount = 0;
  private config: FolderConfig = DEFAULT_FOLDER_CONFIG;
  private configReads = 0;
  private appliedConfigRead = 0;
  private accepts = fileFilter([]);
  private live: LiveServer[] = [];
  private loadCount = 0;
  private loaded = false;
  private firstLoad!: () => void;
  private readonly firstLoaded = new Promise<void>((resolve) => (this.firstLoad = resolve));
  private current: Analysis | undefined;
  private linked: Linked | undefined;
  /** Files whose facts changed since the last link: an edit re-links only them and what reads them. */
  private readonly changedFiles = new Set<string>();
  /** Set when a change is not one file's new facts (a load, settings, a deletion): link afresh. */
  private linkAll = true;
  private dirty = true;
  private analysedCount = 0;
  private readonly cache: FactsCache | undefined;
  /** No earlier session kept this folder's facts: its first read parses every file. */
  private readonly withoutKeptFacts: boolean;
  /** The read whose facts were kept for the next session. */
  private keptLoad = 0;
  private keeping = Promise.resolve();
  private readonly readFacts: typeof readFileFacts;
  /** Code files whose first read was done on the host's other thread. */
  private readElsewhere = 0;

  constructor(
    readonly uri: string,
    readonly name: string,
    readonly root: string,
    private readonly host: FolderHost,
  ) {
    this.cache = host.factsCache(root);
    this.readFacts = this.cache?.read ?? readFileFacts;
    this.withoutKeptFacts = !this.cache?.hasStored();
    if (this.withoutKeptFacts) host.beginFirstRead?.();
  }

  uriOf(file: string): string {
    let uri = this.uris.get(file);
    if (uri === undefined) {
      uri = childUri(this.uri, file);
      this.uris.set(file, uri);
    }
    return uri;
  }

  get threshold(): number {
    return this.config.settings.threshold;
  }

  /** Counts analyses, so that a publisher can tell a new one from one it has seen. */
  get generation(): number {
    return this.analysedCount;
  }

  /** Reads the folder's settings and then every file from disk; open buffers keep their text. */
  reload(): void {
    this.track(this.load());
  }

  /** Settings changed: re-read the files only when the settings decide which files are read. */
  reconfigure(): void {
    const before = this.config;
    this.track(
      this.latestConfig().then((after) => {
        if (changesFiles(before, after)) return this.load(after);
        this.markDirty();
      }),
    );
  }

  setLiveServers(live: LiveServer[]): void {
    this.live = live;
    this.markDirty();
  }

  /** An open buffer's text changed (or it was opened): it replaces the file on disk. */
  setBuffer(file: string, document: TextDocument): void {
    this.buffers.set(file, document);
    if (!this.accepted(file)) return;
    this.staleBuffers.add(file);
    this.editedBuffers.add(file);
    this.markChanged(file);
  }

  /** A closed buffer may have held unsaved text: the file goes back to what is on disk. */
  closeBuffer(file: string): void {
    this.buffers.delete(file);
    this.staleBuffers.delete(file);
    this.track(this.readFromDisk(file));
  }

  /** A watched file changed on disk; an open buffer still wins. */
  diskChanged(file: string, deleted: boolean): void {
    if (this.buffers.has(file)) return;
    if (!deleted) {
      if (this.accepted(file)) this.track(this.readFromDisk(file));
      return;
    }
    // A deleted folder arrives as one event for the folder.
    let removed = false;
    for (const known of [...this.facts.keys()]) {
      if (known !== file && !known.startsWith(`${file}/`)) continue;
      this.facts.delete(known);
      removed = true;
    }
    if (removed) this.markDirty();
  }

  /** Resolves once the first read is done and no read or settings request is in flight. */
  async settled(): Promise<void> {
    await this.firstLoaded;
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  isSettled(): boolean {
    return this.loaded && this.pending.size === 0;
  }

  /** The current analysis, linked again first when anything changed since the last one. */
  analysis(): Analysis {
    if (this.dirty || !this.current) {
      this.readStaleBuffers();
      this.linked = this.relinked() ?? linkWorkspace([...this.facts.values()], { ...this.config.settings, live: this.live });
      this.changedFiles.clear();
      this.linkAll = false;
      this.current = analysisOf(this.linked);
      this.analysedCount++;
      this.dirty = false;
    }
    return this.current;
  }

  private readStaleBuffers(): void {
    for (const file of this.staleBuffers) {
      const document = this.buffers.get(file);
      if (document && this.accepted(file)) this.facts.set(file, this.readFacts(file, document.getText(), this.config.maxFileSize));
      else this.facts.delete(file);
    }
    this.staleBuffers.clear();
  }

  /** The last link with only the changed files re-linked, when each change allows it. */
  private relinked(): Linked | undefined {
    let linked = this.linkAll ? undefined : this.linked;
    for (const file of this.changedFiles) {
      const facts = this.facts.get(file);
      if (!linked || !facts) return undefined;
      linked = relink(linked, facts);
    }
    return linked;
  }

  /** Buffers edited since the last call: the editor asks for their hints again by itself. */
  takeEditedBuffers(): Set<string> {
    const edited = new Set(this.editedBuffers);
    this.editedBuffers.clear();
    return edited;
  }

  /** Asks for the folder's settings; of answers arriving out of order, the last asked wins. */
  private async latestConfig(): Promise<FolderConfig> {
    const read = ++this.configReads;
    const config = await this.host.readConfig(this);
    if (read > this.appliedConfigRead) {
      this.appliedConfigRead = read;
      this.config = config;
      this.accepts = fileFilter(config.exclude);
    }
    return this.config;
  }

  private accepted(file: string): boolean {
    return this.accepts(file) && this.host.owns(this, file);
  }

  private async load(known?: FolderConfig): Promise<void> {
    const load = ++this.loadCount;
    try {
      const [config] = await Promise.all([known ?? this.latestConfig(), load === 1 ? this.cache?.load() : undefined]);
      if (load !== this.loadCount) return;
      // A first read tells the host as soon as its listing shows that it will be long.
      const firstRead = load === 1 && this.withoutKeptFacts;
      let codeFiles = 0;
      let readCode: CodeFactsReader | undefined;
      const onFile = (file: string) => {
        if (firstRead && fileType(file) === 'code' && ++codeFiles === LARGE_FIRST_READ_CODE_FILES) readCode = this.host.largeFirstRead?.();
      };
      const files = (await discoverFiles(this.root, { exclude: config.exclude, onFile })).filter((file) => this.accepted(file));
      if (load !== this.loadCount) return;
      const read = await this.readAll(files, config.maxFileSize, () => load === this.loadCount, readCode);
      if (load !== this.loadCount) return;
      // Open buffers were read under these settings while the code reader worked (`readAll`).
      for (const file of [...this.facts.keys()]) if (!this.buffers.has(file)) this.facts.delete(file);
      for (const facts of read) if (!this.buffers.has(facts.file)) this.facts.set(facts.file, facts);
    } finally {
      // Even a failed read must not leave requests waiting for it.
      if (load === this.loadCount) {
        this.loaded = true;
        this.firstLoad();
        this.markDirty();
        if (this.cache) setTimeout(() => void this.keepFacts(), SAVE_CACHE_AFTER_MS).unref();
      }
    }
  }

  private async readAll(files: string[], maxFileSize: number, current: () => boolean, readCode?: CodeFactsReader): Promise<FileFacts[]> {
    const progress = files.length >= LARGE_WORKSPACE_FILES ? await this.host.beginProgress(`Connection Budget: reading ${this.name}`) : undefined;
    const read: Array<FileFacts | Promise<FileFacts>> = [];
    try {
      const slices = new TimeSlices(READ_SLICE_MS);
      for (let index = 0; index < files.length && current(); index++) {
        // An open buffer wins over the disk: its text is read from the buffer, once.
        if (!this.buffers.has(files[index])) read.push(this.readFirst(files[index], maxFileSize, readCode));
        if (slices.due) {
          progress?.report((index + 1) / files.length);
          await slices.next();
        }
      }
      // Code files may still be read on the other thread: meanwhile, this one reads the open buffers.
      for (const file of this.buffers.keys()) this.staleBuffers.add(file);
      this.readStaleBuffers();
      return await Promise.all(read);
    } finally {
      progress?.done();
    }
  }

  /** A file's facts in a folder's read: code files by `elsewhere` (another thread), when given. */
  private readFirst(file: string, maxFileSize: number, elsewhere?: CodeFactsReader): FileFacts | Promise<FileFacts> {
    if (!elsewhere || fileType(file) !== 'code') return readFactsFromDisk(this.root, file, maxFileSize, this.readFacts);
    const parse = (name: string, text: string, max: number) =>
      elsewhere(name, text, max).then(
        (facts) => {
          this.readElsewhere++;
          return facts;
        },
        () => readFileFacts(name, text, max),
      );
    return readFactsFromDisk(this.root, file, maxFileSize, (name, text, max) => (this.cache ? this.cache.readWith(parse, name, text, max) : parse(name, text, max)));
  }

  private async readFromDisk(file: string): Promise<void> {
    const read = ++this.diskReadCount;
    this.diskReads.set(file, read);
    const exists = await fs.stat(path.join(this.root, file)).then((stat) => stat.isFile(), () => false);
    const facts = exists && this.accepted(file) ? readFactsFromDisk(this.root, file, this.config.maxFileSize, this.readFacts) : undefined;
    // A newer read of the same file, or a buffer opened meanwhile, wins.
    if (this.diskReads.get(file) !== read || this.buffers.has(file)) return;
    this.diskReads.delete(file);
    if (facts) {
      this.facts.set(file, facts);
      this.markChanged(file);
    } else {
      this.facts.delete(file);
      this.markDirty();
    }
  }

  /**
   * Keeps the facts of the last read of the folder for the next session: soon after the read, or
   * when the server shuts down first. Once per read.
   */
  keepFacts(): Promise<void> {
    if (this.cache && this.isSettled() && this.keptLoad !== this.loadCount) {
      this.keptLoad = this.loadCount;
      const { kept, parsed } = this.cache.counts;
      const elsewhere = this.readElsewhere > 0 ? ` (${this.readElsewhere} on the code reader thread)` : '';
      this.host.info(`${this.name}: ${kept} files' facts kept from the last session, ${parsed} parsed${elsewhere}`);
      this.keeping = this.cache.save([...this.facts.values()]).catch((error: unknown) => this.host.log(`${this.name}: keeping the facts failed: ${String(error)}`));
    }
    return this.keeping;
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.host.log(`${this.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    this.pending.add(tracked);
    void tracked.finally(() => {
      this.pending.delete(tracked);
      // Whatever the work did, a publisher skipping this folder while it was busy must look again.
      if (this.pending.size === 0) this.host.changed();
    });
  }

  /** Something changed that is not just one file's facts: the next analysis links everything again. */
  private markDirty(): void {
    this.linkAll = true;
    this.markChanged();
  }

  private markChanged(file?: string): void {
    if (file !== undefined) this.changedFiles.add(file);
    this.dirty = true;
    this.host.changed();
  }
}
