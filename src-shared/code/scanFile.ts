import type * as TS from 'typescript';
import type { TypeScriptParser } from './loadTypeScript';
import { clusterTestTarget } from './clusterTestSyntax';
import { DeclRecorder, DeclTable } from './declarations';

export type LoopNode = TS.ForStatement | TS.ForOfStatement | TS.ForInStatement | TS.WhileStatement | TS.DoStatement;

/** A construct around a call that changes what the call means. */
export type Frame =
  /** The then-branch (`then`) or else-branch of a test on `cluster.isPrimary` and the like. */
  | { k: 'test'; test: TS.Expression; then: boolean }
  | { k: 'loop'; node: LoopNode }
  /** A callback run once per element: `array.forEach(cb)`, `Array.from(array, cb)`. */
  | { k: 'each'; array: TS.Expression }
  /** A handler of a worker's exit: a fork there replaces a worker rather than adding one. */
  | { k: 'restart' };

export interface CallSite {
  call: TS.CallExpression;
  /** Outermost first. */
  frames: Frame[];
}

export interface Scan {
  decls: DeclTable;
  /** Calls that may be `createPool` / `cluster.fork`; the receivers are checked later. */
  pools: CallSite[];
  forks: CallSite[];
}

const LISTEN = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const RESTART_EVENTS = new Set(['exit', 'disconnect', 'death']);

/** The single pass over the tree: declarations, candidate calls and the frames around them. */
export function scanFile(ts: TypeScriptParser, sf: TS.SourceFile): Scan {
  const K = ts.SyntaxKind;
  const firstNode = K.FirstNode;
  const firstType = K.FirstTypeNode;
  const lastType = K.LastTypeNode;
  const pools: CallSite[] = [];
  const forks: CallSite[] = [];
  const poolNames = new Set(['createPool']);
  const forkNames = new Set(['fork']);
  const frames: Frame[] = [];

  // Where the names of candidate calls occur in the text: a function whose text has none of them
  // is skipped whole, since nothing declared inside it is visible to a call outside it.
  const occurrences: number[][] = [];
  const indexName = (name: string): void => {
    const found: number[] = [];
    for (let i = sf.text.indexOf(name); i >= 0; i = sf.text.indexOf(name, i + 1)) found.push(i);
    occurrences.push(found);
  };
  const mentionsCandidate = (start: number, end: number): boolean => occurrences.some((list) => anyWithin(list, start, end));
  indexName('createPool');
  indexName('fork');

  const noteAlias = (local: string, member: string | undefined): void => {
    const names = member === 'createPool' ? poolNames : member === 'fork' ? forkNames : undefined;
    if (!names || names.has(local)) return;
    names.add(local);
    indexName(local);
  };
  const decls = new DeclRecorder(ts, sf, new DeclTable(), noteAlias);

  const inFrame = (frame: Frame, node: TS.Node | undefined): void => {
    if (!node) return;
    frames.push(frame);
    visit(node);
    frames.pop();
  };

  const visitCall = (node: TS.CallExpression): void => {
    const callee = node.expression;
    const args = node.arguments;
    let frame: Frame | undefined;
    if (callee.kind === K.PropertyAccessExpression) {
      const access = callee as TS.PropertyAccessExpression;
      const name = access.name.text;
      if (name === 'createPool') pools.push({ call: node, frames: frames.slice() });
      else if (name === 'fork') forks.push({ call: node, frames: frames.slice() });
      else if ((name === 'forEach' || name === 'map') && args.length > 0 && isFunction(K, args[0])) {
        frame = { k: 'each', array: access.expression };
      } else if (name === 'from' && args.length > 1 && access.expression.kind === K.Identifier
        && (access.expression as TS.Identifier).text === 'Array') {
        frame = { k: 'each', array: args[0] };
      } else if (LISTEN.has(name) && args.length > 1 && isString(K, args[0]) && RESTART_EVENTS.has((args[0] as TS.StringLiteral).text)) {
        frame = { k: 'restart' };
      }
    } else if (callee.kind === K.Identifier) {
      const name = (callee as TS.Identifier).text;
      if (poolNames.has(name)) pools.push({ call: node, frames: frames.slice() });
      else if (forkNames.has(name)) forks.push({ call: node, frames: frames.slice() });
    }
    if (!frame) {
      ts.forEachChild(node, visit);
      return;
    }
    visit(callee);
    frames.push(frame);
    for (const arg of args) visit(arg);
    frames.pop();
  };

  const visitBranches = (test: TS.Expression, whenTrue: TS.Node, whenFalse: TS.Node | undefined): void => {
    visit(test);
    if (!clusterTestTarget(ts, test)) {
      visit(whenTrue);
      if (whenFalse) visit(whenFalse);
      return;
    }
    inFrame({ k: 'test', test, then: true }, whenTrue);
    inFrame({ k: 'test', test, then: false }, whenFalse);
  };

  const visitFunction = (node: TS.SignatureDeclarationBase | TS.ClassStaticBlockDeclaration): void => {
    if (!mentionsCandidate(node.pos, node.end)) return;
    const { blockStart, blockEnd, fnStart, fnEnd } = decls;
    decls.blockStart = decls.fnStart = node.pos;
    decls.blockEnd = decls.fnEnd = node.end;
    if ('parameters' in node) decls.parameters(node);
    ts.forEachChild(node, visit);
    Object.assign(decls, { blockStart, blockEnd, fnStart, fnEnd });
  };

  const visitLoop = (n: LoopNode): void => {
    const { blockStart, blockEnd } = decls;
    decls.blockStart = n.pos;
    decls.blockEnd = n.end;
    if (n.kind === K.ForStatement) {
      if (n.initializer) visit(n.initializer);
      if (n.condition) visit(n.condition);
      if (n.incrementor) visit(n.incrementor);
    } else if (n.kind === K.ForOfStatement || n.kind === K.ForInStatement) {
      visit(n.initializer);
      visit(n.expression);
    } else {
      visit(n.expression);
    }
    inFrame({ k: 'loop', node: n }, n.statement);
    decls.blockStart = blockStart;
    decls.blockEnd = blockEnd;
  };

  function visit(node: TS.Node): undefined {
    const kind = node.kind;
    // Tokens, identifiers and types hold nothing this pass looks for.
    if (kind < firstNode || (kind >= firstType && kind <= lastType)) return;
    switch (kind) {
      case K.CallExpression:
        visitCall(node as TS.CallExpression);
        return;
      case K.BinaryExpression: {
        // Long chains (`a + b + c …`) nest to the left: walk the spine in a loop, not on the stack.
        const rights: TS.Expression[] = [];
        let e: TS.Expression = node as TS.BinaryExpression;
        for (; e.kind === K.BinaryExpression; e = (e as TS.BinaryExpression).left) rights.push((e as TS.BinaryExpression).right);
        visit(e);
        for (let i = rights.length - 1; i >= 0; i--) visit(rights[i]);
        return;
      }
      case K.PropertyAccessExpression: {
        let e = (node as TS.PropertyAccessExpression).expression;
        while (e.kind === K.PropertyAccessExpression) e = (e as TS.PropertyAccessExpression).expression;
        visit(e);
        return;
      }
      case K.IfStatement: {
        const n = node as TS.IfStatement;
        visitBranches(n.expression, n.thenStatement, n.elseStatement);
        return;
      }
      case K.ConditionalExpression: {
        const n = node as TS.ConditionalExpression;
        visitBranches(n.condition, n.whenTrue, n.whenFalse);
        return;
      }
      case K.ForStatement:
      case K.ForOfStatement:
      case K.ForInStatement:
      case K.WhileStatement:
      case K.DoStatement:
        visitLoop(node as LoopNode);
        return;
      case K.Block:
      case K.ModuleBlock:
      case K.CaseBlock:
      case K.CatchClause: {
        const { blockStart, blockEnd } = decls;
        decls.blockStart = node.pos;
        decls.blockEnd = node.end;
        ts.forEachChild(node, visit);
        decls.blockStart = blockStart;
        decls.blockEnd = blockEnd;
        return;
      }
      case K.FunctionDeclaration:
      case K.FunctionExpression:
      case K.ArrowFunction:
      case K.MethodDeclaration:
      case K.Constructor:
      case K.GetAccessor:
      case K.SetAccessor:
      case K.ClassStaticBlockDeclaration:
        visitFunction(node as TS.SignatureDeclarationBase);
        return;
      case K.VariableDeclarationList:
        decls.variables(node as TS.VariableDeclarationList);
        break;
      case K.ImportDeclaration:
      case K.ImportEqualsDeclaration:
        return;
      case K.InterfaceDeclaration:
      case K.TypeAliasDeclaration:
        return;
    }
    ts.forEachChild(node, visit);
    return undefined;
  }

  // Imports first: they bind names for the whole file, wherever they stand.
  for (const statement of sf.statements) {
    if (statement.kind === K.ImportDeclaration) decls.importDeclaration(statement as TS.ImportDeclaration);
    else if (statement.kind === K.ImportEqualsDeclaration) decls.importEquals(statement as TS.ImportEqualsDeclaration);
  }
  ts.forEachChild(sf, visit);
  return { decls: decls.table, pools, forks };
}

function isFunction(K: typeof TS.SyntaxKind, node: TS.Node): boolean {
  return node.kind === K.ArrowFunction || node.kind === K.FunctionExpression;
}

function isString(K: typeof TS.SyntaxKind, node: TS.Node): boolean {
  return node.kind === K.StringLiteral || node.kind === K.NoSubstitutionTemplateLiteral;
}

/** Whether the sorted `list` has an element in [start, end). */
function anyWithin(list: number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && list[lo] < end;
}
