import type { Expr } from './codeFacts';

/** The env vars an expression reads, added to `into` in reading order. */
export function collectEnvNames(expr: Expr | undefined, into: Set<string>): void {
  if (!expr) return;
  switch (expr.kind) {
    case 'env':
      into.add(expr.name);
      return;
    case 'call':
      for (const a of expr.args) collectEnvNames(a, into);
      return;
    case 'logical':
    case 'binary':
      collectEnvNames(expr.left, into);
      collectEnvNames(expr.right, into);
      return;
    case 'unary':
      collectEnvNames(expr.arg, into);
      return;
    default:
      return;
  }
}
