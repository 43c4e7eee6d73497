// Minimal inputs the fuzzer found, each replayed in its workspace with every check the fuzzer
// makes (no throw, within 1 s, sane ranges and numbers, safe quick fixes). They fail until the
// bug is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeWorkspace } from '../../src-shared/analyzeWorkspace';
import { readFileFacts } from '../../src-shared/fileFacts';
import { runInput } from './check';
import { ROOT, targetsOf, type ReaderName, type Target } from './corpus';
import { settingsFrom } from '../../src-shared/settings';
import type { Analysis, Settings } from '../../src-shared/types';

interface Regression {
  file: string;
  reader: ReaderName;
  /** `workspace:file` the input replaces. */
  target: string;
  bug: string;
  settings?: Partial<Settings>;
  /** What the analysis must show besides the generic checks. */
  expect?: (analysis: Analysis) => void;
  /** Set while the bug is still open: the test runs and reports, but does not fail the suite. */
  open?: string;
}

/** Expects the deployment's connectionLimit to be an invalid-value whose message matches. */
function invalidConnectionLimit(deploymentId: string, message: RegExp): (analysis: Analysis) => void {
  return (analysis) => {
    const deployment = analysis.deployments.find((d) => d.id === deploymentId);
    assert.equal(deployment?.connectionLimit.value, null);
    assert.equal(deployment?.connectionLimit.problem?.code, 'invalid-value');
    assert.match(deployment?.connectionLimit.problem?.message ?? '', message);
  };
}

const REGRESSIONS: Regression[] = [
  {
    file: 'yaml-error-token-positions.yml',
    reader: 'compose',
    target: 'docker-compose:docker-compose.yml',
    bug: "positions come from yaml's LineCounter, which misses line breaks inside an error token",
  },
  {
    file: 'yaml-error-inside-crlf.yml',
    reader: 'compose',
    target: 'docker-compose:docker-compose.yml',
    bug: "a YAML error on the \\r of a \\r\\n ends between \\r and \\n, which LineIndex placed one character past the line's end",
  },
  {
    file: 'lone-cr-config.yaml',
    reader: 'config',
    target: 'docker-compose:configurations/production.yaml',
    bug: 'YAML positions count only \\n; an LSP client also ends a line at a lone \\r, so the fix edits the wrong line',
  },
  {
    file: 'config-comment-before-final-lone-cr.yaml',
    reader: 'config',
    target: 'docker-compose:configurations/production.yaml',
    bug: "checker false alarm: yaml's Lexer keeps a lone \\r in the comment before it, so appending `\\n` there (making it \\r\\n) looked like a changed comment",
  },
  {
    file: 'lone-cr.env',
    reader: 'dotenv',
    target: 'compose-env:.env',
    bug: 'LineIndex counts only \\n; positions in .env (and .cnf) are off after a lone \\r',
  },
  {
    file: 'lone-cr-pool-option.js',
    reader: 'js',
    target: 'cluster-app-js:src/db.js',
    bug: 'optionEdits lineStartOf/lineEndOf look for \\n only: removing an option on a line ending in \\r also removes the next line',
  },
  {
    file: 'env-empty-value-comment.env',
    reader: 'dotenv',
    target: 'compose-env:.env',
    bug: '`KEY= # comment` is read as the value "# comment" (Compose reads an empty value), and a fix overwrites the comment',
    expect: (analysis) => {
      const app = analysis.deployments.find((d) => d.id === 'docker-compose.yml#app');
      assert.equal(app?.workers.value, 2, 'APP_WORKERS is empty, so ${APP_WORKERS:-2} is 2');
    },
  },
  {
    file: 'env-hash-right-after-equals.env',
    reader: 'dotenv',
    target: 'compose-env:.env',
    bug: '`KEY=#` is read as an empty value and a comment, so a fix writes `KEY=30 #` and makes a comment of what Compose reads as the value "#" (a `#` starts a comment only after a blank)',
    expect: invalidConnectionLimit('docker-compose.yml#app', /"#" is not a number/),
  },
  {
    file: 'anchor-shared-by-workers.yaml',
    reader: 'config',
    target: 'single-server:configurations/production.yaml',
    bug: 'connectionLimit: *n edits the anchored `4`, which workers uses too: the fix changes workers',
  },
  {
    file: 'merge-key-bomb.yaml',
    reader: 'config',
    target: 'single-server:configurations/production.yaml',
    bug: 'YamlDoc.entries expands `<<` merges without memo or dedupe: 10 levels × 10 refs take over 1 s and end in a stack overflow',
    expect: (analysis) => {
      const app = analysis.deployments.find((d) => d.id === 'configurations/production.yaml#production');
      assert.equal(app?.connectionLimit.value, 3);
    },
  },
  {
    file: 'config-empty-connection-limit.yaml',
    reader: 'config',
    target: 'single-server:configurations/default.yaml',
    settings: { environment: 'default' },
    bug: '`connectionLimit:` with no value counts as not set, and the fix appends a second connectionLimit key (a YAML error, and the value stays 10)',
  },
  {
    file: 'config-alias-without-anchor.yaml',
    reader: 'config',
    target: 'docker-compose:configurations/production.yaml',
    bug: 'with aliases kept as written, `connectionLimit: *limit` without an anchor counted as a value: the file became an app config whose fix appended a second connectionLimit key',
  },
  {
    file: 'config-nan-connection-limit.yaml',
    reader: 'config',
    target: 'docker-compose:configurations/production.yaml',
    bug: '`connectionLimit: .nan` read through config.get() counts as mysql2\'s default, and the fix appends a second connectionLimit key instead of replacing .nan',
    expect: invalidConnectionLimit('docker-compose.yml#app', /"\.nan" is not a number/),
  },
  {
    file: 'duplicate-service-key.yml',
    reader: 'compose',
    target: 'docker-compose:docker-compose.yml',
    bug: 'a duplicated mapping key (parsed with uniqueKeys: false) gives two deployments with one id and no finding; Compose, kubectl and js-yaml reject the file',
  },
  {
    file: 'same-line-pools.mjs',
    reader: 'js',
    target: 'cluster-app-js:src/legacy.mjs',
    bug: 'two pools created on one line get the same deployment id (`…@file:line`): their findings and fixes are mixed up',
  },
  {
    file: 'second-pool-below-removed-line.ts.txt',
    reader: 'ts',
    target: 'cluster-app-antipatterns:src/db.ts',
    bug: 'checker false alarm: a second pool is `…#code@file:line:column`, and the checker keyed it by line, so a fix adding or removing a line above it made it "disappear"',
  },
  {
    file: 'form-feed-before-comma.ts.txt',
    reader: 'ts',
    target: 'cluster-app-antipatterns:src/db.ts',
    bug: 'propertyRemoval skips only spaces and tabs: with other JS whitespace (\\f, U+00A0) before the comma the removal leaves a lone comma',
  },
  {
    file: 'parse-int-radix-7.ts.txt',
    reader: 'ts',
    target: 'cluster-app:src/db.ts',
    bug: "parseInt keeps its string's source whatever the radix: a fix writes 30 into `parseInt('10', 7)`, which reads it as 21",
    expect: (analysis) => {
      const pool = analysis.deployments.find((d) => d.id === 'src/db.ts#code');
      assert.equal(pool?.connectionLimit.value, 7, "'10' in base 7");
    },
  },
  {
    file: 'nan-limit-from-code-fixed-in-config.ts.txt',
    reader: 'ts',
    target: 'docker-compose:src/db.ts',
    bug: "a connectionLimit code makes NaN (mysql2's default) was fixed in the config, which that code does not read: a second connectionLimit key there, and the pool still at 10",
  },
  {
    file: 'cnf-max-connections-0.cnf',
    reader: 'cnf',
    target: 'single-server-cnf:conf/my.cnf',
    bug: 'max_connections = 0 is taken as the server limit: percent is Infinity',
  },
  {
    file: 'cnf-max-connections-huge.cnf',
    reader: 'cnf',
    target: 'single-server-cnf:conf/my.cnf',
    bug: 'a 400-digit max_connections becomes Infinity: budget Infinity and a fix "Set connectionLimit to Infinity"',
  },
  {
    file: 'code-nesting-dropped-silently.mjs',
    reader: 'js',
    target: 'cluster-app-js:src/legacy.mjs',
    bug: 'code nested deeper than the stack: readCode sets CodeFacts.error, which nothing reports, so the pool vanishes without a reason',
  },
];

function targetOf(regression: Regression): Target {
  const target = targetsOf(regression.reader).find((candidate) => `${candidate.workspace}:${candidate.file}` === regression.target);
  assert.ok(target, `no target ${regression.target}`);
  return target;
}

for (const regression of REGRESSIONS) {
  test(`regression ${regression.file}: ${regression.bug}`, { todo: regression.open }, () => {
    const target = targetOf(regression);
    const text = readFileSync(join(ROOT, 'test/fuzz/regressions', regression.file), 'utf8');
    const outcome = runInput({ target, text, settings: regression.settings ?? {} }, { fixes: true });
    assert.deepEqual(
      outcome.problems.map((problem) => `[${problem.kind}] ${problem.message}${problem.detail ? `: ${problem.detail.slice(0, 300)}` : ''}`),
      [],
    );
    if (regression.expect) {
      const files = { ...target.files, [target.file]: text };
      const facts = Object.entries(files).map(([file, content]) => readFileFacts(file, content));
      regression.expect(analyzeWorkspace(facts, settingsFrom(regression.settings ?? {})));
    }
  });
}
