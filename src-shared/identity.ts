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
