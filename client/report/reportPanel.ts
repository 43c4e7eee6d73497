import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REPORT_REQUEST, type ReportParams, type ReportResult } from '../../src-shared/protocol';
import type { LiveReadings } from '../database/liveReadings';
import { reportBody, reportDocument } from './reportHtml';

interface OpenMessage {
  type: 'open';
  uri: string;
  line: number;
}

function isOpenMessage(message: unknown): message is OpenMessage {
  const candidate = message as Partial<OpenMessage> | null;
  return (
    candidate?.type === 'open' &&
    typeof candidate.uri === 'string' &&
    candidate.uri.startsWith('file:') &&
    Number.isInteger(candidate.line) &&
    (candidate.line ?? -1) >= 0
  );
}

/** The report webview: one chart and table per database server, refreshed after each analysis. */
export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;

  constructor(
    private readonly client: LanguageClient,
    private readonly live: LiveReadings,
    private readonly output: vscode.OutputChannel,
  ) {}

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('connectionBudget.report', 'Connection Budget', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [],
    });
    this.panel = panel;
    this.ready = false;
    panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
    panel.onDidDispose(() => {
      this.panel = undefined;
    });
    panel.webview.html = reportDocument(randomBytes(16).toString('base64'));
  }

  /** The analysis or a live reading changed: an open report shows the new numbers. */
  refresh(): void {
    if (this.panel && this.ready) void this.render();
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private receive(message: unknown): void {
    if ((message as { type?: string } | null)?.type === 'ready') {
      // Sent each time the page loads, also when a hidden panel is shown again.
      this.ready = true;
      void this.render();
    } else if (isOpenMessage(message)) {
      const position = new vscode.Position(message.line, 0);
      void vscode.window.showTextDocument(vscode.Uri.parse(message.uri), {
        viewColumn: vscode.ViewColumn.One,
        selection: new vscode.Range(position, position),
      });
    }
  }

  private async render(): Promise<void> {
    try {
      const params: ReportParams = {};
      const report = await this.client.sendRequest<ReportResult>(REPORT_REQUEST, params);
      await this.panel?.webview.postMessage({ type: 'render', html: reportBody(report, this.live.all()) });
    } catch (error) {
      this.output.appendLine(`The report could not be rendered: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
