import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { positionAt, Session, type InlayHint } from './session';

/** mulberry32: the same edits on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EDITS = 2000;
const FILES: Array<[string, string]> = [
  ['docker-compose', 'docker-compose.yml'],
  ['docker-compose', 'configurations/production.yaml'],
  ['kubernetes', 'k8s/deployment.yaml'],
  ['cluster-app-antipatterns', 'src/db.ts'],
  ['single-server', 'configurations/production.yaml'],
];
const TOKENS = [':', ' ', '\n', '[', ']', '{', '}', '&a', '*a', '!!int ', '${', '"', "'", '---\n', '# note', '1', '50', '-1', 'é', '€', '😀', 'connectionLimit: ', 'replicas: ', '  ', ',', '(', ')', 'process.env.X', '\r\n', ''];

/** An offset that does not split a surrogate pair, as editors never do. */
function safeOffset(text: string, offset: number): number {
  const code = text.charCodeAt(offset - 1);
  return code >= 0xd800 && code <= 0xdbff ? offset - 1 : offset;
}

function normalizeHints(hints: InlayHint[]): string[] {
  return hints.map((hint) => `${hint.position.line}:${hint.position.character} ${hint.label}`).sort();
}

function normalizeDiagnostics(diagnostics: Array<{ code?: unknown; range: unknown; message: string; severity?: number }>): string[] {
  return diagnostics.map((d) => JSON.stringify([d.code, d.range, d.severity, d.message])).sort();
}

describe(`server stress: ${EDITS} random incremental edits with requests and cancellations`, () => {
  const sessions: Session[] = [];
  after(async () => {
    for (const session of sessions) await session.close();
  });

  it('answers every request, never exits, and ends with the hints and diagnostics of a fresh server', async () => {
    const next = random(20261127);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    const stressed = await Session.start(['docker-compose', 'kubernetes', 'cluster-app-antipatterns', 'single-server']);
    sessions.push(stressed);
    for (const [example, file] of FILES) stressed.open(example, file);
    const answered: Array<Promise<unknown>> = [];
    let cancelled = 0;
    for (let i = 0; i < EDITS; i++) {
      const [example, file] = pick(FILES);
      const text = stressed.text(example, file);
      const a = safeOffset(text, Math.floor(next() * (text.length + 1)));
      const b = safeOffset(text, Math.min(text.length, a + Math.floor(next() * 12)));
      const insert = next() < 0.3 ? '' : pick(TOKENS) + (next() < 0.5 ? pick(TOKENS) : '');
      stressed.changeRange(example, file, a, b, insert);
      if (i % 4 === 0) {
        const [requestExample, requestFile] = pick(FILES);
        const current = stressed.text(requestExample, requestFile);
        const position = positionAt(current, safeOffset(current, Math.floor(next() * (current.length + 1))));
        const kind = pick(['hints', 'hover', 'actions']);
        const request =
          kind === 'hints'
            ? stressed.hints(requestExample, requestFile)
            : kind === 'hover'
              ? stressed.hover(requestExample, requestFile, position)
              : stressed.codeActions(requestExample, requestFile, { start: position, end: position });
        // A cancelled request is still answered: with its result or a RequestCancelled error.
        answered.push(request.catch((error: Error) => assert.match(error.message, /cancel/i)));
        if (next() < 0.3) {
          stressed.client.notify('$/cancelRequest', { id: stressed.client.lastRequestId });
          cancelled++;
        }
      }
    }
    await Promise.all(answered);
    assert.ok(stressed.client.alive, 'the server is still running');
    assert.ok(answered.length >= 400 && cancelled > 50, `${answered.length} requests, ${cancelled} cancelled`);

    const finalTexts = FILES.map(([example, file]) => stressed.text(example, file));
    const fresh = await Session.start(['docker-compose', 'kubernetes', 'cluster-app-antipatterns', 'single-server'], (root) => {
      FILES.forEach(([example, file], index) => fs.writeFileSync(path.join(root, example, file), finalTexts[index]));
    });
    sessions.push(fresh);
    for (const [example, file] of FILES) fresh.open(example, file);
    for (const [example, file] of FILES) {
      assert.deepEqual(normalizeHints(await stressed.hints(example, file)), normalizeHints(await fresh.hints(example, file)), `hints of ${example}/${file}`);
    }
    await fresh.client.waitFor(() => (fresh.client.lastNotificationIndex('connectionBudget/status') >= 0 ? true : undefined), 'the fresh server publishing');
    for (const [example, file] of FILES) {
      const expected = normalizeDiagnostics(fresh.client.latestDiagnostics(fresh.uri(example, file)) ?? []);
      await stressed.client.waitFor(
        () => (JSON.stringify(normalizeDiagnostics(stressed.client.latestDiagnostics(stressed.uri(example, file)) ?? [])) === JSON.stringify(expected) ? true : undefined),
        `diagnostics of ${example}/${file} equal to a fresh server's: ${JSON.stringify(expected).slice(0, 300)}`,
      );
    }
  });
});
