// Diagnostics of files other than the edited buffers go out a few per turn; nothing older overtakes newer.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { DiagnosticsQueue } from '../../../server/diagnosticsQueue';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function params(uri: string, message: string): PublishDiagnosticsParams {
  const diagnostic: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message };
  return { uri, diagnostics: [diagnostic] };
}

const messages = (sent: PublishDiagnosticsParams[]) => sent.map((p) => `${p.uri}:${p.diagnostics[0]?.message}`);

test('diagnostics queued for later go out over several turns, all of them, in order', async () => {
  const sent: PublishDiagnosticsParams[] = [];
  const queue = new DiagnosticsQueue((p) => sent.push(p));
  for (let i = 0; i < 40; i++) queue.later(params(`file:///f${i}`, 'a'));
  assert.equal(sent.length, 0, 'nothing is sent in the turn that queues');
  await nextTurn();
  assert.ok(sent.length > 0 && sent.length < 40, `${sent.length} sent in the first turn`);
  while (sent.length < 40) await nextTurn();
  assert.deepEqual(messages(sent), Array.from({ length: 40 }, (_, i) => `file:///f${i}:a`));
});

test('a newer publication replaces a waiting one, and one sent at once drops it', async () => {
  const sent: PublishDiagnosticsParams[] = [];
  const queue = new DiagnosticsQueue((p) => sent.push(p));
  queue.later(params('file:///a', 'old'));
  queue.later(params('file:///b', 'old'));
  queue.later(params('file:///a', 'new'));
  queue.now(params('file:///b', 'now'));
  for (let i = 0; i < 3; i++) await nextTurn();
  assert.deepEqual(messages(sent), ['file:///b:now', 'file:///a:new']);
});
