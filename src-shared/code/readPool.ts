import type * as TS from 'typescript';
import type { WrittenValue } from '../types';
import type { Driver, Expr, PoolFact } from './codeFacts';
import { CodeContext, locOf } from './codeContext';
import { staticName } from './declarations';
import { insertConnectionLimit, propertyRemoval } from './optionEdits';
import { MYSQL2_POOL_OPTIONS, MYSQL_POOL_OPTIONS } from './poolOptions.generated';
import { readExpr, refOf, unwrap } from './readExpr';

type Tracked = 'connectionLimit' | 'host' | 'port' | 'uri';
const TRACKED = new Set<string>(['connectionLimit', 'host', 'port', 'uri']);

/** The pool a `createPool(...)` call of `driver` creates. */
export function readPool(cx: CodeContext, call: TS.CallExpression, driver: Driver): PoolFact {
  const fact: PoolFact = { driver, loc: locOf(cx, call), invalidOptions: [] };
  const arg = call.arguments[0];
  if (!arg) return fact;
  const r = refOf(cx, arg);
  if (r.k === 'object') {
    readOptions(cx, r.node, fact, new Set());
    if (!fact.connectionLimitInitializer) fact.insertAt = insertConnectionLimit(cx, r.node);
  } else if (r.k === 'config' && r.path.length > 0) {
    fact.configBase = { path: r.path, loc: locOf(cx, r.at) };
  } else {
    const uri = readExpr(cx, arg, { what: 'uri', direct: unwrap(cx, arg) });
    if (uri.kind !== 'dynamic') fact.uri = uri;
  }
  return fact;
}

/** Reads an options object literal in order, so later properties and spreads override earlier ones. */
function readOptions(cx: CodeContext, obj: TS.ObjectLiteralExpression, fact: PoolFact, seen: Set<TS.Node>): void {
  const K = cx.ts.SyntaxKind;
  if (seen.has(obj)) return;
  seen.add(obj);
  const accepted = fact.driver === 'mysql' ? MYSQL_POOL_OPTIONS : MYSQL2_POOL_OPTIONS;
  obj.properties.forEach((p, index) => {
    if (p.kind === K.SpreadAssignment) {
      spread(cx, p, fact, seen);
      return;
    }
    const name = p.name && staticName(cx.ts, p.name);
    if (name === undefined) return;
    if (!accepted.has(name)) {
      fact.invalidOptions.push({ name, loc: locOf(cx, p.name!), removal: propertyRemoval(cx, obj, index) });
    }
    if (!TRACKED.has(name)) return;
    const value = p.kind === K.PropertyAssignment ? p.initializer
      : p.kind === K.ShorthandPropertyAssignment ? p.name
      : undefined;
    if (!value) return;
    fact[name as Tracked] = readExpr(cx, value, { what: name, direct: unwrap(cx, value) });
    if (name === 'connectionLimit') fact.connectionLimitInitializer = initializer(cx, value, p.kind === K.ShorthandPropertyAssignment);
  });
}

function spread(cx: CodeContext, p: TS.SpreadAssignment, fact: PoolFact, seen: Set<TS.Node>): void {
  const r = refOf(cx, p.expression);
  if (r.k === 'object') {
    readOptions(cx, r.node, fact, seen);
  } else if (r.k === 'config' && r.path.length > 0) {
    const loc = locOf(cx, p);
    fact.configBase = { path: r.path, loc };
    // What was set before the spread holds only where the config lacks the key.
    for (const key of TRACKED) {
      const earlier = fact[key as Tracked];
      if (!earlier) continue;
      const fromConfig: Expr = { kind: 'config', path: [...r.path, key], loc };
      fact[key as Tracked] = { kind: 'logical', op: '??', left: fromConfig, right: earlier, loc };
    }
  }
}

/** The whole initializer, replaced whole by a fix; a shorthand `{ connectionLimit }` keeps its key. */
function initializer(cx: CodeContext, value: TS.Expression, shorthand: boolean): WrittenValue {
  const K = cx.ts.SyntaxKind;
  const loc = locOf(cx, value);
  const inner = unwrap(cx, value);
  const literal = numericLiteral(cx, inner);
  const shown = literal ? inner : value;
  const text = inner.kind === K.StringLiteral || inner.kind === K.NoSubstitutionTemplateLiteral
    ? (inner as TS.StringLiteral).text
    : cx.text.slice(shown.getStart(cx.sf), shown.end);
  const written: WrittenValue = {
    text,
    loc,
    edit: { file: cx.file, range: loc.range, prefix: shorthand ? 'connectionLimit: ' : '', suffix: '' },
    path: 'createPool({ connectionLimit })',
  };
  if (literal) written.number = Number(text.replace(/[_\s]/g, ''));
  return written;
}

/** `8` or `-1`: a number as written. */
function numericLiteral(cx: CodeContext, node: TS.Expression): boolean {
  const K = cx.ts.SyntaxKind;
  if (node.kind === K.NumericLiteral) return true;
  if (node.kind !== K.PrefixUnaryExpression) return false;
  const u = node as TS.PrefixUnaryExpression;
  return u.operator === K.MinusToken && u.operand.kind === K.NumericLiteral;
}
