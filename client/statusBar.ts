import * as vscode from 'vscode';
import type { StatusParams } from '../src-shared/protocol';

const BACKGROUNDS: Partial<Record<string, string>> = {
  'over-budget': 'statusBarItem.warningBackground',
  'over-max-connections': 'statusBarItem.errorBackground',
};

const STATUS_TEXT: Record<string, string> = {
  ok: 'within the budget',
  'over-budget': 'over the budget',
  'over-max-connections': 'over max_connections',
  unknown: 'unknown (a factor is not resolved)',
};

/** The worst database server's peak and share; a click opens the report. */
export class BudgetStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('connectionBudget.status', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Connection Budget';
    this.item.command = 'connectionBudget.showReport';
  }

  show({ worst, servers }: StatusParams): void {
    if (!worst) {
      this.item.hide();
      return;
    }
    const peak = worst.peak ?? '?';
    const share = worst.peakPercent === null ? '?' : `${worst.peakPercent} %`;
    this.item.text = `$(database) ${peak} conns · ${share}`;
    const background = BACKGROUNDS[worst.status];
    this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**Connection Budget**: peak connections to the fullest of ${servers} database server${servers === 1 ? '' : 's'}\n\n`);
    tooltip.appendText(`${worst.id} (${worst.folder}): peak ${peak} of max_connections ${worst.maxConnections} (${share}), budget ${worst.budget}: ${STATUS_TEXT[worst.status]}`);
    tooltip.appendMarkdown('\n\nClick to show the report.');
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
