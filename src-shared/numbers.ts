/** Reading counts from written text, and the arithmetic of SPEC §3. */

export type CountKind = 'instances' | 'workers' | 'connectionLimit';

export type ParsedCount = { ok: true; value: number } | { ok: false; reason: string };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A factor as a whole number: replicas and connectionLimit ≥ 0, workers ≥ 1 or -1 (one per core). */
export function parseCount(text: string | number, kind: CountKind): ParsedCount {
  const trimmed = typeof text === 'number' ? String(text) : text.trim();
  const name = kind === 'instances' ? 'an instance count' : kind === 'workers' ? 'a worker count' : 'a connectionLimit';
  if (trimmed === '') return { ok: false, reason: `an empty value is not ${name}` };
  if (!INTEGER.test(trimmed)) {
    if (DECIMAL.test(trimmed) || (typeof text === 'number' && !Number.isInteger(text))) {
      return { ok: false, reason: `${trimmed} is not a whole number, so it is not ${name}` };
    }
    return { ok: false, reason: `"${truncate(trimmed)}" is not a number, so it is not ${name}` };
  }
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value)) return { ok: false, reason: `${truncate(trimmed)} is too large for ${name}` };
  if (kind === 'workers') {
    if (value === -1 || value >= 1) return { ok: true, value };
    return { ok: false, reason: `workers must be a positive number or -1 (one per CPU core), not ${value}` };
  }
  if (value < 0) return { ok: false, reason: `${name.replace(/^an? /, '')} cannot be negative (${value})` };
  return { ok: true, value };
}

/** CPU quantities: `2`, `"1.5"`, `"1500m"`. */
export function parseCpu(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)(m?)\s*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]) / (match[2] ? 1000 : 1);
  return value > 0 ? value : undefined;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export function percentOf(part: number, whole: number): number {
  return Math.round((part / whole) * 1000) / 10;
}

export function budgetOf(maxConnections: number, threshold: number): number {
  return Math.floor((maxConnections * threshold) / 100);
}

/** max(2, floor(budget / Σ peakInstances × workers)): the seed's sizing rule with the reserve kept. */
export function recommendedLimit(budget: number, processes: number): number {
  return Math.max(2, Math.floor(budget / Math.max(processes, 1)));
}

export function conservativeLimit(recommended: number): number {
  return Math.max(2, Math.floor(recommended / 2));
}

export function multiply(...factors: Array<number | null>): number | null {
  let product = 1;
  for (const factor of factors) {
    if (factor === null) return null;
    product *= factor;
  }
  return product;
}
