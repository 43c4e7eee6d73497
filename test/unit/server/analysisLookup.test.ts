// Lookups of an analysis after an edit reuse what the last one found for unchanged files, with the same answers.
import assert from 'node:assert/strict';
import test from 'node:test';
import { workspaceFiles } from '../../../bench/generate';
import { analysisOf } from '../../../src-shared/analyzeWorkspace';
import { readFileFacts } from '../../../src-shared/fileFacts';
import { linkWorkspace } from '../../../src-shared/link/linkWorkspace';
import { relink } from '../../../src-shared/link/relink';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import { lookup } from '../../../server/features/analysisLookup';

test('after value edits, lookups answer as a scan of the new analysis does', () => {
  const files = workspaceFiles(200);
  const facts = files.map(([file, text]) => readFileFacts(file, text));
  let linked = linkWorkspace(facts, DEFAULT_SETTINGS);
  let analysis = analysisOf(linked);
  const asked = [...new Set(analysis.valueSites.map((site) => site.loc.file))].slice(0, 40);
  const configs = files.filter(([file, text]) => /configurations\/.*\.ya?ml$/.test(file) && /connectionLimit: *\d+/.test(text)).slice(0, 10);
  assert.ok(configs.length > 0);
  for (const [round, [file, text]] of configs.entries()) {
    for (const other of asked) lookup(analysis).sitesIn(other);
    linked = relink(linked, readFileFacts(file, text.replace(/connectionLimit: *\d+/, `connectionLimit: ${round + 2}`))) ?? linked;
    analysis = analysisOf(linked);
    const index = lookup(analysis);
    for (const other of [...asked, file]) {
      assert.deepStrictEqual(index.sitesIn(other), analysis.valueSites.filter((site) => site.loc.file === other), other);
      assert.deepStrictEqual(index.findingsIn(other), analysis.findings.filter((finding) => finding.loc.file === other), other);
    }
    for (const deployment of analysis.deployments) assert.equal(index.deployment(deployment.id)?.id, deployment.id);
    for (const server of analysis.servers) assert.equal(index.server(server.id), server);
  }
});
