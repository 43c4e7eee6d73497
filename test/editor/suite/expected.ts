// The numbers the checks expect: test/editor/expected.json (shared with the browser journey),
// with CONNECTION_BUDGET_EDITOR_EXPECT (a JSON object) deep-merged over it.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Anchor {
  /** 1-based line. */
  line: number;
  /** Text on that line; the hint sits at its end, hovers and code actions aim at its last character. */
  text: string;
}

export interface Expected {
  extensionId: string;
  commands: string[];
  compose: {
    folder: string;
    file: string;
    replicas: Anchor;
    workers: Anchor;
    config: string;
    connectionLimit: Anchor;
    hint: string;
    equation: string;
    hoverIncludes: string[];
    recommendedTitle: string;
    connectionLimitAfterFix: string;
    hintAfterFix: string;
    maxConnectionsSetting: number;
    hintWithSetting: string;
  };
  kubernetes: { folder: string; file: string; replicas: Anchor; connectionLimit: Anchor; hint: string; recommendedTitle: string; connectionLimitAfterFix: string; hintAfterFix: string };
  singleServer: { folder: string; file: string; workers: Anchor; connectionLimit: Anchor; hint: string };
  clusterApp: { folder: string; file: string; connectionLimit: Anchor; hint: string };
  liveDatabase: { server: string; hoverBefore: string; hoverAfter: string };
  antipatterns: {
    folder: string;
    file: string;
    connectionLimit: Anchor;
    hint: string;
    error: { code: string; line: number; column: number; messageIncludes: string };
    warnings: Record<string, number>;
    recommendedTitle: string;
    conservativeTitle: string;
    connectionLimitAfterFix: string;
    connectionLimitFixed: Anchor;
    hintAfterFix: string;
  };
}

/** test/editor/expected.json, from the compiled out/test/editor/suite/ or from the sources. */
function expectedFile(): string {
  const candidates = [
    process.env.CONNECTION_BUDGET_EDITOR_EXPECTED_FILE,
    path.resolve(__dirname, '../../../../test/editor/expected.json'),
    path.resolve(__dirname, '../expected.json'),
  ].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`expected.json not found (looked at ${candidates.join(', ')})`);
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = deepMerge(base[key], value);
  return merged;
}

export function loadExpected(): Expected {
  const base = JSON.parse(fs.readFileSync(expectedFile(), 'utf8')) as unknown;
  const override = process.env.CONNECTION_BUDGET_EDITOR_EXPECT;
  if (!override) return base as Expected;
  let parsed: unknown;
  try {
    parsed = JSON.parse(override);
  } catch (error) {
    throw new Error(`CONNECTION_BUDGET_EDITOR_EXPECT is not JSON: ${String(error)}`);
  }
  return deepMerge(base, parsed) as Expected;
}
