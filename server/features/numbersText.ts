import { percentOf } from '../../src-shared/numbers';
import type { Deployment, Factor, FactorName } from '../../src-shared/types';

export const FACTORS: FactorName[] = ['instances', 'workers', 'connectionLimit'];

export function count(value: number | null): string {
  return value === null ? '?' : String(value);
}

export function percent(part: number | null, whole: number): string {
  return part === null ? '?' : `${percentOf(part, whole)} %`;
}

/** The short form of a factor's assumption, for a hint: `assumes 4 cores`, `default limit 10`. */
export function shortAssumption(name: FactorName, factor: Factor): string | undefined {
  if (!factor.assumption) return undefined;
  const cores = /(\d+) CPU cores? assumed/.exec(factor.assumption);
  if (cores) return `assumes ${cores[1]} cores`;
  if (name === 'connectionLimit') return `default limit ${count(factor.value)}`;
  return `assumes ${count(factor.value)} ${name}`;
}

/** Sums that stay unknown when one part is unknown. */
export function sumOf(values: Array<number | null>): number | null {
  let total = 0;
  for (const value of values) {
    if (value === null) return null;
    total += value;
  }
  return total;
}

/** `3 × 2 × 3 = 18` */
export function equation(deployment: Deployment): string {
  const factors = FACTORS.map((name) => count(deployment[name].value)).join(' × ');
  return `${factors} = ${deployment.connectionLimit.value === 0 ? 'unbounded' : count(deployment.total)}`;
}
