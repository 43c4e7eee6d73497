// The values the server takes from vscode-languageserver, imported once, here. The package is
// CommonJS, and the bundle copies its ~300 exports for each module that imports it (esbuild's
// interop): ≈ 1 ms a copy at every start. Types come from the package itself.
export {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MarkupKind,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
