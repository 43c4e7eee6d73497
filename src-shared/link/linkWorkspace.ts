import type { FileFacts } from '../fileFacts';
import { sameContent, sameItems } from '../identity';
import type { DotenvFacts } from '../readers/dotenv';
import type { KubeWorkload } from '../readers/kubernetes';
import type { Finding, Settings, SkippedFile } from '../types';
import { dotenvsReadBy } from './composeDeployments';
import { collectConfigFolders } from './configResolution';
import { composeServers, kubernetesServers, withOptionFiles, type ServerDeclaration, type WorkspaceServers } from './databaseServers';
import { codeDescriptors, composeDescriptors, configDescriptors, workloadDescriptors, type Descriptor, type DescriptorContext } from './descriptors';
import { groupKubernetes, type Located } from './kubernetesDeployments';
import { collectPrograms } from './programs';
import { resolveDeployments, type ResolvedDeployment } from './resolveDeployment';

/** What one Compose file contributes: it depends only on the file, the `.env` files it reads and the context. */
export interface ComposeLink {
  descriptors: Descriptor[];
  findings: Finding[];
  servers: ServerDeclaration[];
  dotenvs: string[];
}

/**
 * A linked workspace, kept whole so that an edit can re-link only what it touches (see relink.ts):
 * descriptors by where they come from, each with its resolved deployments.
 */
export interface Linked {
  /**
   * One object per workspace, created by a fresh link and kept by each re-link: what an analysis
   * keeps to update after the next edit is kept under it.
   */
  lineage: object;
  settings: Settings;
  /** Every file's facts, in path order. */
  files: FileFacts[];
  context: DescriptorContext;
  /** By Compose file, in path order. */
  compose: Map<string, ComposeLink>;
  /** By workload, in the order of the workloads. */
  kubernetes: Map<Located<KubeWorkload>, Descriptor[]>;
  /** Config folders and programs that no Compose or Kubernetes deployment uses. */
  config: Descriptor[];
  code: Descriptor[];
  kubernetesServers: ServerDeclaration[];
  cnfFiles: FileFacts[];
  /** Findings about files on their own (they cannot be parsed), and files left unread. */
  fileFindings: Finding[];
  skipped: SkippedFile[];
  servers: WorkspaceServers;
  resolved: Map<Descriptor, ResolvedDeployment[]>;
}

/** The parts of a `Linked` that an edit replaces; the rest is derived by `completeLink`. */
export type LinkParts = Pick<Linked, 'lineage' | 'settings' | 'files' | 'context' | 'compose' | 'kubernetes' | 'kubernetesServers' | 'cnfFiles' | 'fileFindings' | 'skipped'> & {
  /** The servers, when nothing that declares them changed. */
  servers?: WorkspaceServers;
};

function byPath(a: FileFacts, b: FileFacts): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function dotenvsOf(files: FileFacts[]): Map<string, DotenvFacts> {
  const dotenvs = new Map<string, DotenvFacts>();
  for (const facts of files) if (facts.dotenv) dotenvs.set(facts.file, facts.dotenv);
  return dotenvs;
}

export function parseFindings(facts: FileFacts): Finding[] {
  return facts.parseErrors.map((error) => ({
    code: 'parse-error',
    severity: 'info',
    message: `${facts.file} cannot be parsed (${error.message}); its numbers are left out`,
    loc: error.loc,
    fixes: [],
  }));
}

export function linkCompose(context: DescriptorContext, facts: FileFacts): ComposeLink {
  const compose = facts.compose!;
  const findings: Finding[] = [];
  const descriptors = composeDescriptors(context, compose, findings);
  return { descriptors, findings, servers: composeServers(compose, context.dotenvs), dotenvs: dotenvsReadBy(compose) };
}

/** Links the facts of every file of a workspace (SPEC §3): linear in the number of facts. */
export function linkWorkspace(files: FileFacts[], settings: Settings): Linked {
  const sorted = [...files].sort(byPath);
  const kubernetes = groupKubernetes(sorted.flatMap((facts) => facts.kubernetes));
  const context: DescriptorContext = {
    programs: collectPrograms(sorted),
    folders: collectConfigFolders(sorted),
    dotenvs: dotenvsOf(sorted),
    kubernetes,
    settings,
  };
  const compose = new Map<string, ComposeLink>();
  for (const facts of sorted) if (facts.compose) compose.set(facts.file, linkCompose(context, facts));
  return completeLink(
    {
      lineage: {},
      settings,
      files: sorted,
      context,
      compose,
      kubernetes: new Map(kubernetes.workloads.map((workload) => [workload, workloadDescriptors(context, workload)])),
      kubernetesServers: kubernetesServers(kubernetes),
      cnfFiles: sorted.filter((facts) => facts.cnf),
      fileFindings: sorted.flatMap(parseFindings),
      skipped: sorted.flatMap((facts) => (facts.skipped ? [{ file: facts.file, reason: facts.skipped }] : [])),
    },
    () => undefined,
  );
}

/** The descriptors of Compose files and Kubernetes workloads, in analysis order. */
export function describedBy(parts: Pick<Linked, 'compose' | 'kubernetes'>): Descriptor[] {
  const described: Descriptor[] = [];
  for (const link of parts.compose.values()) described.push(...link.descriptors);
  for (const descriptors of parts.kubernetes.values()) described.push(...descriptors);
  return described;
}

/** A descriptor's deployments from an earlier link, and whether they still hold (it reads nothing that changed). */
export interface EarlierDeployments {
  resolved: ResolvedDeployment[];
  current: boolean;
}

/**
 * A descriptor's deployments resolved again, each kept as its earlier object when it came out the
 * same: most deployments reading an edited folder do not take the edited value, and a kept object
 * keeps everything derived from it (numbers, findings, sites, its server's sums).
 */
function keptWhereSame(earlier: ResolvedDeployment[], resolved: ResolvedDeployment[]): ResolvedDeployment[] {
  const kept = resolved.map((deployment, i) => (i < earlier.length && sameContent(earlier[i], deployment) ? earlier[i] : deployment));
  return sameItems(kept, earlier) ? earlier : kept;
}

/**
 * Adds what depends on every part: the config and code descriptors (folders and programs nothing
 * else uses), each descriptor's deployments (the earlier ones while current, else resolved again),
 * the servers.
 */
export function completeLink(parts: LinkParts, earlierOf: (descriptor: Descriptor) => EarlierDeployments | undefined): Linked {
  const described = describedBy(parts);
  const config = configDescriptors(parts.context, described);
  const code = codeDescriptors(parts.context, [...described, ...config]);
  const resolved = new Map<Descriptor, ResolvedDeployment[]>();
  for (const descriptor of [...described, ...config, ...code]) {
    const earlier = earlierOf(descriptor);
    if (earlier?.current) {
      resolved.set(descriptor, earlier.resolved);
      continue;
    }
    const deployments = resolveDeployments(descriptor, parts.context.folders, parts.settings);
    resolved.set(descriptor, earlier ? keptWhereSame(earlier.resolved, deployments) : deployments);
  }
  const declared = () => [...[...parts.compose.values()].flatMap((link) => link.servers), ...parts.kubernetesServers];
  return { ...parts, config, code, resolved, servers: parts.servers ?? withOptionFiles(declared(), parts.cnfFiles) };
}
