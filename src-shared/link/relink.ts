import type { FileFacts } from '../fileFacts';
import { parentDir } from '../paths';
import type { ConfigFolders } from './configResolution';
import type { KubeObject } from '../readers/kubernetes';
import { kubernetesServers as kubernetesServersOf } from './databaseServers';
import { workloadDescriptors, type Descriptor, type DescriptorContext } from './descriptors';
import { replaceObjects, workloadIndex } from './kubernetesDeployments';
import { completeLink, describedBy, linkCompose, parseFindings, type ComposeLink, type Linked } from './linkWorkspace';
import { collectPrograms } from './programs';

function createsProgram(facts: FileFacts): boolean {
  return facts.code !== undefined && (facts.code.pools.length > 0 || facts.code.forks.length > 0);
}

/** What other objects find a Kubernetes object by: kind, name, namespace, HPA target, Service selector. */
function objectShape(object: KubeObject): string {
  const found = object.type === 'hpa' ? object.targetName : object.type === 'service' ? JSON.stringify(object.selector) : '';
  return `${object.type}|${object.name}|${object.namespace ?? ''}|${found}`;
}

/**
 * What of a file can change how the workspace links, as opposed to what only flows into the
 * deployments that read it. Two versions with the same shape link the same way, so an edit
 * between them re-links only the file and what reads it. Undefined: no incremental re-link
 * (`.cnf` files and skipped files are rare edits).
 */
function linkShape(facts: FileFacts): string | undefined {
  if (facts.cnf || facts.skipped) return undefined;
  const parts = [facts.isPackageJson ? 'package' : '', facts.compose ? 'compose' : '', facts.dotenv ? 'dotenv' : ''];
  if (facts.config) parts.push(`config ${facts.config.isAppConfig}`);
  for (const object of facts.kubernetes) parts.push(objectShape(object));
  const code = facts.code;
  if (code && createsProgram(facts)) parts.push(`code ${code.pools.length > 0} ${code.forks.length > 0} ${[...code.envNames].sort().join(',')}`);
  return parts.join('|');
}

function indexOf(files: FileFacts[], file: string): number {
  let low = 0;
  let high = files.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = files[middle].file;
    if (at === file) return middle;
    if (at < file) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** The config folders with one file's facts replaced; the folder list and its indexes are kept. */
function withConfig(folders: ConfigFolders, before: FileFacts, after: FileFacts): ConfigFolders {
  const dir = parentDir(after.file);
  const list = folders.byDir.get(dir);
  if (!list) return folders;
  const byDir = new Map(folders.byDir);
  byDir.set(dir, list.map((config) => (config === before.config ? after.config! : config)));
  return { ...folders, byDir };
}

/**
 * Re-links a workspace after one file's facts changed, reusing every deployment that does not read
 * the file (SPEC §10). Undefined when the change can alter the links themselves (a file that
 * appears or disappears, a new kind of content, a renamed Kubernetes object, a `.cnf` file): link
 * afresh then.
 */
export function relink(previous: Linked, after: FileFacts): Linked | undefined {
  const index = indexOf(previous.files, after.file);
  if (index === -1) return undefined;
  const before = previous.files[index];
  if (before === after) return previous;
  const shape = linkShape(after);
  if (shape === undefined || shape !== linkShape(before)) return undefined;

  const files = [...previous.files];
  files[index] = after;
  let context: DescriptorContext = previous.context;
  /** Descriptors whose deployments read the file. */
  const stale = new Set<Descriptor>();

  const recompose = new Set<string>();
  if (after.compose) recompose.add(after.file);
  if (after.dotenv) {
    const dotenvs = new Map(context.dotenvs);
    dotenvs.set(after.file, after.dotenv);
    context = { ...context, dotenvs };
    for (const [file, link] of previous.compose) if (link.dotenvs.includes(after.file)) recompose.add(file);
  }
  if (after.config) {
    context = { ...context, folders: withConfig(context.folders, before, after) };
    const dir = parentDir(after.file);
    for (const descriptor of describedBy(previous)) if (descriptor.configDir === dir) stale.add(descriptor);
  }
  let kubernetes = previous.kubernetes;
  let kubernetesServers = previous.kubernetesServers;
  let compose = previous.compose;
  if (createsProgram(after)) {
    // The programs are collected again; descriptors of the edited file's program get the new one.
    const programs = collectPrograms(files);
    context = { ...context, programs };
    const edited = programs.all.find((program) => program.pools.some((pool) => pool.file === after.file) || program.forks.some((fork) => fork.loc.file === after.file));
    if (edited) {
      const renew = (descriptor: Descriptor): Descriptor =>
        descriptor.program?.root === edited.root ? { ...descriptor, program: edited } : descriptor;
      kubernetes = new Map([...kubernetes].map(([workload, descriptors]) => [workload, descriptors.map(renew)]));
      compose = new Map<string, ComposeLink>();
      for (const [file, link] of previous.compose) {
        const descriptors = link.descriptors.map(renew);
        compose.set(file, descriptors.some((descriptor, i) => descriptor !== link.descriptors[i]) ? { ...link, descriptors } : link);
      }
    }
  }
  if (after.kubernetes.length > 0) {
    const replaced = new Map<KubeObject, KubeObject>(before.kubernetes.map((object, i) => [object, after.kubernetes[i]]));
    const previousWorkloads = context.kubernetes.workloads;
    context = { ...context, kubernetes: replaceObjects(context.kubernetes, replaced) };
    const { workloads } = context.kubernetes;
    const previousKubernetes = kubernetes;
    if (workloads !== previousWorkloads) {
      // Workloads of the file are described again, and with them the servers.
      kubernetes = new Map();
      for (const workload of workloads) kubernetes.set(workload, previousKubernetes.get(workload) ?? workloadDescriptors(context, workload));
      kubernetesServers = kubernetesServersOf(context.kubernetes);
    }
    // Workloads reading the file's ConfigMaps or scaled by its HPAs are described again; the
    // servers only when a workload mounts one of the ConfigMaps (a `.cnf` in it).
    const index = workloadIndex(workloads);
    const maps = after.kubernetes.flatMap((object) => (object.type === 'configmap' ? [object.name] : []));
    const readers = new Set([
      ...maps.flatMap((name) => index.readers.get(name) ?? []),
      ...after.kubernetes.flatMap((object) => (object.type === 'hpa' ? (index.byName.get(object.targetName) ?? []) : [])),
    ]);
    if (readers.size > 0 && kubernetes === previousKubernetes) kubernetes = new Map(kubernetes);
    for (const workload of readers) kubernetes.set(workload, workloadDescriptors(context, workload));
    if (maps.some((name) => index.mounted.has(name)) && kubernetesServers === previous.kubernetesServers) {
      kubernetesServers = kubernetesServersOf(context.kubernetes);
    }
  }
  if (recompose.size > 0) {
    compose = new Map(compose);
    for (const file of recompose) compose.set(file, linkCompose(context, files[indexOf(files, file)]));
  }
  let fileFindings = previous.fileFindings;
  if (before.parseErrors.length > 0 || after.parseErrors.length > 0) {
    fileFindings = [...fileFindings.filter((finding) => finding.loc.file !== after.file), ...parseFindings(after)];
  }
  return completeLink(
    {
      ...previous,
      files,
      context,
      compose,
      kubernetes,
      kubernetesServers,
      fileFindings,
      servers: recompose.size > 0 || kubernetesServers !== previous.kubernetesServers ? undefined : previous.servers,
    },
    (descriptor) => {
      const resolved = previous.resolved.get(descriptor);
      return resolved && { resolved, current: !stale.has(descriptor) };
    },
  );
}
