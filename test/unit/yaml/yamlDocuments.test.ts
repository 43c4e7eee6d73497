// A YAML stream's documents are read one at a time as they are parsed (yamlTree.readYamlDocuments).
// A text that leaves the block subset part way is read again, whole, by `yaml`: what the first
// documents gave must not be counted twice, and nothing read before the change may be lost.
import assert from 'node:assert/strict';
import test from 'node:test';
import { readFileFacts } from '../../../src-shared/fileFacts';
import { readYamlDocuments } from '../../../src-shared/yaml/yamlTree';

const deployment = (name: string, replicas: string) =>
  ['apiVersion: apps/v1', 'kind: Deployment', `metadata:`, `  name: ${name}`, 'spec:', `  replicas: ${replicas}`].join('\n');

test('YAML documents: a stream leaving the block subset in its third document is read again whole, each document once', () => {
  // `&count` / `*count` (an anchor and an alias) are outside the block subset.
  const text = [deployment('a', '2'), deployment('b', '3'), `${deployment('c', '&count 4')}\n  minReadySeconds: *count`].join('\n---\n');
  // Documents handed over in each call of the reader.
  const seen: number[] = [];
  readYamlDocuments('k8s/all.yaml', text, (docs) => {
    seen.push(0);
    for (const _doc of docs) seen[seen.length - 1]++;
  });
  // Block YAML gave two documents before the alias; `yaml` then gave all three.
  assert.deepEqual(seen, [2, 3]);
  const facts = readFileFacts('k8s/all.yaml', text);
  assert.deepEqual(
    facts.kubernetes.map((object) => object.name),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(facts.parseErrors, []);
});

test('YAML documents: one document that is neither Compose nor Kubernetes is an app config; the same in a stream is not', () => {
  const config = 'database:\n  connectionLimit: 10\n';
  assert.equal(readFileFacts('configurations/default.yaml', config).config?.isAppConfig, true);
  const stream = `${config}---\n${deployment('a', '2')}\n`;
  const facts = readFileFacts('configurations/default.yaml', stream);
  assert.equal(facts.config, undefined);
  assert.equal(facts.kubernetes.length, 1);
});
