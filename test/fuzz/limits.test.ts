// Limits: inputs built to be expensive. Each must finish with bounded memory, and where the core
// cuts something short it must say so (a finding or a skip reason). No wall-clock assertions:
// times and heap figures are printed as diagnostics (the fuzzer owns the 1 s rule).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzeWorkspace } from '../../src-shared/analyzeWorkspace';
import { DEFAULT_MAX_FILE_SIZE, readFileFacts, type FileFacts } from '../../src-shared/fileFacts';
import type { Analysis } from '../../src-shared/types';
import { manyPackageFiles } from '../workspaces/manyPackages';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const HEAP_BOUND_MB = 500;
const MB = 1024 * 1024;

/** Runs `work`, reports its time and heap growth, and asserts the growth stays under the bound. */
function bounded<T>(t: TestContext, label: string, work: () => T): T {
  gc();
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  const result = work();
  const ms = performance.now() - start;
  const grown = (process.memoryUsage().heapUsed - before) / MB;
  gc();
  const retained = (process.memoryUsage().heapUsed - before) / MB;
  t.diagnostic(`${label}: ${ms.toFixed(0)} ms, heap +${grown.toFixed(1)} MB (retained +${retained.toFixed(1)} MB)`);
  assert.ok(grown < HEAP_BOUND_MB, `${label}: heap grew ${grown.toFixed(0)} MB`);
  return result;
}

function analyzeFiles(files: Record<string, string>, maxFileSize = DEFAULT_MAX_FILE_SIZE): Analysis {
  return analyzeWorkspace(Object.entries(files).map(([file, text]) => readFileFacts(file, text, maxFileSize)));
}

/** Something about the file is reported: a finding on it or a skip reason. */
function saysSomething(analysis: Analysis, file: string): boolean {
  return analysis.findings.some((finding) => finding.loc.file === file) || analysis.skipped.some((skip) => skip.file === file);
}

const laughs = (levels: number, refs: number, merge: boolean) => {
  let yaml = merge ? 'x0: &a0 {k: 1}\n' : 'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < levels; i++) {
    const aliases = Array<string>(refs).fill(`*a${i - 1}`).join(', ');
    yaml += merge ? `x${i}: &a${i} {<<: [${aliases}]}\n` : `x${i}: &a${i} [${aliases}]\n`;
  }
  return yaml;
};

test('limits: a billion-laughs alias bomb (10 levels × 10 refs) in every YAML shape', (t) => {
  const bomb = laughs(10, 10, false);
  const files = {
    'config/production.yaml': `${bomb}workers: *a9\ndatabase:\n  connectionLimit: *a9\n  host: *a9\n`,
    'docker-compose.yml': `${bomb}services:\n  app:\n    build: .\n    environment: *a9\n    command: *a9\n    env_file: *a9\n    deploy: {replicas: *a9}\n  db:\n    image: mysql\n    command: *a9\n    volumes: *a9\n`,
    'k8s/app.yaml': `${bomb}kind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: *a9\n  template:\n    spec:\n      containers: *a9\n`,
  };
  const analysis = bounded(t, 'sequence alias bomb', () => analyzeFiles(files));
  assert.ok(saysSomething(analysis, 'config/production.yaml'), 'workers: *a9 is reported');
});

test('limits: a merge-key bomb (10 levels × 10 `<<` refs) is cut with a reason', (t) => {
  const file = 'config/production.yaml';
  const analysis = bounded(t, 'merge-key bomb', () => analyzeFiles({ [file]: `${laughs(10, 10, true)}workers: 2\ndatabase:\n  <<: *a9\n  connectionLimit: 3\n` }));
  t.diagnostic(`reported: ${JSON.stringify([...analysis.skipped.map((s) => s.reason), ...analysis.findings.map((f) => f.message)])}`);
  assert.ok(saysSomething(analysis, file) || analysis.deployments[0]?.connectionLimit.value === 3);
});

test('limits: a merge chain deeper than the core follows is not read as "none set"', (t) => {
  const file = 'config/production.yaml';
  let yaml = 'l0: &l0 {connectionLimit: 7}\n';
  for (let i = 1; i < 20; i++) yaml += `l${i}: &l${i} {<<: *l${i - 1}}\n`;
  const analysis = bounded(t, '20-level merge chain', () => analyzeFiles({ [file]: `${yaml}workers: 2\ndatabase:\n  <<: *l19\n` }));
  const limit = analysis.deployments[0]?.connectionLimit;
  t.diagnostic(`connectionLimit ${limit?.value} (${limit?.assumption ?? 'no assumption'})`);
  assert.ok(limit?.value === 7 || saysSomething(analysis, file), 'either 7 is read or the cut is reported');
});

test('limits: files over maxFileSize (1 MB and 50 MB) are skipped with a reason', (t) => {
  const yaml = `workers: 2\ndatabase:\n  connectionLimit: 5\n${'# padding\n'.repeat(DEFAULT_MAX_FILE_SIZE / 10 + 1)}`;
  const code = `import mysql from 'mysql2';\nmysql.createPool({ connectionLimit: 5 });\n${'//'.repeat(25 * MB)}`;
  const analysis = bounded(t, '1 MB YAML + 50 MB TS', () => analyzeFiles({ 'config/production.yaml': yaml, 'src/db.ts': code, 'package.json': '{}' }));
  assert.equal(analysis.deployments.length, 0);
  for (const file of ['config/production.yaml', 'src/db.ts']) {
    const skip = analysis.skipped.find((entry) => entry.file === file);
    assert.match(skip?.reason ?? '', /maxFileSize/, `${file} is skipped and says why`);
  }
});

test('limits: 200 levels of nesting in YAML and TypeScript', (t) => {
  const depth = 200;
  const yamlNests = {
    flowSequences: `${'['.repeat(depth)}5${']'.repeat(depth)}`,
    flowMaps: `${'{a: '.repeat(depth)}5${'}'.repeat(depth)}`,
  };
  for (const [shape, value] of Object.entries(yamlNests)) {
    const file = 'config/production.yaml';
    const analysis = bounded(t, `YAML ${shape}`, () => analyzeFiles({ [file]: `workers: 2\ndatabase:\n  connectionLimit: ${value}\n` }));
    assert.ok(saysSomething(analysis, file), `${shape}: the nested value is reported`);
  }
  const blocks = {
    indentation: Array.from({ length: depth }, (_, level) => `${'  '.repeat(level + 1)}k${level}:`).join('\n'),
    compactSequences: Array.from({ length: depth }, (_, level) => `${'- '.repeat(level)}k${level}:`).join('\n'),
  };
  for (const [shape, nest] of Object.entries(blocks)) {
    const analysis = bounded(t, `YAML ${shape}`, () => analyzeFiles({ 'config/production.yaml': `workers: 2\ndatabase:\n  connectionLimit: 5\nx:\n${nest} 1\n` }));
    assert.ok(analysis.deployments[0]?.connectionLimit.value === 5 || saysSomething(analysis, 'config/production.yaml'), shape);
  }
  const codeNests = {
    parentheses: `mysql.createPool({ connectionLimit: ${'('.repeat(depth)}5${')'.repeat(depth)} })`,
    mathMax: `mysql.createPool({ connectionLimit: ${'Math.max(1, '.repeat(depth)}5${')'.repeat(depth)} })`,
    blocks: `${'{ '.repeat(depth)}mysql.createPool({ connectionLimit: 5 });${' }'.repeat(depth)}`,
    arrows: `export const f = ${'() => '.repeat(depth)}mysql.createPool({ connectionLimit: 5 });`,
    objects: `const o = ${'{ a: '.repeat(depth)}5${' }'.repeat(depth)};\nmysql.createPool({ connectionLimit: o${'.a'.repeat(depth)} });`,
  };
  for (const [shape, body] of Object.entries(codeNests)) {
    const file = 'src/db.ts';
    const analysis = bounded(t, `TS ${shape}`, () => analyzeFiles({ 'package.json': '{}', [file]: `import mysql from 'mysql2';\n${body}\n` }));
    const pool = analysis.deployments.find((deployment) => deployment.kind === 'code');
    assert.ok(pool || saysSomething(analysis, file), `${shape}: the pool is found or the file reported`);
    assert.ok(!pool || pool.connectionLimit.value === 5 || saysSomething(analysis, file), `${shape}: 5 is read or the cut reported`);
  }
});

test('limits: a 100,000-line YAML file and a 100,000-line TypeScript file', (t) => {
  const lines = 100_000;
  const config = `workers: 2\ndatabase:\n  connectionLimit: 5\nitems:\n${'  - 1\n'.repeat(lines)}`;
  const small = bounded(t, `config YAML, ${lines} lines, ${(config.length / MB).toFixed(1)} MB`, () => analyzeFiles({ 'config/production.yaml': config }));
  assert.equal(small.deployments[0]?.connectionLimit.value, 5);

  const services = Array.from({ length: lines / 10 }, (_, i) => `  app${i}:\n    build: ./app${i}\n    environment:\n      APP_WORKERS: 2\n      APP_DATABASE__CONNECTIONLIMIT: "3"\n    deploy:\n      replicas: 2\n    labels:\n      tier: web\n    restart: always\n`).join('');
  const compose = `services:\n${services}`;
  const skipped = analyzeFiles({ 'docker-compose.yml': compose });
  assert.match(skipped.skipped[0]?.reason ?? '', /maxFileSize/, 'over 1 MB: skipped with the reason');
  const read = bounded(t, `Compose YAML, ${compose.split('\n').length} lines, ${(compose.length / MB).toFixed(1)} MB (maxFileSize raised)`, () => analyzeFiles({ 'docker-compose.yml': compose }, 16 * MB));
  assert.equal(read.deployments.length, lines / 10);

  const code = `import mysql from 'mysql2';\nexport const pool = mysql.createPool({ connectionLimit: 5 });\n${'f(1);\n'.repeat(lines)}`;
  const ts = bounded(t, `TS, ${lines} lines, ${(code.length / MB).toFixed(1)} MB`, () => analyzeFiles({ 'package.json': '{}', 'src/db.ts': code }));
  assert.equal(ts.deployments[0]?.connectionLimit.value, 5);
  const wide = `import mysql from 'mysql2';\n${Array.from({ length: lines }, (_, i) => `const v${i} = ${i};`).join('\n')}\nexport const pool = mysql.createPool({ connectionLimit: v${lines - 1} > 0 ? 5 : 6 });\n`;
  bounded(t, `TS, ${lines} declarations, ${(wide.length / MB).toFixed(1)} MB (maxFileSize raised)`, () => analyzeFiles({ 'package.json': '{}', 'src/db.ts': wide }, 16 * MB));
});

test('limits: a workspace of 50,000 small files', (t) => {
  const packages = 5_000;
  const files = manyPackageFiles(packages);
  assert.equal(Object.keys(files).length, 50_000);
  const facts: FileFacts[] = bounded(t, 'reading 50,000 files', () => Object.entries(files).map(([file, text]) => readFileFacts(file, text)));
  const analysis = bounded(t, 'analyzeWorkspace over 50,000 files', () => analyzeWorkspace(facts));
  t.diagnostic(`${analysis.deployments.length} deployments, ${analysis.servers.length} servers, ${analysis.findings.length} findings`);
  assert.ok(analysis.deployments.length >= packages);
});
