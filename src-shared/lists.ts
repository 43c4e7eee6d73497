// Lists kept under keys: findings by file, servers' members, workloads by name, …

/** Adds `item` to the list under `key`, starting the list when there is none. */
export function addToList<K, V>(map: Map<K, V[]>, key: K, item: V): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** The items by key, each list in the items' order. */
export function groupBy<K, V>(items: Iterable<V>, key: (item: V) => K): Map<K, V[]> {
  const map = new Map<K, V[]>();
  for (const item of items) addToList(map, key(item), item);
  return map;
}
