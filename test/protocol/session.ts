// An editor session against the bundled server: a temporary copy of examples/ opened as a
// multi-root workspace (one folder per example), with buffers, settings and file events.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type Diagnostic, type Position, type Range } from './lspClient';

const REPOSITORY = path.resolve(__dirname, '../../..');
export const SERVER = path.join(REPOSITORY, 'dist/server.js');
export const EXAMPLES_DIR = path.join(REPOSITORY, 'examples');
export const EXAMPLES = ['cluster-app', 'cluster-app-antipatterns', 'docker-compose', 'kubernetes', 'single-server'];

export interface InlayHint {
  position: Position;
  label: string;
  paddingLeft?: boolean;
  tooltip?: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
}

export interface CodeAction {
  title: string;
  kind?: string;
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  edit?: WorkspaceEdit;
}

export interface Hover {
  contents: { kind: string; value: string };
  range?: Range;
}

const LANGUAGES: Record<string, string> = { '.yml': 'yaml', '.yaml': 'yaml', '.ts': 'typescript', '.js': 'javascript' };

/** The position just after the first occurrence of `snippet` (after `from`, when given). */
export function endOf(text: string, snippet: string, from = ''): Position {
  const base = from ? text.indexOf(from) : 0;
  const index = text.indexOf(snippet, base);
  if (base < 0 || index < 0) throw new Error(`"${snippet}" not found`);
  return positionAt(text, index + snippet.length);
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function offsetAt(text: string, position: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let line = 0; line < position.line; line++) offset += lines[line].length + 1;
  return offset + position.character;
}

export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const ordered = edits
    .map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of ordered) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

export class Session {
  /** The `connectionBudget` settings section the client hands out when the server asks. */
  settings: Record<string, unknown> = {};

  private readonly buffers = new Map<string, { version: number; text: string }>();

  private constructor(
    readonly root: string,
    private readonly examples: string[],
    readonly client: LspClient,
  ) {
    client.onRequest('workspace/configuration', (params) =>
      (params as { items: Array<{ section?: string }> }).items.map((item) => (item.section === 'connectionBudget' ? this.settings : {})),
    );
  }

  /** Copies the examples into a temporary folder, lets `prepare` add files, and initializes the server. */
  static async start(examples: string[] = EXAMPLES, prepare?: (root: string) => void): Promise<Session> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'connection-budget-protocol-'));
    // A folder that is not an example is made by `prepare`.
    for (const example of examples) if (fs.existsSync(path.join(EXAMPLES_DIR, example))) fs.cpSync(path.join(EXAMPLES_DIR, example), path.join(root, example), { recursive: true });
    prepare?.(root);
    return Session.launch(root, examples);
  }

  /** A server started on a workspace on disk, initialized as VS Code does. */
  private static async launch(root: string, examples: string[]): Promise<Session> {
    const session = new Session(root, examples, new LspClient(SERVER));
    await session.client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: examples.map((name) => ({ uri: session.folderUri(name), name })),
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          inlayHint: { refreshSupport: true },
        },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          inlayHint: {},
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite'] } } },
          publishDiagnostics: {},
        },
      },
    });
    session.client.notify('initialized', {});
    return session;
  }

  folderUri(example: string): string {
    return pathToFileURL(path.join(this.root, example)).href;
  }

  uri(example: string, file: string): string {
    return pathToFileURL(path.join(this.root, example, file)).href;
  }

  /** The buffer's text when open, else the file on disk. */
  text(example: string, file: string): string {
    return this.buffers.get(this.uri(example, file))?.text ?? this.diskText(example, file);
  }

  diskText(example: string, file: string): string {
    return fs.readFileSync(path.join(this.root, example, file), 'utf8');
  }

  open(example: string, file: string, text = this.text(example, file)): void {
    const uri = this.uri(example, file);
    if (this.buffers.has(uri)) return;
    this.buffers.set(uri, { version: 1, text });
    const languageId = LANGUAGES[path.extname(file)] ?? 'plaintext';
    this.client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces a buffer's text without saving it, opening it first when needed. */
  change(example: string, file: string, text: string): void {
    this.open(example, file);
    const uri = this.uri(example, file);
    const buffer = this.buffers.get(uri)!;
    buffer.version++;
    buffer.text = text;
    this.client.notify('textDocument/didChange', { textDocument: { uri, version: buffer.version }, contentChanges: [{ text }] });
  }

  /** Replaces the text between two offsets of a buffer, sent as an incremental change. */
  changeRange(example: string, file: string, start: number, end: number, text: string): void {
    this.open(example, file);
    const uri = this.uri(example, file);
    const buffer = this.buffers.get(uri)!;
    const range = { start: positionAt(buffer.text, start), end: positionAt(buffer.text, end) };
    buffer.version++;
    buffer.text = buffer.text.slice(0, start) + text + buffer.text.slice(end);
    this.client.notify('textDocument/didChange', { textDocument: { uri, version: buffer.version }, contentChanges: [{ range, text }] });
  }

  closeBuffer(example: string, file: string): void {
    const uri = this.uri(example, file);
    if (this.buffers.delete(uri)) this.client.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Writes a file on disk and reports it as a watched-file change, as the editor's watcher does. */
  writeFile(example: string, file: string, text: string): void {
    fs.writeFileSync(path.join(this.root, example, file), text);
    this.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: this.uri(example, file), type: 2 }] });
  }

  /** Deletes a file or folder on disk and reports it as the editor's watcher does: one event. */
  remove(example: string, file: string): void {
    fs.rmSync(path.join(this.root, example, file), { recursive: true });
    this.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: this.uri(example, file), type: 3 }] });
  }

  /** Applies a workspace edit to the buffers (unsaved), as the editor does with a code action. */
  applyEdit(edit: WorkspaceEdit): void {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      const [example, file] = this.locate(uri);
      this.change(example, file, applyTextEdits(this.text(example, file), edits));
    }
  }

  /** Changes settings the way VS Code does: a notification, then the server asks for them. */
  changeSettings(settings: Record<string, unknown>): void {
    this.settings = settings;
    this.client.notify('workspace/didChangeConfiguration', { settings: { connectionBudget: settings } });
  }

  async hints(example: string, file: string): Promise<InlayHint[]> {
    const lines = this.text(example, file).split('\n').length;
    const range = { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } };
    return (await this.client.request<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri: this.uri(example, file) }, range })) ?? [];
  }

  /** The label of the hint right after `snippet` in the file's current text. */
  async hintAfter(example: string, file: string, snippet: string, from = ''): Promise<string | undefined> {
    const at = endOf(this.text(example, file), snippet, from);
    const hints = await this.hints(example, file);
    return hints.find((hint) => hint.position.line === at.line && hint.position.character === at.character)?.label;
  }

  hover(example: string, file: string, position: Position): Promise<Hover | null> {
    return this.client.request<Hover | null>('textDocument/hover', { textDocument: { uri: this.uri(example, file) }, position });
  }

  async codeActions(example: string, file: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]): Promise<CodeAction[]> {
    const params = { textDocument: { uri: this.uri(example, file) }, range, context: { diagnostics, ...(only ? { only } : {}) } };
    return (await this.client.request<CodeAction[] | null>('textDocument/codeAction', params)) ?? [];
  }

  diagnostics(example: string, file: string, accept?: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    return this.client.waitForDiagnostics(this.uri(example, file), accept);
  }

  /** The folder's "kept from the last session" log line, written once its first read is kept (≈ 2 s after it). */
  keptFactsLine(example: string): Promise<string> {
    return this.client.waitFor(
      () =>
        this.client.notifications
          .filter((message) => message.method === 'window/logMessage')
          .map((message) => (message.params as { message: string }).message)
          .find((text) => text.startsWith(`${example}: `) && text.includes('kept from the last session')),
      `the facts of ${example} to be kept`,
    );
  }

  /** Ends the server the way an editor does, then removes the temporary workspace. */
  async close(): Promise<number | null> {
    try {
      return await this.shutdown();
    } finally {
      fs.rmSync(this.root, { recursive: true, force: true });
    }
  }

  /** Ends this server and starts another on the same workspace, as reopening the editor does. */
  async reopen(): Promise<Session> {
    await this.shutdown();
    const reopened = await Session.launch(this.root, this.examples);
    reopened.settings = this.settings;
    return reopened;
  }

  private async shutdown(): Promise<number | null> {
    try {
      if (this.client.alive) {
        await this.client.request('shutdown');
        this.client.notify('exit');
      }
      return await this.client.exited;
    } finally {
      this.client.kill();
    }
  }

  private locate(uri: string): [string, string] {
    for (const example of fs.readdirSync(this.root)) {
      const prefix = `${this.folderUri(example)}/`;
      if (uri.startsWith(prefix)) return [example, decodeURIComponent(uri.slice(prefix.length))];
    }
    throw new Error(`edit outside the workspace: ${uri}`);
  }
}
