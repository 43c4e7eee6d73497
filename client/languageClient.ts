import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** The languages and files whose open buffers the server reads instead of the disk. */
const DOCUMENTS: LanguageClientOptions['documentSelector'] = [
  ...['yaml', 'dockercompose', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact'].map((language) => ({ scheme: 'file', language })),
  ...['**/*.cnf', '**/.env*', '**/*.env'].map((pattern) => ({ scheme: 'file', pattern })),
];

/** The client of the bundled language server, started over IPC; `connectionBudget.trace.server` traces it. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENTS,
    outputChannel: output,
  };
  return new LanguageClient('connectionBudget', 'Connection Budget', serverOptions, clientOptions);
}
