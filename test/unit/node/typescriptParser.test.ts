// The CLI and the server load TypeScript's parser alone (dist/typescript.js, cut from the full
// compiler by scripts/slimTypeScript.mjs), while these tests and the rest of the core run the full
// `typescript` package. Both must read every text the same way: same trees, same syntax errors.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import type * as TS from 'typescript';
import { PARSER_EXPORTS, type TypeScriptParser } from '../../../src-shared/code/loadTypeScript';
import { fuzzInput } from '../../fuzz/mutate';

const REPO = join(__dirname, '../../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const full = require('typescript') as typeof TS;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parserOnly = require(join(REPO, 'dist/typescript.js')) as TypeScriptParser;

/** Code files under `dir`, skipping build output and dependencies' dependencies. */
function codeFiles(dir: string, limitBytes: number, into: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== '.gen') codeFiles(path, limitBytes, into);
    } else if (/\.[cm]?[jt]sx?$/.test(name) && !name.endsWith('.d.ts') && statSync(path).size <= limitBytes) into.push(path);
  }
  return into;
}

function scriptKind(file: string): TS.ScriptKind {
  if (/\.[cm]?tsx$/.test(file)) return full.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(file)) return full.ScriptKind.TS;
  if (/\.jsx$/.test(file)) return full.ScriptKind.JSX;
  return full.ScriptKind.JS;
}

/**
 * Every node as kind, flags, start, end and its text where it has one; then the syntax errors.
 * A text nested too deep for the parser's stack is reported as such (the code readers skip it).
 */
function describeTree(ts: TypeScriptParser, file: string, text: string): string[] {
  try {
    return treeLines(ts, file, text);
  } catch (error) {
    if (error instanceof RangeError) return ['too deep'];
    throw error;
  }
}

function treeLines(ts: TypeScriptParser, file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const lines: string[] = [];
  const visit = (node: TS.Node): void => {
    const named = node as TS.Node & { text?: unknown; escapedText?: unknown };
    const own = typeof named.text === 'string' ? ` ${JSON.stringify(named.text)}` : '';
    lines.push(`${node.kind} ${node.flags} ${node.getStart(source)}-${node.end}${own}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  const { parseDiagnostics } = source as TS.SourceFile & { parseDiagnostics: TS.Diagnostic[] };
  for (const diagnostic of parseDiagnostics) lines.push(`error ${diagnostic.code} at ${diagnostic.start}: ${String(diagnostic.messageText)}`);
  return lines;
}

test('TypeScript parser bundle: exports exactly what the code readers use', () => {
  assert.deepEqual(Object.keys(parserOnly).sort(), [...PARSER_EXPORTS].sort());
  assert.equal(parserOnly.SyntaxKind.CallExpression, full.SyntaxKind.CallExpression);
});

test("TypeScript parser bundle: builds only the enums it exports; Debug's formatters of the others get an empty one", () => {
  // What scripts/slimTypeScript.mjs makes, before esbuild minifies it.
  const script = `import { createRequire } from 'node:module';
import { slimTypeScriptSource } from ${JSON.stringify(join(REPO, 'scripts/slimTypeScript.mjs'))};
const { PARSER_EXPORTS } = createRequire(import.meta.url)(${JSON.stringify(join(REPO, 'out/src-shared/code/loadTypeScript.js'))});
const source = slimTypeScriptSource(PARSER_EXPORTS);
const enums = [...source.matchAll(/^var (\\w+) = \\/\\* @__PURE__ \\*\\/ \\(\\((\\w+)\\) => \\{\\n\\s*\\2\\[\\2\\[/gm)].map((match) => match[1]);
process.stdout.write(JSON.stringify({ enums: enums.sort(), emptied: (source.match(/formatEnum\\(\\s*\\w+,\\s*\\{\\},/g) ?? []).length }));`;
  const { enums, emptied } = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { enums: string[]; emptied: number };
  assert.deepEqual(enums, ['NodeFlags', 'ScriptKind', 'ScriptTarget', 'SyntaxKind']);
  assert.ok(emptied >= 10, `${emptied} formatters name numbers`);
  assert.equal(parserOnly.NodeFlags[parserOnly.NodeFlags.Let], 'Let', 'an exported enum keeps its names');
});

test('TypeScript parser bundle: the same trees and syntax errors as the full compiler, on the examples and real packages', () => {
  const files = [
    ...codeFiles(join(REPO, 'examples'), Infinity),
    ...codeFiles(join(REPO, 'test/fuzz/seeds'), Infinity),
    // This repository's TypeScript, and real-world JavaScript of every style: CommonJS, ES modules,
    // classes, generators, async code.
    ...['src-shared', 'src-node', 'server', 'client', 'cli', 'bench', 'test'].flatMap((dir) => codeFiles(join(REPO, dir), Infinity)),
    ...['mysql2', 'yaml/dist', 'vscode-jsonrpc/lib', 'vscode-languageserver/lib', 'vscode-languageclient/lib', 'picomatch'].flatMap((dir) => codeFiles(join(REPO, 'node_modules', dir), 200_000)),
  ];
  assert.ok(files.length > 500, `a corpus of ${files.length} files`);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    assert.deepEqual(describeTree(parserOnly, file, text), describeTree(full, file, text), file);
  }
});

test('TypeScript parser bundle: the same trees and syntax errors on 2,000 mutated code files', () => {
  let withErrors = 0;
  for (const reader of ['ts', 'js'] as const) {
    for (let index = 0; index < 1000; index++) {
      const input = fuzzInput(reader, 7, index);
      const expected = describeTree(full, input.target.file, input.text);
      const actual = describeTree(parserOnly, input.target.file, input.text);
      if (expected.some((line) => line.startsWith('error'))) withErrors++;
      // Where the stack runs out depends on each bundle's frames, not on what it parses.
      if (actual[0] === 'too deep' || expected[0] === 'too deep') continue;
      assert.deepEqual(actual, expected, `${reader} input ${index}`);
    }
  }
  // The mutations must reach the parser's error paths too, where its messages come from.
  assert.ok(withErrors > 200, `${withErrors} inputs with syntax errors`);
});
