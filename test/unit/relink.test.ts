// An edit re-links only the edited file and what reads it (SPEC §10). The incremental result must
// equal a fresh analysis of the same texts, edit after edit: seeded edits of the kinds a user
// types (numbers, words, lines, new env vars) on the examples and a generated workspace.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'node:test';
import { Random } from '../../bench/random';
import { workspaceFiles } from '../../bench/generate';
import { analysisOf, analyzeWorkspace } from '../../src-shared/analyzeWorkspace';
import { readFileFacts, type FileFacts } from '../../src-shared/fileFacts';
import { linkWorkspace, type Linked } from '../../src-shared/link/linkWorkspace';
import { relink } from '../../src-shared/link/relink';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';

const EXAMPLES = join(__dirname, '../../../examples');

function filesUnder(dir: string, root = dir): Array<[string, string]> {
  return readdirSync(dir).flatMap((name): Array<[string, string]> => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, root);
    return [[relative(root, path), readFileSync(path, 'utf8')]];
  });
}

/** One edit a user could make: a number retyped, a word replaced, a line added or removed. */
function edit(rng: Random, text: string, file: string): string {
  const lines = text.split('\n');
  const line = rng.int(0, Math.max(0, lines.length - 1));
  switch (rng.int(0, 5)) {
    case 0:
    case 1: {
      const numbers = [...text.matchAll(/\d+/g)];
      if (numbers.length === 0) return `${text}\n`;
      const at = rng.pick(numbers);
      return text.slice(0, at.index) + String(rng.pick([0, 1, 2, 3, 5, 8, 13, 40, 151])) + text.slice(at.index! + at[0].length);
    }
    case 2: {
      const words = [...text.matchAll(/[A-Za-z_]+/g)];
      if (words.length === 0) return text;
      const at = rng.pick(words);
      return text.slice(0, at.index) + rng.pick(words)[0] + text.slice(at.index! + at[0].length);
    }
    case 3:
      lines.splice(line, 0, file.endsWith('.env') ? `APP_DATABASE__CONNECTIONLIMIT=${rng.int(1, 20)}` : '');
      return lines.join('\n');
    case 4:
      lines.splice(line, 1);
      return lines.join('\n');
    default:
      return text.slice(0, Math.floor(rng.next() * text.length));
  }
}

function checkEdits(name: string, files: Array<[string, string]>, edits: number, seed: number): { incremental: number } {
  const rng = new Random(seed);
  const texts = new Map(files);
  const originals = new Map(files);
  const facts = new Map<string, FileFacts>([...texts].map(([file, text]) => [file, readFileFacts(file, text)]));
  let linked: Linked = linkWorkspace([...facts.values()], DEFAULT_SETTINGS);
  // The files an edit can re-link incrementally are the interesting ones; others are edited too.
  const candidates = [...texts.keys()].filter((file) => /\.(ya?ml|env|[cm]?[jt]s)$|\.env\./.test(file) || file.endsWith('.env'));
  let incremental = 0;
  for (let i = 0; i < edits; i++) {
    const file = rng.pick(candidates);
    // An undo now and then brings back the original, so that destructive edits do not use the file up.
    const text = rng.chance(0.2) ? originals.get(file)! : edit(rng, texts.get(file)!, file);
    texts.set(file, text);
    const after = readFileFacts(file, text);
    facts.set(file, after);
    const relinked = relink(linked, after);
    if (relinked) incremental++;
    linked = relinked ?? linkWorkspace([...facts.values()], DEFAULT_SETTINGS);
    const fresh = analyzeWorkspace([...facts.values()], DEFAULT_SETTINGS);
    assert.deepStrictEqual(analysisOf(linked), fresh, `${name}: edit ${i + 1} of ${file} (${relinked ? 'incremental' : 'full'}) differs from a fresh analysis`);
  }
  return { incremental };
}

for (const example of readdirSync(EXAMPLES).filter((name) => statSync(join(EXAMPLES, name)).isDirectory())) {
  test(`relink: 300 edits in examples/${example} give the same analysis as a fresh one`, () => {
    const { incremental } = checkEdits(example, filesUnder(join(EXAMPLES, example)), 300, example.length * 7919);
    assert.ok(incremental >= 30, `only ${incremental} of 300 edits were re-linked incrementally`);
  });
}

/** Kubernetes objects spread over files: each file is read by workloads in others. */
const SPREAD_KUBERNETES: Array<[string, string]> = [
  ['k8s/api.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n        - name: api\n          image: acme/api:1\n          envFrom:\n            - configMapRef:\n                name: api-config\n          env:\n            - name: APP_DATABASE__CONNECTIONLIMIT\n              valueFrom:\n                configMapKeyRef:\n                  name: api-limits\n                  key: limit\n'],
  ['k8s/api-config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  APP_WORKERS: "2"\n  APP_DATABASE__HOST: db\n'],
  ['k8s/api-limits.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-limits\ndata:\n  limit: "12"\n'],
  ['k8s/hpa.yaml', 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  scaleTargetRef:\n    kind: Deployment\n    name: api\n  maxReplicas: 8\n'],
  ['k8s/mysql.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: mysql\nspec:\n  replicas: 1\n  template:\n    metadata:\n      labels:\n        app: mysql\n    spec:\n      containers:\n        - name: mysql\n          image: mysql:8.0\n      volumes:\n        - name: cnf\n          configMap:\n            name: mysql-cnf\n'],
  ['k8s/mysql-cnf.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mysql-cnf\ndata:\n  my.cnf: |\n    [mysqld]\n    max_connections = 300\n'],
  ['k8s/db-service.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  selector:\n    app: mysql\n'],
];

test('relink: 300 edits of Kubernetes objects spread over files give the same analysis as a fresh one', () => {
  const before = analyzeWorkspace(SPREAD_KUBERNETES.map(([file, text]) => readFileFacts(file, text)));
  // The fixture links across every file: HPA peak (8, plus a 25 % rollout surge), ConfigMap env, the Service alias, the mounted max_connections.
  assert.deepEqual(
    before.deployments.map((d) => [d.id, d.server, d.workers.value, d.connectionLimit.value, d.peakInstances]),
    [['k8s/api.yaml#api', 'mysql:3306', 2, 12, 10]],
  );
  assert.equal(before.servers.find((server) => server.id === 'mysql:3306')?.maxConnections, 300);
  const { incremental } = checkEdits('spread Kubernetes', SPREAD_KUBERNETES, 300, 77);
  assert.ok(incremental >= 60, `only ${incremental} of 300 edits were re-linked incrementally`);
});

test('relink: 400 edits in a generated 400-file workspace give the same analysis as a fresh one', () => {
  const { incremental } = checkEdits('generated', workspaceFiles(400), 400, 400);
  assert.ok(incremental >= 100, `only ${incremental} of 400 edits were re-linked incrementally`);
});

test('relink: a value edit in an app config re-resolves only the deployments that read it, and keeps those that come out the same', () => {
  const files = workspaceFiles(400);
  const facts = files.map(([file, text]) => readFileFacts(file, text));
  const linked = linkWorkspace(facts, DEFAULT_SETTINGS);
  // A config whose connectionLimit a deployment takes, and a config whose value every reader overrides.
  const taken = (file: string) => analysisOf(linked).deployments.some((d) => d.connectionLimit.source?.loc.file === file);
  const configs = facts.filter((f) => f.config?.isAppConfig && f.config.values['database.connectionLimit']);
  for (const [config, takenValue] of [configs.find((f) => taken(f.file)), configs.find((f) => !taken(f.file))].map((f) => [f!, taken(f!.file)] as const)) {
    const text = files.find(([file]) => file === config.file)![1].replace(/connectionLimit: *\d+/, 'connectionLimit: 97');
    const relinked = relink(linked, readFileFacts(config.file, text));
    assert.ok(relinked, 'a changed connectionLimit value re-links incrementally');
    const renewed = [...relinked.resolved].filter(([descriptor, deployments]) => linked.resolved.get(descriptor) !== deployments);
    const readers = renewed.filter(([, deployments]) => deployments.some((d) => d.configFiles.includes(config.file)));
    if (takenValue) assert.ok(readers.length > 0, 'the deployments taking the value are resolved again');
    else assert.deepEqual(readers.map(([descriptor]) => descriptor.id), [], 'readers that do not take the value keep their deployments');
    // Config and code descriptors (folders and programs nothing else uses) are derived again each time.
    const others = renewed.filter(([descriptor]) => descriptor.kind !== 'config' && descriptor.kind !== 'code' && !descriptor.configDir?.startsWith(config.config!.dir));
    assert.deepEqual(others.map(([descriptor]) => descriptor.id), []);
    assert.ok(renewed.length < relinked.resolved.size / 4, `${renewed.length} of ${relinked.resolved.size} descriptors resolved again`);
  }
});
