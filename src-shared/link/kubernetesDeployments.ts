import type { KubeConfigMap, KubeContainer, KubeHpa, KubeObject, KubeService, KubeWorkload } from '../readers/kubernetes';
import { once } from '../identity';
import type { WrittenValue } from '../types';
import type { Environment } from './environment';
import { addToList, groupBy } from '../lists';

export type Located<T> = T & { file: string };

export interface KubernetesObjects {
  workloads: Array<Located<KubeWorkload>>;
  configMaps: Array<Located<KubeConfigMap>>;
  hpas: Array<Located<KubeHpa>>;
  services: Array<Located<KubeService>>;
  /** Lookups by name, built once per analysis so linking stays linear. */
  configMapsByName: Map<string, Array<Located<KubeConfigMap>>>;
  hpasByTarget: Map<string, Array<Located<KubeHpa>>>;
  /** Services by the first `key=value` of their selector. */
  servicesBySelector: Map<string, Array<Located<KubeService>>>;
}

/** The first `key=value` of a Service's selector: its index key (a Service without one is not indexed). */
function selectorKey(service: KubeService): string | undefined {
  const [first] = Object.entries(service.selector);
  return first && `${first[0]}=${first[1]}`;
}

export function groupKubernetes(objects: Array<Located<KubeObject>>): KubernetesObjects {
  const workloads: KubernetesObjects['workloads'] = [];
  const configMaps: KubernetesObjects['configMaps'] = [];
  const hpas: KubernetesObjects['hpas'] = [];
  const services: KubernetesObjects['services'] = [];
  for (const object of objects) {
    if (object.type === 'workload') workloads.push(object);
    else if (object.type === 'configmap') configMaps.push(object);
    else if (object.type === 'hpa') hpas.push(object);
    else services.push(object);
  }
  return {
    workloads,
    configMaps,
    hpas,
    services,
    configMapsByName: groupBy(configMaps, (map) => map.name),
    hpasByTarget: groupBy(hpas, (hpa) => hpa.targetName),
    servicesBySelector: groupBy(
      services.filter((service) => selectorKey(service) !== undefined),
      (service) => selectorKey(service)!,
    ),
  };
}

/**
 * The objects with some replaced by versions of the same kind, name and references (an edited
 * file's), in the same places of every list and index. Lists without a replaced object are kept.
 */
export function replaceObjects(objects: KubernetesObjects, replaced: Map<KubeObject, KubeObject>): KubernetesObjects {
  const swap = <T extends KubeObject>(list: T[]): T[] =>
    [...replaced.keys()].some((object) => list.includes(object as T)) ? list.map((object) => (replaced.get(object) as T | undefined) ?? object) : list;
  // A replaced object keeps its name and references, so it sits under the same key.
  const swapUnder = <T extends KubeObject>(index: Map<string, T[]>, keyOf: (object: KubeObject) => string | undefined): Map<string, T[]> => {
    let swapped: Map<string, T[]> | undefined;
    for (const before of replaced.keys()) {
      const key = keyOf(before);
      const list = key === undefined ? undefined : (swapped ?? index).get(key);
      if (key === undefined || !list?.includes(before as T)) continue;
      (swapped ??= new Map(index)).set(key, swap(list));
    }
    return swapped ?? index;
  };
  return {
    workloads: swap(objects.workloads),
    configMaps: swap(objects.configMaps),
    hpas: swap(objects.hpas),
    services: swap(objects.services),
    configMapsByName: swapUnder(objects.configMapsByName, (object) => (object.type === 'configmap' ? object.name : undefined)),
    hpasByTarget: swapUnder(objects.hpasByTarget, (object) => (object.type === 'hpa' ? object.targetName : undefined)),
    servicesBySelector: swapUnder(objects.servicesBySelector, (object) => (object.type === 'service' ? selectorKey(object) : undefined)),
  };
}

/** Which workloads read a ConfigMap, mount one or have a name: built once per list of workloads. */
export interface WorkloadIndex {
  /** By ConfigMap name: the workloads taking env vars from it. */
  readers: Map<string, Array<Located<KubeWorkload>>>;
  /** ConfigMaps some workload mounts as a volume. */
  mounted: Set<string>;
  byName: Map<string, Array<Located<KubeWorkload>>>;
}

// An edit of a ConfigMap, HPA or Service keeps the list of workloads, and with it this index.
const workloadIndexes = new WeakMap<Array<Located<KubeWorkload>>, WorkloadIndex>();

export function workloadIndex(workloads: Array<Located<KubeWorkload>>): WorkloadIndex {
  return once(workloadIndexes, workloads, () => {
    const readers = new Map<string, Array<Located<KubeWorkload>>>();
    for (const workload of workloads) {
      for (const name of new Set(configMapsReadBy(workload))) addToList(readers, name, workload);
    }
    return { readers, mounted: new Set(workloads.flatMap((workload) => workload.configMapVolumes)), byName: groupBy(workloads, (workload) => workload.name) };
  });
}

/** The ConfigMaps a workload's containers take env vars from. */
function configMapsReadBy(workload: KubeWorkload): string[] {
  return workload.containers.flatMap((container) => [
    ...container.envFrom.map((from) => from.configMap),
    ...container.env.flatMap((entry) => (entry.configMapKeyRef ? [entry.configMapKeyRef.name] : [])),
  ]);
}

/** Same object when names match and namespaces do not disagree (a missing namespace matches any). */
function sameNamespace(a?: string, b?: string): boolean {
  return a === undefined || b === undefined || a === b;
}

export function findConfigMap(objects: KubernetesObjects, name: string, namespace?: string): Located<KubeConfigMap> | undefined {
  return objects.configMapsByName.get(name)?.find((map) => sameNamespace(map.namespace, namespace));
}

export function findHpa(objects: KubernetesObjects, workload: KubeWorkload): Located<KubeHpa> | undefined {
  return objects.hpasByTarget.get(workload.name)?.find(
    (hpa) =>
      (hpa.targetKind === undefined || hpa.targetKind === workload.kind) &&
      sameNamespace(hpa.namespace, workload.namespace),
  );
}

/** Services whose selector picks the workload's pods: names it is reached by. */
export function serviceNamesFor(objects: KubernetesObjects, workload: KubeWorkload): string[] {
  return Object.entries(workload.podLabels)
    .flatMap(([key, value]) => objects.servicesBySelector.get(`${key}=${value}`) ?? [])
    .filter((service) => {
      const entries = Object.entries(service.selector);
      return (
        entries.length > 0 &&
        sameNamespace(service.namespace, workload.namespace) &&
        entries.every(([key, value]) => workload.podLabels[key] === value)
      );
    })
    .map((service) => service.name);
}

/** A container's environment: `envFrom` ConfigMaps first, `env` entries over them. */
export function containerEnvironment(objects: KubernetesObjects, workload: KubeWorkload, container: KubeContainer): Environment {
  const env: Environment = new Map();
  for (const from of container.envFrom) {
    const map = findConfigMap(objects, from.configMap, workload.namespace);
    if (!map) continue;
    const reference: WrittenValue = { text: from.configMap, loc: from.loc, path: `envFrom configMapRef ${from.configMap}` };
    for (const [key, value] of map.data) {
      const name = from.prefix + key;
      env.set(name, { name, declared: from.loc, resolved: value, via: [reference] });
    }
  }
  for (const entry of container.env) {
    if (entry.configMapKeyRef) {
      const { name: mapName, key, loc } = entry.configMapKeyRef;
      const map = findConfigMap(objects, mapName, workload.namespace);
      const value = map?.data.get(key);
      const reference: WrittenValue = { text: `${mapName}/${key}`, loc, path: `configMapKeyRef ${mapName}/${key}` };
      env.set(entry.name, {
        name: entry.name,
        declared: entry.nameLoc,
        resolved: value,
        via: [reference],
        problem: value
          ? undefined
          : {
              code: 'unresolved-value',
              message: map
                ? `${entry.name} refers to key ${key} of ConfigMap ${mapName}, which has no such key`
                : `${entry.name} refers to ConfigMap ${mapName}, which is not in the workspace`,
              loc,
            },
      });
    } else {
      env.set(entry.name, {
        name: entry.name,
        declared: entry.nameLoc,
        resolved: entry.value,
        via: [],
        problem: entry.value ? undefined : { code: 'unresolved-value', message: `${entry.name} has no value`, loc: entry.nameLoc },
      });
    }
  }
  return env;
}

/** RollingUpdate surge: `maxSurge` as a number or a percentage of the replicas (default 25 %), rounded up. */
export function surgePods(workload: KubeWorkload, replicas: number): { pods: number; reason?: string } {
  if (workload.kind !== 'Deployment' || workload.strategy !== 'RollingUpdate') return { pods: 0 };
  const text = workload.maxSurge?.text ?? '25%';
  const percent = /^\s*(\d+)\s*%\s*$/.exec(text);
  const pods = percent ? Math.ceil((replicas * Number(percent[1])) / 100) : /^\s*\d+\s*$/.test(text) ? Number(text) : 0;
  if (pods === 0) return { pods };
  const described = workload.maxSurge ? `maxSurge ${text}` : 'default maxSurge 25 %';
  return { pods, reason: `rollout surge +${pods} (${described} of ${replicas})` };
}
