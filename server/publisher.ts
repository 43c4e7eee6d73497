import type { Connection, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { STATUS_NOTIFICATION, type StatusParams } from '../src-shared/protocol';
import type { Analysis } from '../src-shared/types';
import type { FolderIndex } from './folderIndex';
import { DiagnosticsQueue } from './diagnosticsQueue';
import { diagnosticsByFile, sameDiagnostics } from './features/diagnostics';
import { filesWithChangedHints } from './features/inlayHints';
import { statusOf, type FolderView } from './features/report';
import { logFailure, type Log } from './guard';
import type { Workspaces } from './workspaces';

interface Published {
  generation: number;
  /** Diagnostics as sent, by workspace-relative file (a URI is made only for what is sent). */
  diagnostics: Map<string, Diagnostic[]>;
  /** To tell which files' hints the next analysis changes. */
  analysis: Analysis;
}

export function viewOf(folder: FolderIndex): FolderView {
  return { name: folder.name, uri: folder.uri, threshold: folder.threshold, analysis: folder.analysis(), uriOf: (file) => folder.uriOf(file) };
}

/**
 * Analyses changed folders once per burst of changes (on `setImmediate`, so a burst of
 * notifications becomes one analysis) and tells the client what changed: diagnostics of the files
 * whose diagnostics changed, a hint refresh when hints changed outside the edited buffers, the status.
 */
export class Publisher {
  private scheduled = false;
  private readonly published = new Map<FolderIndex, Published>();
  private readonly diagnostics: DiagnosticsQueue;

  constructor(
    private readonly connection: Connection,
    private readonly workspaces: Workspaces,
    private readonly canRefreshHints: () => boolean,
    private readonly log: Log,
  ) {
    this.diagnostics = new DiagnosticsQueue((params) => void connection.sendDiagnostics(params));
  }

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      logFailure(this.log, 'publishing', () => this.flush());
    });
  }

  /** A removed folder's diagnostics are withdrawn. */
  forget(folder: FolderIndex): void {
    for (const file of this.published.get(folder)?.diagnostics.keys() ?? []) {
      this.diagnostics.now({ uri: folder.uriOf(file), diagnostics: [] });
    }
    this.published.delete(folder);
    this.sendStatus();
  }

  private flush(): void {
    let changed = false;
    let refreshHints = false;
    for (const folder of this.workspaces.all()) {
      if (!folder.isSettled()) continue;
      const analysis = folder.analysis();
      const before = this.published.get(folder);
      if (before?.generation === folder.generation) continue;
      changed = true;
      const edited = folder.takeEditedBuffers();
      const diagnostics = this.publishDiagnostics(folder, before?.diagnostics ?? new Map(), edited);
      refreshHints ||= [...filesWithChangedHints(before?.analysis, analysis)].some((file) => !edited.has(file));
      this.published.set(folder, { generation: folder.generation, diagnostics, analysis });
    }
    if (!changed) return;
    if (refreshHints && this.canRefreshHints()) {
      this.connection.languages.inlayHint.refresh().catch((error: unknown) => this.log(`inlay hint refresh failed: ${String(error)}`));
    }
    this.sendStatus();
  }

  /**
   * Sends the diagnostics that changed: the edited buffers' now, the others' (a shared server's
   * findings can touch hundreds of files) a few at a time from the next turn on, between the
   * answers to requests.
   */
  private publishDiagnostics(folder: FolderIndex, before: Map<string, Diagnostic[]>, edited: Set<string>): Map<string, Diagnostic[]> {
    const after = diagnosticsByFile(folder.analysis());
    const publish = (file: string, diagnostics: Diagnostic[]) => {
      const params: PublishDiagnosticsParams = { uri: folder.uriOf(file), diagnostics };
      if (edited.has(file)) this.diagnostics.now(params);
      else this.diagnostics.later(params);
    };
    for (const [file, diagnostics] of after) {
      const earlier = before.get(file);
      // Unchanged findings keep their diagnostic objects: most files compare without serialising.
      if (!earlier || !sameDiagnostics(earlier, diagnostics)) publish(file, diagnostics);
    }
    for (const file of before.keys()) {
      if (!after.has(file)) publish(file, []);
    }
    return after;
  }

  private sendStatus(): void {
    const views = this.workspaces.all().filter((folder) => this.published.has(folder)).map(viewOf);
    const status: StatusParams = statusOf(views);
    void this.connection.sendNotification(STATUS_NOTIFICATION, status);
  }
}
