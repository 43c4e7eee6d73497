// Entry of the extension-host suite, in the shape @vscode/test-electron expects (`extensionTestsPath`
// → a module exporting `run()`); code-server runs the same module through the page's `payload`.
// Results: a JSON file (see harness.ts); run() rejects when a check failed, so that
// @vscode/test-electron's exit code says so too.

import * as vscode from 'vscode';
import { registerChecks } from './checks';
import { loadExpected } from './expected';
import { Suite, messageOf } from './harness';

export async function run(): Promise<void> {
  const suite = new Suite('connection-budget editor suite');
  let expectedId = '';
  try {
    const expected = loadExpected();
    expectedId = expected.extensionId;
    registerChecks(suite, expected);
  } catch (error) {
    const message = messageOf(error);
    suite.check('the suite loads its expectations', async () => {
      throw new Error(message);
    });
  }
  const results = await suite.run(() => {
    const extension = expectedId ? vscode.extensions.getExtension(expectedId) : undefined;
    return {
      vscodeVersion: vscode.version,
      appName: vscode.env.appName,
      appHost: vscode.env.appHost,
      remoteName: vscode.env.remoteName ?? null,
      extensionPath: extension?.extensionPath ?? null,
      extensionVersion: extension?.packageJSON?.version ?? null,
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString()),
    };
  });
  if (results.failed > 0) throw new Error(`${results.failed} of ${results.checks.length} editor checks failed`);
}
