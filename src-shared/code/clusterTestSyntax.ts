import type * as TS from 'typescript';
import type { TypeScriptParser } from './loadTypeScript';

const TEST_NAMES = new Set(['isPrimary', 'isMaster', 'isWorker']);

export interface ClusterTest {
  access: TS.PropertyAccessExpression | TS.Identifier;
  name: string;
  /** The condition is true when the access is false (`!cluster.isPrimary`, `cluster.isWorker === false`). */
  negated: boolean;
  /** Set when only one outcome of the condition tells the access: `cluster.isPrimary && ready` only when true. */
  knownWhen?: boolean;
}

/**
 * The `cluster.isPrimary`-like access a condition tests. Syntax only: whether the receiver is the
 * cluster module is decided later.
 */
export function clusterTestTarget(ts: TypeScriptParser, condition: TS.Expression): ClusterTest | undefined {
  const K = ts.SyntaxKind;
  let node: TS.Expression = condition;
  let negated = false;
  for (;;) {
    if (node.kind === K.ParenthesizedExpression) {
      node = (node as TS.ParenthesizedExpression).expression;
    } else if (node.kind === K.PrefixUnaryExpression && (node as TS.PrefixUnaryExpression).operator === K.ExclamationToken) {
      negated = !negated;
      node = (node as TS.PrefixUnaryExpression).operand;
    } else if (node.kind === K.BinaryExpression && (node as TS.BinaryExpression).operatorToken.kind === K.AmpersandAmpersandToken) {
      const b = node as TS.BinaryExpression;
      const sub = clusterTestTarget(ts, b.left) ?? clusterTestTarget(ts, b.right);
      if (!sub || sub.knownWhen === false) return undefined;
      return { access: sub.access, name: sub.name, negated: sub.negated !== negated, knownWhen: !negated };
    } else if (node.kind === K.BinaryExpression) {
      const b = node as TS.BinaryExpression;
      const op = b.operatorToken.kind;
      const equal = op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken;
      if (!equal && op !== K.ExclamationEqualsEqualsToken && op !== K.ExclamationEqualsToken) return undefined;
      const side = isBoolean(K, b.right) ? b.left : isBoolean(K, b.left) ? b.right : undefined;
      if (!side) return undefined;
      const literal = side === b.left ? b.right : b.left;
      if ((literal.kind === K.TrueKeyword) !== equal) negated = !negated;
      node = side;
    } else {
      break;
    }
  }
  if (node.kind === K.PropertyAccessExpression) {
    const name = (node as TS.PropertyAccessExpression).name.text;
    return TEST_NAMES.has(name) ? { access: node as TS.PropertyAccessExpression, name, negated } : undefined;
  }
  if (node.kind === K.Identifier) {
    const name = (node as TS.Identifier).text;
    return TEST_NAMES.has(name) ? { access: node as TS.Identifier, name, negated } : undefined;
  }
  return undefined;
}

function isBoolean(K: typeof TS.SyntaxKind, node: TS.Expression): boolean {
  return node.kind === K.TrueKeyword || node.kind === K.FalseKeyword;
}
