// Reuse by identity: an incremental analysis keeps most objects of the last one, so results
// derived from them can be kept too, and "unchanged" is an identity check.

/** The cached value for `key`, made and kept on first use. */
export function once<K extends object, V>(cache: WeakMap<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** The same objects in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/**
 * The same content: equal primitives, or objects of the same kind with the same keys in the same
 * order and the same content under each (functions only when identical). Shared parts are compared
 * by identity first, so that comparing a re-derived object with its earlier version costs what differs.
 */
export function sameContent(a: unknown, b: unknown, comparing = new Map<object, object>()): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  // A cycle back to a pair being compared adds nothing to compare.
  if (comparing.get(a) === b) return true;
  comparing.set(a, b);
  if (a instanceof Map) {
    const entries = [...(b as Map<unknown, unknown>)];
    return a.size === entries.length && [...a].every(([key, value], i) => Object.is(key, entries[i][0]) && sameContent(value, entries[i][1], comparing));
  }
  if (a instanceof Set) {
    const items = [...(b as Set<unknown>)];
    return a.size === items.length && [...a].every((item, i) => Object.is(item, items[i]));
  }
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  return (
    keys.length === otherKeys.length &&
    keys.every((key, i) => key === otherKeys[i] && sameContent((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], comparing))
  );
}
