import { parseCount, type CountKind } from '../numbers';
import type { Factor, FactorProblem, WrittenValue } from '../types';

/** A factor from one written value: parsed, validated, with its problem when it is not a usable count. */
export function countFactor(written: WrittenValue, kind: CountKind, via: WrittenValue[] = []): Factor {
  const parsed = parseCount(written.number ?? written.text, kind);
  if (parsed.ok) return { value: parsed.value, source: written, via };
  return { value: null, source: written, via, problem: { code: 'invalid-value', message: parsed.reason, loc: written.loc } };
}

export function unresolvedFactor(problem: FactorProblem, via: WrittenValue[] = []): Factor {
  return { value: null, via, problem };
}

export function defaultFactor(value: number, assumption?: string): Factor {
  return { value, via: [], assumption };
}
