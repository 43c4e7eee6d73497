/** Summaries of repeated measurements. Every summary keeps its runs. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export interface Percentiles {
  p50: number;
  p95: number;
  min: number;
  max: number;
  count: number;
  runs: number[];
}

export const round = (value: number, digits = 3): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function summarize(values: number[], digits = 3): Summary {
  return {
    median: round(median(values), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
    runs: values.map((value) => round(value, digits)),
  };
}

export function percentiles(values: number[], digits = 3): Percentiles {
  return {
    p50: round(percentile(values, 50), digits),
    p95: round(percentile(values, 95), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
    count: values.length,
    runs: values.map((value) => round(value, digits)),
  };
}
