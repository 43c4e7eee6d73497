// Quick-fix safety: every fix the analysis offers (on findings, and the connectionLimit
// refactoring on every deployment) is applied as an LSP client applies it, and the result must
// still parse, keep every comment, change no other factor, and show the promised connectionLimit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWorkspace } from '../../src-shared/analyzeWorkspace';
import { readFileFacts } from '../../src-shared/fileFacts';
import { settingsFrom } from '../../src-shared/settings';
import type { Settings } from '../../src-shared/types';
import { applyLspEdits, checkFixes, runInput } from './check';
import { READERS, workspaceFiles, type Files } from './corpus';
import { fuzzInput } from './mutate';

function fixProblems(files: Files, partial: Partial<Settings> = {}): { problems: string[]; checked: number } {
  const settings = settingsFrom(partial);
  const facts = new Map(Object.entries(files).map(([file, text]) => [file, readFileFacts(file, text)]));
  const analysis = analyzeWorkspace([...facts.values()], settings);
  const { problems, checked } = checkFixes(files, facts, analysis, settings);
  return { problems: problems.map((problem) => `${problem.message}: ${problem.detail ?? ''}`), checked };
}

const WORKSPACES = ['single-server', 'docker-compose', 'kubernetes', 'cluster-app', 'cluster-app-antipatterns', 'compose-env', 'single-server-cnf', 'cluster-app-js'];

for (const name of WORKSPACES) {
  test(`fix safety: every fix offered in ${name} is safe`, () => {
    const { problems, checked } = fixProblems(workspaceFiles(name), { maxConnections: 20 });
    assert.ok(checked > 0, 'some fix is offered');
    assert.deepEqual(problems, []);
  });
}

const SHAPES: Record<string, Files> = {
  'a Compose scale that conflicts with deploy.replicas': {
    'docker-compose.yml': 'services:\n  app:\n    build: .\n    scale: 2\n    environment:\n      APP_WORKERS: 2\n    deploy:\n      replicas: 3\n',
  },
  'a config without connectionLimit (inserted into database:)': {
    'config/production.yaml': 'workers: 2\ndatabase:\n  host: db # primary\n',
  },
  'a config whose database: is empty': { 'config/production.yaml': 'database:\nworkers: 2\n' },
  'a config with a flow-style database map': { 'config/production.yaml': 'workers: 2\ndatabase: {host: db}\n' },
  'CRLF line endings and single quotes': { 'config/production.yaml': "workers: 2\r\ndatabase:\r\n  connectionLimit: '7' # per worker\r\n" },
  'an anchor shared by workers and connectionLimit': { 'config/production.yaml': 'workers: &n 4\ndatabase:\n  connectionLimit: *n\n' },
  'a Kubernetes env value in double quotes': {
    'k8s/app.yaml': 'kind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: APP_DATABASE__CONNECTIONLIMIT\n              value: "8" # per worker\n',
  },
  'a one-line pool without connectionLimit': {
    'package.json': '{}',
    'src/db.ts': "import mysql from 'mysql2';\nexport const pool = mysql.createPool({ host: 'db' });\n",
  },
  'a shorthand connectionLimit': {
    'package.json': '{}',
    'src/db.ts': "import mysql from 'mysql2';\nconst connectionLimit = 30;\nexport const pool = mysql.createPool({\n  host: 'db',\n  connectionLimit,\n});\n",
  },
};

for (const [shape, files] of Object.entries(SHAPES)) {
  test(`fix safety: ${shape}`, () => {
    const { problems, checked } = fixProblems(files, { maxConnections: 20 });
    assert.ok(checked > 0, 'some fix is offered');
    assert.deepEqual(problems, []);
  });
}

test('fix safety: a quoted Kubernetes value keeps its quotes and comment', () => {
  const files = SHAPES['a Kubernetes env value in double quotes'];
  const analysis = analyzeWorkspace(Object.entries(files).map(([file, text]) => readFileFacts(file, text)), settingsFrom({ maxConnections: 20 }));
  const fix = analysis.findings.flatMap((finding) => finding.fixes).find((candidate) => candidate.connectionLimit !== undefined);
  assert.ok(fix, 'a connectionLimit fix is offered');
  const after = applyLspEdits(files, fix.edits)['k8s/app.yaml'];
  assert.match(after, new RegExp(`value: "${fix.connectionLimit}" # per worker\\n`));
});

const SEED = 1;
const PER_READER = 200;

test(`fix safety on fuzzed inputs that still parse (seed ${SEED}, ${PER_READER} per reader)`, (t) => {
  const found = new Map<string, string>();
  let parsing = 0;
  let checked = 0;
  for (const reader of READERS) {
    for (let index = 0; index < PER_READER; index++) {
      const input = fuzzInput(reader, SEED, index);
      const outcome = runInput(input, { fixes: true });
      checked += outcome.fixesChecked;
      if (outcome.fixesChecked > 0) parsing++;
      for (const problem of outcome.problems) {
        if (problem.kind === 'fix' && !found.has(problem.message)) found.set(problem.message, `${reader} index ${index}: ${problem.detail?.slice(0, 300)}`);
      }
    }
  }
  t.diagnostic(`${parsing} inputs still parsed and offered fixes; ${checked} fixes applied and re-analysed`);
  assert.deepEqual([...found].map(([message, example]) => `${message} (e.g. ${example})`), []);
});
