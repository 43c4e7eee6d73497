// The parts of an analysis kept across edits (server sums, value sites, the order of settled
// findings) must equal what a fresh computation gives, while reusing what an edit did not touch.
import assert from 'node:assert/strict';
import test from 'node:test';
import { Random } from '../../bench/random';
import { workspaceFiles } from '../../bench/generate';
import { analysisOf } from '../../src-shared/analyzeWorkspace';
import { readFileFacts, type FileFacts } from '../../src-shared/fileFacts';
import { settleFindings } from '../../src-shared/findings';
import { sameItems } from '../../src-shared/identity';
import { linkWorkspace, type Linked } from '../../src-shared/link/linkWorkspace';
import { relink } from '../../src-shared/link/relink';
import { sumServers } from '../../src-shared/serverSums';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import type { Analysis, Finding } from '../../src-shared/types';
import { collectValueSites } from '../../src-shared/valueSites';

/** Seeded edits of the numbers in app configs and Kubernetes manifests: the edits that re-link incrementally. */
function* valueEdits(count: number, seed: number): Generator<{ before: Analysis; after: Analysis; linked: Linked; sameServers: boolean }> {
  const rng = new Random(seed);
  const texts = new Map(workspaceFiles(300));
  const facts = new Map<string, FileFacts>([...texts].map(([file, text]) => [file, readFileFacts(file, text)]));
  const candidates = [...texts.keys()].filter((file) => /\.ya?ml$/.test(file) && /\d/.test(texts.get(file)!) && !file.includes('.github'));
  let linked = linkWorkspace([...facts.values()], DEFAULT_SETTINGS);
  let before = analysisOf(linked);
  for (let i = 0; i < count; i++) {
    const file = rng.pick(candidates);
    const text = texts.get(file)!;
    const numbers = [...text.matchAll(/\b\d+\b/g)];
    const at = rng.pick(numbers);
    const edited = text.slice(0, at.index) + String(rng.pick([0, 1, 2, 3, 5, 8, 40, 151])) + text.slice(at.index! + at[0].length);
    texts.set(file, edited);
    facts.set(file, readFileFacts(file, edited));
    const previous = linked;
    linked = relink(linked, facts.get(file)!) ?? linkWorkspace([...facts.values()], DEFAULT_SETTINGS);
    const after = analysisOf(linked);
    yield { before, after, linked, sameServers: linked.servers === previous.servers };
    before = after;
  }
}

test('server sums after each edit equal sums made afresh, and a server whose members are the same objects is kept', () => {
  let kept = 0;
  let summedAgain = 0;
  for (const { before, after, linked, sameServers } of valueEdits(150, 11)) {
    // A copy of the declared servers has no sums kept for it: everything is summed afresh.
    assert.deepStrictEqual(after.servers, sumServers(after.deployments, { ...linked.servers }, linked.settings));
    // Sums are kept for the servers a link declares: a link that declares them again sums again.
    if (!sameServers) continue;
    const membersOf = (analysis: Analysis, id: string) => analysis.deployments.filter((deployment) => deployment.server === id);
    const earlier = new Map(before.servers.map((server) => [server.id, server]));
    for (const server of after.servers) {
      const previous = earlier.get(server.id);
      if (!previous || before.servers.length !== after.servers.length) continue;
      if (sameItems(membersOf(before, server.id), membersOf(after, server.id))) {
        assert.equal(server, previous, `${server.id}: same members, same sums`);
        kept++;
      } else summedAgain++;
    }
  }
  assert.ok(kept > 1000 && summedAgain > 10, `${kept} servers kept, ${summedAgain} summed again`);
});

test('value sites after each edit equal sites collected afresh', () => {
  let unchanged = 0;
  for (const { before, after, linked } of valueEdits(150, 12)) {
    const sites = collectValueSites(after.deployments, linked.lineage);
    assert.deepStrictEqual(sites, collectValueSites(after.deployments, {}));
    unchanged += sites.filter((site, i) => site === before.valueSites[i]).length;
  }
  assert.ok(unchanged > 0, 'an edit keeps the sites it does not touch');
});

function findingIn(file: string, line: number): Finding {
  return { code: 'unresolved-value', severity: 'info', message: `${file}:${line}`, loc: { file, range: { start: { line, character: 0 }, end: { line, character: 1 } } }, fixes: [] };
}

test('settled findings keep their file order as files come and go, as sorting afresh does', () => {
  const rng = new Random(5);
  const names = ['b.yaml', 'A.yaml', 'a.yaml', 'ä.yaml', '_x.yaml', 'k8s/z.yaml', 'k8s/Z.yaml', 'config/10.yaml', 'config/9.yaml', 'é/a.yaml', 'e/a.yaml', 'x.env'];
  const lineage = {};
  for (let i = 0; i < 200; i++) {
    // A few files gain or lose their findings, now and then many at once.
    const files = names.filter(() => rng.chance(i % 20 === 0 ? 0.3 : 0.8));
    const findings = files.flatMap((file) => [findingIn(file, rng.int(0, 3)), findingIn(file, rng.int(0, 3))]);
    assert.deepStrictEqual(settleFindings(findings, DEFAULT_SETTINGS, lineage), settleFindings(findings, DEFAULT_SETTINGS, {}));
  }
});
