import type { FileFacts } from './fileFacts';
import { settleFindings } from './findings';
import { connectionLimitFixes, removalFix } from './fixes';
import { serverFinder, type WorkspaceServers } from './link/databaseServers';
import { linkWorkspace, type Linked } from './link/linkWorkspace';
import type { ResolvedDeployment } from './link/resolveDeployment';
import { once } from './identity';
import { multiply } from './numbers';
import { sumServers } from './serverSums';
import { DEFAULT_SETTINGS } from './settings';
import type {
  Analysis,
  DatabaseServer,
  Deployment,
  Finding,
  FindingCode,
  Fix,
  Location,
  Settings,
  Severity,
  ValueSite,
} from './types';
import { collectValueSites } from './valueSites';

/**
 * Links the facts of every file of a workspace into deployments, database servers and findings
 * (SPEC §3–§5). Pure and linear in the number of facts.
 */
export function analyzeWorkspace(files: FileFacts[], settings: Settings = DEFAULT_SETTINGS): Analysis {
  return analysisOf(linkWorkspace(files, settings));
}

// Kept across analyses of one workspace: an incremental link reuses most resolved deployments,
// and with them their numbers, their own findings and their findings against an unchanged server.
const numbered = new WeakMap<ResolvedDeployment, { finder: ReturnType<typeof serverFinder>; deployment: Deployment }>();
const ownFindings = new WeakMap<ResolvedDeployment, Finding[]>();
const serverFindings = new WeakMap<Deployment, { server: DatabaseServer; state: string; findings: Finding[] }>();
const serverStates = new WeakMap<DatabaseServer, string>();
const limitFixes = new WeakMap<Deployment, { recommended: number | null; conservative: number | null; fixes: Fix[] }>();
const serverFinders = new WeakMap<WorkspaceServers, ReturnType<typeof serverFinder>>();

/** What of a server its deployments' budget findings and fixes depend on. */
function serverState(server: DatabaseServer): string {
  return once(serverStates, server, () => `${server.id}|${server.maxConnections}|${server.budget}|${server.peak}|${server.peakPercent}|${server.status}|${server.recommendedConnectionLimit}|${server.conservativeConnectionLimit}`);
}

/**
 * The numbers, servers and findings of a linked workspace. A deployment kept from an earlier link
 * (an incremental one) keeps its numbers and findings, a server with the same members its sums.
 */
export function analysisOf(linked: Linked): Analysis {
  const { settings } = linked;
  const resolved: ResolvedDeployment[] = [];
  for (const list of linked.resolved.values()) for (const deployment of list) resolved.push(deployment);
  const serverFor = once(serverFinders, linked.servers, () => serverFinder(linked.servers.declared));
  const deployments = resolved.map((deployment) => {
    // The server is looked up again only when the declared servers changed, the numbers only when it differs.
    let kept = numbered.get(deployment);
    if (kept?.finder !== serverFor) {
      const server = serverFor(deployment.host, deployment.port);
      kept = { finder: serverFor, deployment: kept?.deployment.server === server ? kept.deployment : withNumbers(deployment, server) };
      numbered.set(deployment, kept);
    }
    return kept.deployment;
  });
  const servers = sumServers(deployments, linked.servers, settings);
  const serverById = new Map(servers.map((server) => [server.id, server]));

  const findings: Finding[] = [...linked.compose.values()].flatMap((link) => link.findings);
  for (const deployment of resolved) findings.push(...once(ownFindings, deployment, () => deploymentFindings(deployment)));
  for (const deployment of deployments) {
    // A server kept by the sums keeps its members' findings; one summed again may still show the same numbers.
    const server = serverById.get(deployment.server)!;
    let kept = serverFindings.get(deployment);
    if (kept?.server !== server) {
      const state = serverState(server);
      kept = { server, state, findings: kept?.state === state ? kept.findings : budgetFindings(deployment, server, settings) };
      serverFindings.set(deployment, kept);
    }
    findings.push(...kept.findings);
  }
  findings.push(...linked.fileFindings);
  const valueSites: ValueSite[] = collectValueSites(deployments, linked.lineage);
  return { servers, deployments, findings: settleFindings(findings, settings, linked.lineage), skipped: linked.skipped, valueSites };
}

function withNumbers(resolved: ResolvedDeployment, server: string): Deployment {
  const instances = resolved.instances.value;
  const workers = resolved.workers.value;
  const limit = resolved.connectionLimit.value;
  const peak = instances === null ? null : resolved.descriptor.peak(instances);
  const bounded = limit === 0 ? null : limit;
  return {
    id: resolved.id,
    name: resolved.name,
    kind: resolved.kind,
    loc: resolved.loc,
    server,
    instances: resolved.instances,
    peakInstances: peak?.peakInstances ?? null,
    peakReasons: peak?.reasons ?? [],
    workers: resolved.workers,
    connectionLimit: resolved.connectionLimit,
    total: multiply(instances, workers, bounded),
    peak: multiply(peak?.peakInstances ?? null, workers, bounded),
    environment: resolved.environment,
    configFiles: resolved.configFiles,
  };
}

/** Where a finding about a deployment's connectionLimit sits: its value, else the deployment. */
function limitLocation(deployment: Deployment): Location {
  return deployment.connectionLimit.source?.loc ?? deployment.connectionLimit.via[0]?.loc ?? deployment.loc;
}

function deploymentFindings(deployment: ResolvedDeployment): Finding[] {
  const findings: Finding[] = [];
  for (const factor of [deployment.instances, deployment.workers, deployment.connectionLimit]) {
    if (factor.problem?.loc) {
      findings.push({
        code: factor.problem.code,
        severity: 'info',
        message: factor.problem.message,
        loc: factor.problem.loc,
        deployments: [deployment.id],
        fixes: [],
      });
    }
  }
  const pool = deployment.pool;
  if (pool) {
    for (const option of pool.invalidOptions) {
      const extra = pool.driver === 'mysql2' ? ' (it warns on the console and ignores it)' : ' and ignores it';
      findings.push({
        code: 'invalid-pool-option',
        severity: 'warning',
        message: `${option.name} is not a ${pool.driver} pool option: ${pool.driver} does not accept it${extra}`,
        loc: option.loc,
        deployments: [deployment.id],
        fixes: [removalFix(`Remove ${option.name}`, option.removal)],
      });
    }
    if (pool.inPrimary) {
      findings.push({
        code: 'pool-in-primary',
        severity: 'warning',
        message: 'This pool is created in the cluster primary, which serves no requests: its connections come on top of every worker\'s pool',
        loc: pool.loc,
        deployments: [deployment.id],
        fixes: [],
      });
    }
  }
  if (deployment.coresInContainer && deployment.workers.value !== null) {
    findings.push({
      code: 'cores-in-container',
      severity: 'info',
      message: `One worker per core in a container with a CPU limit: Node may count the host's cores, not the limit; counted as ${deployment.workers.value} (the limit rounded up). Set the worker count explicitly`,
      loc: deployment.coresInContainer,
      deployments: [deployment.id],
      fixes: [],
    });
  }
  return findings;
}

/**
 * The connectionLimit fixes of a deployment's findings, shared by them and kept while the server's
 * recommended and conservative limits are the same (an edit of a member's limit seldom moves them).
 */
function fixesFor(deployment: Deployment, server: DatabaseServer): Fix[] {
  const recommended = server.recommendedConnectionLimit;
  const conservative = server.conservativeConnectionLimit;
  let kept = limitFixes.get(deployment);
  if (kept?.recommended !== recommended || kept.conservative !== conservative) {
    kept = { recommended, conservative, fixes: connectionLimitFixes(deployment.connectionLimit, server) };
    limitFixes.set(deployment, kept);
  }
  return kept.fixes;
}

// A server's numbers as its members' findings quote them: one message for all of its members.
const peakMessages = new WeakMap<DatabaseServer, string>();

/** The message of a server's over-max-connections or over-budget finding (a kept server has the same settings). */
function peakMessage(server: DatabaseServer, settings: Settings): string {
  return once(peakMessages, server, () =>
    server.status === 'over-max-connections'
      ? `Peak ${server.peak} connections to ${server.id} exceed its max_connections ${server.maxConnections} (${server.peakPercent} %)`
      : `Peak ${server.peak} connections to ${server.id} are ${server.peakPercent} % of max_connections ${server.maxConnections}, over the ${settings.threshold} % budget of ${server.budget}`,
  );
}

function budgetFindings(deployment: Deployment, server: DatabaseServer, settings: Settings): Finding[] {
  const findings: Finding[] = [];
  const limit = deployment.connectionLimit;
  const loc = limitLocation(deployment);
  const deployments = [deployment.id];
  const add = (code: FindingCode, severity: Severity, message: string) =>
    findings.push({ deployments, server: server.id, loc, code, severity, message, fixes: fixesFor(deployment, server) });
  if (limit.value === 1) {
    add('pool-of-one', 'warning', `connectionLimit 1: each of ${deployment.name}'s worker processes gets a single connection, so its queries wait in line (no pooling)`);
  }
  if (limit.value === 0) {
    add(
      'unbounded-pool',
      'warning',
      `connectionLimit 0 means no limit in mysql2: ${deployment.name} can open connections until ${server.id} refuses them (max_connections ${server.maxConnections})`,
    );
  }
  if (server.peak !== null && server.status === 'over-max-connections') add('over-max-connections', 'error', peakMessage(server, settings));
  else if (server.peak !== null && server.status === 'over-budget') add('over-budget', 'warning', peakMessage(server, settings));
  if (deployment.peak !== null && deployment.peak > server.budget) {
    add('oversized-pool', 'warning', `${deployment.name} alone can open ${deployment.peak} connections, more than the whole budget of ${server.budget} for ${server.id}`);
  }
  return findings;
}
