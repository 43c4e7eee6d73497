import type * as TS from 'typescript';
import type { Location } from '../types';
import type { Expr } from './codeFacts';
import { CodeContext, locOf } from './codeContext';
import { clusterTestTarget } from './clusterTestSyntax';
import { dynamic, impliedNumber, readExpr, refOf, unwrap } from './readExpr';
import type { Frame, LoopNode } from './scanFile';

const AS_WORKERS = { what: 'workers' };

/** True when `callee` is the cluster module's `member` (`cluster.fork`, a named `fork` import). */
export function isClusterMember(cx: CodeContext, node: TS.Expression, member: string): boolean {
  const r = refOf(cx, node);
  return r.k === 'module' && r.module === 'cluster' && r.member === member;
}

/** The cluster test whose primary branch holds the call; the innermost cluster test decides. */
export function primaryTest(cx: CodeContext, frames: Frame[]): Location | undefined {
  const K = cx.ts.SyntaxKind;
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i];
    if (f.k !== 'test') continue;
    const t = clusterTestTarget(cx.ts, f.test);
    if (!t) continue;
    const isCluster = t.access.kind === K.PropertyAccessExpression
      ? isClusterModule(cx, (t.access as TS.PropertyAccessExpression).expression)
      : isClusterMember(cx, t.access, t.name);
    if (!isCluster || (t.knownWhen !== undefined && t.knownWhen !== f.then)) continue;
    const primaryWhenTrue = (t.name !== 'isWorker') !== t.negated;
    return f.then === primaryWhenTrue ? locOf(cx, f.test) : undefined;
  }
  return undefined;
}

function isClusterModule(cx: CodeContext, node: TS.Expression): boolean {
  const r = refOf(cx, node);
  return r.k === 'module' && r.module === 'cluster' && r.member === undefined;
}

/** How many workers a `cluster.fork()` starts: its innermost loop's count, else 1. */
export function forkCount(cx: CodeContext, call: TS.CallExpression, frames: Frame[]): Expr {
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i];
    if (f.k === 'each') return arrayLength(cx, f.array);
    if (f.k === 'loop') return loopCount(cx, f.node);
  }
  return impliedNumber(cx, 1, call, `${cx.file}: cluster.fork()`);
}

function loopCount(cx: CodeContext, loop: LoopNode): Expr {
  const K = cx.ts.SyntaxKind;
  if (loop.kind === K.ForOfStatement) return arrayLength(cx, (loop as TS.ForOfStatement).expression);
  if (loop.kind !== K.ForStatement) {
    const head = (loop as TS.WhileStatement | TS.DoStatement | TS.ForInStatement).expression;
    return dynamic(cx, head);
  }
  const n = loop as TS.ForStatement;
  if (!n.condition) return dynamic(cx, n);
  return countedLoop(cx, n) ?? dynamic(cx, n.condition);
}

/** `for (let i = 0; i < N; i++)` and its mirrors: N, N + 1 for `<=`, and counting down. */
function countedLoop(cx: CodeContext, n: TS.ForStatement): Expr | undefined {
  const K = cx.ts.SyntaxKind;
  const counter = counterOf(cx, n.initializer);
  const cond = unwrap(cx, n.condition!);
  if (!counter || cond.kind !== K.BinaryExpression) return undefined;
  const b = cond as TS.BinaryExpression;
  let op = b.operatorToken.kind;
  let other: TS.Expression;
  if (isName(cx, b.left, counter.name)) {
    other = b.right;
  } else if (isName(cx, b.right, counter.name)) {
    other = b.left;
    op = op === K.GreaterThanToken ? K.LessThanToken : op === K.GreaterThanEqualsToken ? K.LessThanEqualsToken
      : op === K.LessThanToken ? K.GreaterThanToken : op === K.LessThanEqualsToken ? K.GreaterThanEqualsToken : op;
  } else {
    return undefined;
  }
  const inclusive = op === K.LessThanEqualsToken || op === K.GreaterThanEqualsToken ? 1 : 0;
  if (op === K.LessThanToken || op === K.LessThanEqualsToken) {
    const start = literalNumber(cx, counter.start);
    if (start === undefined) return undefined;
    return offset(cx, readExpr(cx, other, AS_WORKERS), inclusive - start, b);
  }
  if (op === K.GreaterThanToken || op === K.GreaterThanEqualsToken) {
    const end = literalNumber(cx, other);
    if (end === undefined) return undefined;
    return offset(cx, readExpr(cx, counter.start, AS_WORKERS), inclusive - end, b);
  }
  return undefined;
}

function counterOf(cx: CodeContext, init: TS.ForInitializer | undefined): { name: string; start: TS.Expression } | undefined {
  const K = cx.ts.SyntaxKind;
  if (!init) return undefined;
  if (init.kind === K.VariableDeclarationList) {
    const d = (init as TS.VariableDeclarationList).declarations[0];
    return d && d.name.kind === K.Identifier && d.initializer ? { name: d.name.text, start: d.initializer } : undefined;
  }
  const e = init as TS.Expression;
  if (e.kind === K.BinaryExpression) {
    const b = e as TS.BinaryExpression;
    if (b.operatorToken.kind === K.EqualsToken && b.left.kind === K.Identifier) return { name: (b.left as TS.Identifier).text, start: b.right };
  }
  return undefined;
}

function isName(cx: CodeContext, node: TS.Expression, name: string): boolean {
  const n = unwrap(cx, node);
  return n.kind === cx.ts.SyntaxKind.Identifier && (n as TS.Identifier).text === name;
}

function literalNumber(cx: CodeContext, node: TS.Expression): number | undefined {
  const n = unwrap(cx, node);
  return n.kind === cx.ts.SyntaxKind.NumericLiteral ? Number((n as TS.NumericLiteral).text) : undefined;
}

/** `expr + delta`, written as the reader would: N, N + 1, N - 1. */
function offset(cx: CodeContext, expr: Expr, delta: number, at: TS.Node): Expr {
  if (delta === 0) return expr;
  const path = `${cx.file}: cluster.fork() loop bound`;
  return { kind: 'binary', op: delta > 0 ? '+' : '-', left: expr, right: impliedNumber(cx, Math.abs(delta), at, path), loc: locOf(cx, at) };
}

/** How many elements an array expression has: `os.cpus()`, `Array.from({ length: N })`, `Array(N)`, `[...]`. */
function arrayLength(cx: CodeContext, node: TS.Expression): Expr {
  const K = cx.ts.SyntaxKind;
  const r = refOf(cx, node);
  if (r.k === 'cpus') return { kind: 'cores', loc: locOf(cx, r.at) };
  const n = r.k === 'object' ? r.node : r.k === 'node' ? unwrap(cx, r.node) : undefined;
  if (!n) return dynamic(cx, node);
  if (n.kind === K.ObjectLiteralExpression) {
    for (const p of (n as TS.ObjectLiteralExpression).properties) {
      if (p.kind === K.PropertyAssignment && p.name.kind === K.Identifier && p.name.text === 'length') return readExpr(cx, p.initializer, AS_WORKERS);
    }
    return dynamic(cx, node);
  }
  if (n.kind === K.ArrayLiteralExpression) {
    const elements = (n as TS.ArrayLiteralExpression).elements;
    if (elements.length === 1 && elements[0].kind === K.SpreadElement) return arrayLength(cx, (elements[0] as TS.SpreadElement).expression);
    if (elements.every((e) => e.kind !== K.SpreadElement)) return impliedNumber(cx, elements.length, n, `${cx.file}: workers`);
    return dynamic(cx, node);
  }
  if (n.kind === K.CallExpression || n.kind === K.NewExpression) {
    const c = n as TS.CallExpression | TS.NewExpression;
    const callee = unwrap(cx, c.expression);
    const args = c.arguments ?? [];
    if (callee.kind === K.Identifier && (callee as TS.Identifier).text === 'Array' && args.length === 1) return readExpr(cx, args[0], AS_WORKERS);
    if (callee.kind === K.PropertyAccessExpression) {
      const access = callee as TS.PropertyAccessExpression;
      const method = access.name.text;
      const owner = unwrap(cx, access.expression);
      if (method === 'from' && owner.kind === K.Identifier && (owner as TS.Identifier).text === 'Array' && args.length > 0) return arrayLength(cx, args[0]);
      if (method === 'fill' || method === 'keys' || method === 'values' || method === 'entries' || method === 'map') return arrayLength(cx, access.expression);
    }
  }
  return dynamic(cx, node);
}
