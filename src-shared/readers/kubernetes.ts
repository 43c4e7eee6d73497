import type { Node } from 'yaml';
import type { YamlDoc } from '../yaml/yamlTree';
import type { Location, WrittenValue } from '../types';
import { fileStem } from './appConfig';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'ReplicaSet';

export interface KubeEnv {
  name: string;
  nameLoc: Location;
  value?: WrittenValue;
  configMapKeyRef?: { name: string; key: string; loc: Location };
}

export interface KubeContainer {
  name: string;
  image?: string;
  env: KubeEnv[];
  envFrom: Array<{ configMap: string; prefix: string; loc: Location }>;
  cpuLimit?: WrittenValue;
  /** `command` and `args` together. */
  args: WrittenValue[];
}

export interface KubeWorkload {
  type: 'workload';
  kind: WorkloadKind;
  name: string;
  namespace?: string;
  loc: Location;
  replicas?: WrittenValue;
  strategy: 'RollingUpdate' | 'Recreate' | 'OnDelete' | 'none';
  maxSurge?: WrittenValue;
  containers: KubeContainer[];
  podLabels: Record<string, string>;
  configMapVolumes: string[];
  /** The seed guide's shape: no `kind`, `spec.containers.env` directly. */
  abbreviated: boolean;
}

export interface KubeConfigMap {
  type: 'configmap';
  name: string;
  namespace?: string;
  data: Map<string, WrittenValue>;
}

export interface KubeHpa {
  type: 'hpa';
  name: string;
  namespace?: string;
  loc: Location;
  targetKind?: string;
  targetName: string;
  maxReplicas?: WrittenValue;
}

export interface KubeService {
  type: 'service';
  name: string;
  namespace?: string;
  selector: Record<string, string>;
}

export type KubeObject = KubeWorkload | KubeConfigMap | KubeHpa | KubeService;

const WORKLOAD_KINDS = new Set<string>(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** Reads one document of a Kubernetes manifest; undefined for kinds the budget does not use. */
export function readKubernetes(doc: YamlDoc): KubeObject | undefined {
  const root = doc.root;
  if (!root || !doc.isMap(root)) return undefined;
  const kind = doc.textOf(doc.get(root, 'kind'));
  const metadata = doc.get(root, 'metadata');
  const name = doc.textOf(doc.get(metadata, 'name'));
  const namespace = doc.textOf(doc.get(metadata, 'namespace'));
  if (kind === undefined) return readAbbreviated(doc, root);
  if (WORKLOAD_KINDS.has(kind)) return name ? readWorkload(doc, root, kind as WorkloadKind, name, namespace) : undefined;
  if (!name) return undefined;
  switch (kind) {
    case 'ConfigMap': {
      const data = new Map<string, WrittenValue>();
      for (const { key, value } of doc.entries(doc.get(root, 'data'))) {
        const written = doc.written(value, `ConfigMap ${name} data.${key}`);
        if (written) data.set(key, written);
      }
      return { type: 'configmap', name, namespace, data };
    }
    case 'HorizontalPodAutoscaler': {
      const spec = doc.get(root, 'spec');
      const target = doc.get(spec, 'scaleTargetRef');
      const targetName = doc.textOf(doc.get(target, 'name'));
      if (!targetName) return undefined;
      return {
        type: 'hpa',
        name,
        namespace,
        loc: doc.loc(doc.get(metadata, 'name')),
        targetKind: doc.textOf(doc.get(target, 'kind')),
        targetName,
        maxReplicas: doc.written(doc.get(spec, 'maxReplicas'), `HorizontalPodAutoscaler ${name} spec.maxReplicas`),
      };
    }
    case 'Service': {
      const selector: Record<string, string> = {};
      for (const { key, value } of doc.entries(doc.getPath(root, ['spec', 'selector']))) {
        const text = doc.textOf(value);
        if (text !== undefined) selector[key] = text;
      }
      return { type: 'service', name, namespace, selector };
    }
    default:
      return undefined;
  }
}

function readWorkload(doc: YamlDoc, root: Node, kind: WorkloadKind, name: string, namespace?: string): KubeWorkload {
  const spec = doc.get(root, 'spec');
  const podSpec = doc.getPath(spec, ['template', 'spec']);
  const strategy = doc.get(spec, kind === 'StatefulSet' ? 'updateStrategy' : 'strategy');
  const strategyType = doc.textOf(doc.get(strategy, 'type'));
  const labels: Record<string, string> = {};
  for (const { key, value } of doc.entries(doc.getPath(spec, ['template', 'metadata', 'labels']))) {
    const text = doc.textOf(value);
    if (text !== undefined) labels[key] = text;
  }
  return {
    type: 'workload',
    kind,
    name,
    namespace,
    loc: doc.loc(doc.getPath(root, ['metadata', 'name'])),
    replicas: doc.writtenOrCollection(doc.get(spec, 'replicas'), `${kind} ${name} spec.replicas`),
    strategy: kind === 'ReplicaSet' ? 'none' : strategyType === 'Recreate' || strategyType === 'OnDelete' ? strategyType : 'RollingUpdate',
    maxSurge: doc.written(doc.getPath(strategy, ['rollingUpdate', 'maxSurge']), `${kind} ${name} spec.strategy.rollingUpdate.maxSurge`),
    containers: readContainers(doc, doc.get(podSpec, 'containers') ?? doc.get(spec, 'containers'), `${kind} ${name}`),
    podLabels: labels,
    configMapVolumes: doc
      .items(doc.get(podSpec, 'volumes'))
      .flatMap((volume) => doc.textOf(doc.getPath(volume, ['configMap', 'name'])) ?? []),
    abbreviated: false,
  };
}

/** The seed guide's manifest without `kind`: `spec.replicas` and `spec.containers.env`. */
function readAbbreviated(doc: YamlDoc, root: Node): KubeWorkload | undefined {
  const spec = doc.get(root, 'spec');
  const containers = doc.get(spec, 'containers') ?? doc.getPath(spec, ['template', 'spec', 'containers']);
  if (containers === null) return undefined;
  const name = doc.textOf(doc.getPath(root, ['metadata', 'name'])) ?? fileStem(doc.file);
  return {
    type: 'workload',
    kind: 'Deployment',
    name,
    loc: doc.loc(doc.getPath(root, ['metadata', 'name']) ?? findKey(doc, root, 'spec')),
    replicas: doc.writtenOrCollection(doc.get(spec, 'replicas'), `${name} spec.replicas`),
    strategy: 'RollingUpdate',
    containers: readContainers(doc, containers, name),
    podLabels: {},
    configMapVolumes: [],
    abbreviated: true,
  };
}

function findKey(doc: YamlDoc, map: Node, key: string): Node | null {
  return doc.entries(map).find((entry) => entry.key === key)?.keyNode ?? null;
}

function readContainers(doc: YamlDoc, node: Node | null, owner: string): KubeContainer[] {
  const containers = doc.isMap(node) ? [node as Node] : doc.items(node);
  return containers.filter((container) => doc.isMap(container)).map((container, index) => {
    const name = doc.textOf(doc.get(container, 'name')) ?? `container-${index}`;
    const path = `${owner} container ${name}`;
    return {
      name,
      image: doc.textOf(doc.get(container, 'image')),
      env: doc.items(doc.get(container, 'env')).flatMap((item) => readEnv(doc, item, path)),
      envFrom: doc.items(doc.get(container, 'envFrom')).flatMap((item) => {
        const ref = doc.get(item, 'configMapRef');
        const configMap = doc.textOf(doc.get(ref, 'name'));
        return configMap ? [{ configMap, prefix: doc.textOf(doc.get(item, 'prefix')) ?? '', loc: doc.loc(doc.get(ref, 'name')) }] : [];
      }),
      cpuLimit: doc.written(doc.getPath(container, ['resources', 'limits', 'cpu']), `${path} resources.limits.cpu`),
      args: [...doc.items(doc.get(container, 'command')), ...doc.items(doc.get(container, 'args'))].flatMap(
        (item) => doc.written(item, `${path} args`) ?? [],
      ),
    };
  });
}

function readEnv(doc: YamlDoc, item: Node, path: string): KubeEnv[] {
  const nameNode = doc.get(item, 'name');
  const name = doc.textOf(nameNode);
  if (!name) return [];
  const env: KubeEnv = { name, nameLoc: doc.loc(nameNode) };
  const valueNode = doc.get(item, 'value');
  if (valueNode !== null) env.value = doc.written(valueNode, `${path} env ${name}`);
  const ref = doc.getPath(item, ['valueFrom', 'configMapKeyRef']);
  const refName = doc.textOf(doc.get(ref, 'name'));
  const refKey = doc.textOf(doc.get(ref, 'key'));
  if (refName && refKey) env.configMapKeyRef = { name: refName, key: refKey, loc: doc.loc(doc.get(ref, 'key')) };
  return [env];
}
