import type * as TS from 'typescript';
import type { WrittenValue } from '../types';
import type { Expr, MathOrConversion } from './codeFacts';
import { CodeContext, locOf, shortText, spanLoc } from './codeContext';
import { type Decl, staticName } from './declarations';

export type Module = 'mysql' | 'mysql2' | 'cluster' | 'os' | 'process';

/** What an expression denotes before it becomes an `Expr`: modules and objects are not values. */
export type Ref =
  | { k: 'module'; module: Module; member?: string }
  | { k: 'process' }
  | { k: 'env' }
  /** A config object or value: `config.database` → ['database']; [] is a root (parameter, import, call result). */
  | { k: 'config'; path: string[]; at: TS.Node }
  | { k: 'object'; node: TS.ObjectLiteralExpression }
  | { k: 'cpus'; at: TS.Node }
  | { k: 'expr'; expr: Expr }
  /** Any other expression, read by `readExpr`. */
  | { k: 'node'; node: TS.Expression }
  | { k: 'opaque' };

/** What a value is read for; names the written values found on the way. */
export interface ReadAs {
  /** The option or factor, e.g. `connectionLimit`. */
  what: string;
  /** The option's own initializer: a literal there is `createPool({ connectionLimit })`. */
  direct?: TS.Node;
  fallback?: boolean;
}

const OPAQUE: Ref = { k: 'opaque' };
const MAX_DEPTH = 48;
const MATH = new Set(['max', 'min', 'floor', 'ceil', 'round', 'trunc']);
const CONVERSIONS = new Set(['Number', 'parseInt', 'parseFloat', 'String']);

export function moduleOf(specifier: string): Module | undefined {
  switch (specifier) {
    case 'mysql':
      return 'mysql';
    case 'mysql2':
    case 'mysql2/promise':
      return 'mysql2';
    case 'cluster':
    case 'node:cluster':
      return 'cluster';
    case 'os':
    case 'node:os':
      return 'os';
    case 'process':
    case 'node:process':
      return 'process';
    default:
      return undefined;
  }
}

/** Strips what does not change the value: parentheses, `as`, `!`, `satisfies`, `<T>x`. */
export function unwrap(cx: CodeContext, node: TS.Expression): TS.Expression {
  const K = cx.ts.SyntaxKind;
  for (;;) {
    switch (node.kind) {
      case K.ParenthesizedExpression:
      case K.AsExpression:
      case K.NonNullExpression:
      case K.SatisfiesExpression:
      case K.TypeAssertionExpression:
        node = (node as TS.ParenthesizedExpression).expression;
        break;
      default:
        return node;
    }
  }
}

export function refOf(cx: CodeContext, node: TS.Expression): Ref {
  if (cx.depth > MAX_DEPTH) return OPAQUE;
  cx.depth++;
  try {
    return refOfUnwrapped(cx, unwrap(cx, node));
  } finally {
    cx.depth--;
  }
}

function refOfUnwrapped(cx: CodeContext, node: TS.Expression): Ref {
  const K = cx.ts.SyntaxKind;
  switch (node.kind) {
    case K.Identifier:
      return identifierRef(cx, node as TS.Identifier);
    case K.PropertyAccessExpression: {
      const n = node as TS.PropertyAccessExpression;
      return member(cx, refOf(cx, n.expression), n.name.text, n);
    }
    case K.ElementAccessExpression: {
      const n = node as TS.ElementAccessExpression;
      const key = staticKey(cx, n.argumentExpression);
      return key === undefined ? OPAQUE : member(cx, refOf(cx, n.expression), key, n);
    }
    case K.CallExpression:
      return callRef(cx, node as TS.CallExpression);
    case K.AwaitExpression: {
      const inner = unwrap(cx, (node as TS.AwaitExpression).expression);
      return inner.kind === K.CallExpression && moduleSpecifier(cx, inner as TS.CallExpression) !== undefined
        ? refOf(cx, inner)
        : { k: 'node', node };
    }
    case K.ObjectLiteralExpression:
      return { k: 'object', node: node as TS.ObjectLiteralExpression };
    default:
      return { k: 'node', node };
  }
}

function identifierRef(cx: CodeContext, id: TS.Identifier): Ref {
  const d = cx.decls.lookup(id.text, id.pos);
  if (!d) {
    if (id.text === 'process') return { k: 'process' };
    return id.text === 'undefined' ? { k: 'node', node: id } : { k: 'config', path: [], at: id };
  }
  switch (d.kind) {
    case 'import':
      return moduleRef(d.module ?? '', d.member) ?? { k: 'config', path: [], at: id };
    case 'param':
      return { k: 'config', path: [], at: id };
    case 'opaque':
      return OPAQUE;
    default:
      return declRef(cx, d, id);
  }
}

function declRef(cx: CodeContext, d: Decl, use: TS.Identifier): Ref {
  if (!d.init || cx.active.has(d)) return d.init ? OPAQUE : { k: 'config', path: [], at: use };
  cx.active.add(d);
  try {
    let r = refOf(cx, d.init);
    for (const seg of d.path) r = member(cx, r, seg, d.nameNode);
    if (d.fallback) {
      const value = exprOfRef(cx, r, use, { what: d.name });
      const fallback = readExpr(cx, d.fallback, { what: d.name, fallback: true });
      r = { k: 'expr', expr: { kind: 'logical', op: '??', left: value, right: fallback, loc: locOf(cx, d.nameNode) } };
    }
    return r;
  } finally {
    cx.active.delete(d);
  }
}

function moduleRef(specifier: string, memberName?: string): Ref | undefined {
  const module = moduleOf(specifier);
  if (!module) return undefined;
  if (module === 'process') return memberName === 'env' ? { k: 'env' } : memberName ? OPAQUE : { k: 'process' };
  return { k: 'module', module, member: memberName };
}

/** `require('x')` and `import('x')`: the module name. */
function moduleSpecifier(cx: CodeContext, call: TS.CallExpression): string | undefined {
  const K = cx.ts.SyntaxKind;
  const callee = call.expression;
  const isRequire = callee.kind === K.Identifier && (callee as TS.Identifier).text === 'require';
  if (!isRequire && callee.kind !== K.ImportKeyword) return undefined;
  const arg = call.arguments[0];
  return arg && (arg.kind === K.StringLiteral || arg.kind === K.NoSubstitutionTemplateLiteral)
    ? (arg as TS.StringLiteral).text
    : undefined;
}

function callRef(cx: CodeContext, call: TS.CallExpression): Ref {
  const K = cx.ts.SyntaxKind;
  const specifier = moduleSpecifier(cx, call);
  if (specifier !== undefined) return moduleRef(specifier) ?? { k: 'config', path: [], at: call };
  const callee = unwrap(cx, call.expression);
  if (callee.kind !== K.PropertyAccessExpression && callee.kind !== K.Identifier) return { k: 'node', node: call };
  if (callee.kind === K.PropertyAccessExpression && (callee as TS.PropertyAccessExpression).name.text === 'get') {
    // node-config style: config.get('database.connectionLimit')
    const arg = call.arguments[0];
    const base = refOf(cx, (callee as TS.PropertyAccessExpression).expression);
    if (base.k === 'config' && arg && (arg.kind === K.StringLiteral || arg.kind === K.NoSubstitutionTemplateLiteral)) {
      return { k: 'config', path: [...base.path, ...(arg as TS.StringLiteral).text.split('.')], at: call };
    }
    return { k: 'node', node: call };
  }
  const fn = refOf(cx, callee);
  if (fn.k === 'module' && fn.module === 'os') {
    if (fn.member === 'cpus') return { k: 'cpus', at: call };
    if (fn.member === 'availableParallelism') return { k: 'expr', expr: { kind: 'cores', loc: locOf(cx, call) } };
  }
  return { k: 'node', node: call };
}

/** `base.name`, where `at` is the node that reads it. */
export function member(cx: CodeContext, base: Ref, name: string, at: TS.Node): Ref {
  switch (base.k) {
    case 'module':
      if (base.member) return OPAQUE;
      return base.module === 'process' ? moduleRef('process', name) ?? OPAQUE : { k: 'module', module: base.module, member: name };
    case 'process':
      return name === 'env' ? { k: 'env' } : OPAQUE;
    case 'env':
      return { k: 'expr', expr: { kind: 'env', name, loc: locOf(cx, at) } };
    case 'config':
      return { k: 'config', path: [...base.path, name], at };
    case 'object':
      return objectMember(cx, base.node, name, at, base.node.properties.length);
    case 'cpus':
      return name === 'length' ? { k: 'expr', expr: { kind: 'cores', loc: locOf(cx, at) } } : OPAQUE;
    case 'node':
      // `this.config` is a root like an identifier; a property of a call result or other unknown
      // value is config-like (`loadConfig().database`).
      if (base.node.kind === cx.ts.SyntaxKind.ThisKeyword) return { k: 'config', path: [], at };
      return cx.ts.isLiteralExpression(base.node) ? OPAQUE : { k: 'config', path: [name], at };
    default:
      return OPAQUE;
  }
}

/** The property `name` as set by the properties before index `end` (later ones win). */
function objectMember(cx: CodeContext, obj: TS.ObjectLiteralExpression, name: string, at: TS.Node, end: number): Ref {
  const K = cx.ts.SyntaxKind;
  for (let i = end - 1; i >= 0; i--) {
    const p = obj.properties[i];
    if (p.kind === K.SpreadAssignment) {
      const spread = refOf(cx, p.expression);
      if (spread.k === 'object') {
        const found = objectMember(cx, spread.node, name, at, spread.node.properties.length);
        if (found !== OPAQUE) return found;
      } else if (spread.k === 'config' && spread.path.length > 0) {
        const fromConfig: Expr = { kind: 'config', path: [...spread.path, name], loc: locOf(cx, p) };
        const earlier = objectMember(cx, obj, name, at, i);
        if (earlier === OPAQUE) return { k: 'config', path: [...spread.path, name], at: p };
        const right = exprOfRef(cx, earlier, at, { what: name });
        return { k: 'expr', expr: { kind: 'logical', op: '??', left: fromConfig, right, loc: locOf(cx, p) } };
      }
      continue;
    }
    if (!p.name || staticName(cx.ts, p.name) !== name) continue;
    if (p.kind === K.PropertyAssignment) return refOf(cx, p.initializer);
    if (p.kind === K.ShorthandPropertyAssignment) return refOf(cx, p.name);
    return OPAQUE;
  }
  return OPAQUE;
}

function staticKey(cx: CodeContext, node: TS.Expression): string | undefined {
  const K = cx.ts.SyntaxKind;
  const n = unwrap(cx, node);
  if (n.kind === K.StringLiteral || n.kind === K.NoSubstitutionTemplateLiteral || n.kind === K.NumericLiteral) {
    return (n as TS.StringLiteral).text;
  }
  if (n.kind === K.Identifier) {
    const r = refOf(cx, n);
    if (r.k === 'node' && r.node !== n) return staticKey(cx, r.node);
  }
  return undefined;
}

export function readExpr(cx: CodeContext, node: TS.Expression, as: ReadAs): Expr {
  if (cx.depth > MAX_DEPTH) return dynamic(cx, node);
  cx.depth++;
  try {
    return readUnwrapped(cx, unwrap(cx, node), as);
  } finally {
    cx.depth--;
  }
}

function readUnwrapped(cx: CodeContext, n: TS.Expression, as: ReadAs): Expr {
  const K = cx.ts.SyntaxKind;
  const inner: ReadAs = { what: as.what, fallback: as.fallback };
  switch (n.kind) {
    case K.NumericLiteral:
      return numberLiteral(cx, n as TS.NumericLiteral, as);
    case K.StringLiteral:
    case K.NoSubstitutionTemplateLiteral:
      return stringLiteral(cx, n as TS.StringLiteral, as);
    case K.PrefixUnaryExpression: {
      const u = n as TS.PrefixUnaryExpression;
      if (u.operator !== K.PlusToken && u.operator !== K.MinusToken) return dynamic(cx, n);
      return { kind: 'unary', op: u.operator === K.PlusToken ? '+' : '-', arg: readExpr(cx, u.operand, inner), loc: locOf(cx, n) };
    }
    case K.BinaryExpression:
      return binary(cx, n as TS.BinaryExpression, inner);
    case K.CallExpression: {
      const c = n as TS.CallExpression;
      const fn = mathOrConversion(cx, c.expression);
      if (fn) return { kind: 'call', fn, args: c.arguments.map((a) => readExpr(cx, a, inner)), loc: locOf(cx, n) };
      return exprOfRef(cx, refOf(cx, n), n, as);
    }
    case K.Identifier:
    case K.PropertyAccessExpression:
    case K.ElementAccessExpression:
    case K.AwaitExpression:
      return exprOfRef(cx, refOf(cx, n), n, as);
    default:
      return dynamic(cx, n);
  }
}

function binary(cx: CodeContext, b: TS.BinaryExpression, as: ReadAs): Expr {
  const K = cx.ts.SyntaxKind;
  const op = b.operatorToken.kind;
  const loc = locOf(cx, b);
  if (op === K.BarBarToken || op === K.QuestionQuestionToken) {
    return {
      kind: 'logical',
      op: op === K.BarBarToken ? '||' : '??',
      left: readExpr(cx, b.left, as),
      right: readExpr(cx, b.right, { what: as.what, fallback: true }),
      loc,
    };
  }
  const arith = op === K.PlusToken ? '+' : op === K.MinusToken ? '-' : op === K.AsteriskToken ? '*' : op === K.SlashToken ? '/' : undefined;
  if (!arith) return dynamic(cx, b);
  return { kind: 'binary', op: arith, left: readExpr(cx, b.left, as), right: readExpr(cx, b.right, as), loc };
}

/** The value a reference stands for; `node` is the expression being read. */
export function exprOfRef(cx: CodeContext, r: Ref, node: TS.Node, as: ReadAs): Expr {
  switch (r.k) {
    case 'expr':
      return r.expr;
    case 'config':
      return r.path.length > 0 ? { kind: 'config', path: r.path, loc: locOf(cx, r.at) } : dynamic(cx, node);
    case 'node':
      return unwrap(cx, r.node) === unwrap(cx, node as TS.Expression) ? dynamic(cx, node) : readExpr(cx, r.node, { what: as.what, fallback: as.fallback });
    default:
      return dynamic(cx, node);
  }
}

function mathOrConversion(cx: CodeContext, callee: TS.Expression): MathOrConversion | undefined {
  const K = cx.ts.SyntaxKind;
  const c = unwrap(cx, callee);
  if (c.kind === K.Identifier) {
    const name = (c as TS.Identifier).text;
    return CONVERSIONS.has(name) && !cx.decls.lookup(name, c.pos) ? (name as MathOrConversion) : undefined;
  }
  if (c.kind !== K.PropertyAccessExpression) return undefined;
  const access = c as TS.PropertyAccessExpression;
  if (access.expression.kind !== K.Identifier) return undefined;
  const owner = (access.expression as TS.Identifier).text;
  const name = access.name.text;
  if (owner === 'Math' && MATH.has(name)) return `Math.${name}` as MathOrConversion;
  if (owner === 'Number' && (name === 'parseInt' || name === 'parseFloat')) return name;
  return undefined;
}

function writtenPath(cx: CodeContext, node: TS.Node, as: ReadAs): string {
  if (as.direct && unwrap(cx, as.direct as TS.Expression) === node) return `createPool({ ${as.what} })`;
  return `${cx.file}: ${as.what}${as.fallback ? ' fallback' : ''}`;
}

function numberLiteral(cx: CodeContext, n: TS.NumericLiteral, as: ReadAs): Expr {
  const loc = locOf(cx, n);
  const text = cx.text.slice(n.getStart(cx.sf), n.end);
  const value = Number(text.replace(/_/g, ''));
  const written: WrittenValue = {
    text,
    number: value,
    loc,
    edit: { file: cx.file, range: loc.range, prefix: '', suffix: '' },
    path: writtenPath(cx, n, as),
  };
  return { kind: 'number', value, written };
}

function stringLiteral(cx: CodeContext, n: TS.StringLiteral, as: ReadAs): Expr {
  const start = n.getStart(cx.sf);
  const inner = spanLoc(cx, start + 1, Math.max(start + 1, n.end - 1));
  const written: WrittenValue = {
    text: n.text,
    loc: locOf(cx, n),
    edit: { file: cx.file, range: inner.range, prefix: '', suffix: '' },
    path: writtenPath(cx, n, as),
  };
  return { kind: 'string', value: n.text, written };
}

export function dynamic(cx: CodeContext, node: TS.Node): Expr {
  return { kind: 'dynamic', text: shortText(cx, node), loc: locOf(cx, node) };
}

/** A constant the code implies but does not write, e.g. the 1 of a lone `cluster.fork()`. */
export function impliedNumber(cx: CodeContext, value: number, at: TS.Node, path: string): Expr {
  return { kind: 'number', value, written: { text: String(value), number: value, loc: locOf(cx, at), path } };
}
