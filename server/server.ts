import * as path from 'node:path';
import type { CancellationToken, ClientCapabilities, Connection, Disposable, InitializeResult, WorkspaceFolder } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  REFRESH_REQUEST,
  REPORT_REQUEST,
  SET_LIVE_SERVERS_NOTIFICATION,
  type ReportResult,
  type SetLiveServersParams,
} from '../src-shared/protocol';
import type { LiveServer } from '../src-shared/types';
import type { CodeReader } from '../src-node/codeReader';
import { FactsCache } from '../src-node/factsCache';
import { holdOptimisingCompiler } from '../src-node/optimisingCompiler';
import { codeActions } from './features/codeActions';
import { hover } from './features/hover';
import { inlayHints } from './features/inlayHints';
import { folderReport } from './features/report';
import { folderConfigFrom, type FolderConfig } from './folderConfig';
import type { FolderHost, FolderIndex, Progress } from './folderIndex';
import { guardedNotification, guardedRequest } from './guard';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
} from './languageServer';
import { Publisher, viewOf } from './publisher';
import { Workspaces, type Located } from './workspaces';

const WATCHED_FILES = ['**/*.{yaml,yml,ts,tsx,js,jsx,mjs,cjs,mts,cts,cnf,env}', '**/.env*', '**/package.json'];
const SECTION = 'connectionBudget';

function liveServersFrom(params: SetLiveServersParams | undefined): LiveServer[] {
  const servers = Array.isArray(params?.servers) ? params.servers : [];
  return servers.filter(
    (server) =>
      server && typeof server.host === 'string' && Number.isInteger(server.port) && typeof server.maxConnections === 'number' && server.maxConnections > 0,
  );
}

export interface ServerOptions {
  /** Keep each folder's facts here between sessions, tied to this build of the server. */
  factsCache?: { dir: string; build: string };
  /** Keeps the server's compiled code for the next start; called once most of it has run. */
  keepCompiledCode?: () => Promise<void>;
  /** Starts a reader of code files on another thread, for first reads with much code; closed after them. */
  startCodeReader?: () => CodeReader;
}

/** The first reads get V8's optimising compiler back after this long, if they are not done or large by then. */
const COMPILER_HELD_AT_MOST_MS = 1000;

/** By then a first analysis has usually compiled what the server uses. */
const KEEP_COMPILED_CODE_AFTER_MS = 10_000;

/** Wires the language server's handlers to a connection; every handler is kept from ending the server. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.error(message);
  let client: ClientCapabilities = {};
  /** Settings pushed with didChangeConfiguration, for clients that cannot be asked for them. */
  let pushedSettings: unknown;
  /** Gives V8's optimising compiler back once the first reads are done (see holdOptimisingCompiler). */
  let releaseCompiler: (() => void) | undefined;
  let codeReader: CodeReader | undefined;
  /** The folders the editor opened with have been read: the first reads' helpers are gone. */
  let firstReadsDone = false;

  const readConfig = async (folder: FolderIndex): Promise<FolderConfig> => {
    if (!client.workspace?.configuration) return folderConfigFrom(pushedSettings);
    try {
      return folderConfigFrom(await connection.workspace.getConfiguration({ scopeUri: folder.uri, section: SECTION }));
    } catch (error) {
      log(`reading the settings of ${folder.name} failed: ${String(error)}`);
      return folderConfigFrom(pushedSettings);
    }
  };

  const beginProgress = async (title: string): Promise<Progress | undefined> => {
    if (!client.window?.workDoneProgress) return undefined;
    const progress = await connection.window.createWorkDoneProgress();
    progress.begin(title, 0, undefined, false);
    let shown = 0;
    return {
      report: (fraction) => {
        const percentage = Math.floor(fraction * 100);
        if (percentage > shown) progress.report((shown = percentage));
      },
      done: () => progress.done(),
    };
  };

  const host: FolderHost = {
    changed: () => publisher.schedule(),
    readConfig,
    owns: (folder, file) => workspaces.owns(folder, file),
    beginProgress,
    log,
    info: (message) => connection.console.info(message),
    factsCache: (root) => options.factsCache && new FactsCache(options.factsCache.dir, root, options.factsCache.build),
    beginFirstRead: () => {
      if (!firstReadsDone) releaseCompiler ??= holdOptimisingCompiler(COMPILER_HELD_AT_MOST_MS);
    },
    largeFirstRead: () => {
      // A long read pays for optimised code, and for a thread of its own (≈ 85 ms of CPU to start).
      releaseCompiler?.();
      if (firstReadsDone || !options.startCodeReader) return undefined;
      codeReader ??= options.startCodeReader();
      return codeReader.read;
    },
  };
  const workspaces = new Workspaces(host);
  const publisher = new Publisher(connection, workspaces, () => client.workspace?.inlayHint?.refreshSupport === true, log);

  /**
   * The folder and file of a document, once the folder's reads and settings are in; undefined when
   * the request is cancelled first (a 50,000-file folder takes its time, the editor need not wait).
   */
  const settledAt = async (uri: string, token: CancellationToken): Promise<Located | undefined> => {
    const located = workspaces.locate(uri);
    if (!located || located.folder.isSettled()) return located;
    let stopWaiting: Disposable | undefined;
    const cancelled = new Promise<undefined>((resolve) => (stopWaiting = token.onCancellationRequested(() => resolve(undefined))));
    try {
      return token.isCancellationRequested ? undefined : await Promise.race([located.folder.settled().then(() => located), cancelled]);
    } finally {
      stopWaiting?.dispose();
    }
  };

  const addFolders = (folders: WorkspaceFolder[]) => {
    for (const { uri, name } of folders) {
      const folder = workspaces.add(uri, name);
      if (!folder) continue;
      for (const document of documents.all()) {
        const located = workspaces.locate(document.uri);
        if (located?.folder === folder) folder.setBuffer(located.file, document);
      }
    }
  };

  if (options.keepCompiledCode) setTimeout(() => void options.keepCompiledCode?.(), KEEP_COMPILED_CODE_AFTER_MS).unref();
  connection.onShutdown(async () => {
    await Promise.all(workspaces.all().map((folder) => folder.keepFacts()));
    await options.keepCompiledCode?.();
  });

  connection.onInitialize((params): InitializeResult => {
    client = params.capabilities;
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(params.rootUri) }] : []);
    addFolders(folders);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        inlayHintProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
    };
  });

  connection.onInitialized(
    guardedNotification(log, 'initialized', () => {
      if (client.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })) });
      }
      if (client.workspace?.didChangeConfiguration?.dynamicRegistration) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
      }
      if (client.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guardedNotification(log, 'workspace folders', (event) => {
            for (const removed of event.removed) {
              const folder = workspaces.remove(removed.uri);
              if (folder) publisher.forget(folder);
            }
            addFolders(event.added);
            // Nesting may have changed which folder owns which file.
            for (const folder of workspaces.all()) folder.reload();
          }),
        );
      }
      for (const folder of workspaces.all()) folder.reload();
      void Promise.all(workspaces.all().map((folder) => folder.settled())).then(() => {
        firstReadsDone = true;
        codeReader?.close();
        releaseCompiler?.();
      });
    }),
  );

  documents.onDidChangeContent(
    guardedNotification(log, 'didChange', ({ document }) => {
      const located = workspaces.locate(document.uri);
      located?.folder.setBuffer(located.file, document);
    }),
  );
  documents.onDidClose(
    guardedNotification(log, 'didClose', ({ document }) => {
      const located = workspaces.locate(document.uri);
      located?.folder.closeBuffer(located.file);
    }),
  );

  connection.onDidChangeWatchedFiles(
    guardedNotification(log, 'didChangeWatchedFiles', ({ changes }) => {
      for (const change of changes) {
        const located = workspaces.locate(change.uri);
        located?.folder.diskChanged(located.file, change.type === FileChangeType.Deleted);
      }
    }),
  );

  connection.onDidChangeConfiguration(
    guardedNotification(log, 'didChangeConfiguration', (params) => {
      const settings = (params.settings as Record<string, unknown> | null | undefined)?.[SECTION];
      if (settings !== undefined) pushedSettings = settings;
      for (const folder of workspaces.all()) folder.reconfigure();
    }),
  );

  connection.onNotification(
    SET_LIVE_SERVERS_NOTIFICATION,
    guardedNotification(log, SET_LIVE_SERVERS_NOTIFICATION, (params: SetLiveServersParams) => {
      const live = liveServersFrom(params);
      for (const folder of workspaces.all()) folder.setLiveServers(live);
    }),
  );

  connection.languages.inlayHint.on(
    guardedRequest(log, 'inlayHint', null, async ({ textDocument, range }, token) => {
      const located = await settledAt(textDocument.uri, token);
      return located ? inlayHints(located.folder.analysis(), located.file, range) : null;
    }),
  );

  connection.onHover(
    guardedRequest(log, 'hover', null, async ({ textDocument, position }, token) => {
      const located = await settledAt(textDocument.uri, token);
      if (!located) return null;
      const { folder, file } = located;
      return hover(folder.analysis(), file, position, folder.threshold, (other) => folder.uriOf(other));
    }),
  );

  connection.onCodeAction(
    guardedRequest(log, 'codeAction', null, async ({ textDocument, range, context }, token) => {
      const located = await settledAt(textDocument.uri, token);
      if (!located) return null;
      const { folder, file } = located;
      return codeActions(folder.analysis(), file, range, context, (other) => folder.uriOf(other));
    }),
  );

  connection.onRequest(
    REPORT_REQUEST,
    guardedRequest(log, REPORT_REQUEST, { folders: [] }, async (): Promise<ReportResult> => {
      const folders = workspaces.all();
      await Promise.all(folders.map((folder) => folder.settled()));
      return { folders: folders.map((folder) => folderReport(viewOf(folder))) };
    }),
  );

  connection.onRequest(
    REFRESH_REQUEST,
    guardedRequest(log, REFRESH_REQUEST, null, async () => {
      const folders = workspaces.all();
      for (const folder of folders) folder.reload();
      await Promise.all(folders.map((folder) => folder.settled()));
      return null;
    }),
  );

  documents.listen(connection);
  connection.listen();
}
