import { DEFAULT_MAX_CONNECTIONS, DEFAULT_PORT, DEFAULT_SERVER, type ServerDeclaration, type WorkspaceServers } from './link/databaseServers';
import { once, sameItems } from './identity';
import { budgetOf, conservativeLimit, multiply, percentOf, recommendedLimit } from './numbers';
import type { DatabaseServer, Deployment, Location, MaxConnectionsSource, Settings } from './types';
import { addToList } from './lists';

/** What a server was summed from: the same members, settings and server count give the same server. */
interface Summed {
  members: Deployment[];
  settings: Settings;
  alone: boolean;
  server: DatabaseServer;
}

interface Sums {
  /** The last declaration of an id wins (two Compose projects may each run a `db`). */
  declaredById: Map<string, ServerDeclaration>;
  byId: Map<string, Summed>;
}

// By the servers a link declares, kept while an incremental link keeps them: an edit changes the
// members of one or two servers, and only those are summed again.
const sumsByWorkspace = new WeakMap<WorkspaceServers, Sums>();

function parseServerId(id: string): { host: string | null; port: number } {
  if (id === DEFAULT_SERVER) return { host: null, port: DEFAULT_PORT };
  const colon = id.lastIndexOf(':');
  return { host: id.slice(0, colon), port: Number(id.slice(colon + 1)) };
}

function sum(values: Array<number | null>): number | null {
  let total = 0;
  for (const value of values) {
    if (value === null) return null;
    total += value;
  }
  return total;
}

/**
 * The database servers of a workspace (SPEC §3): each declared one and each other host:port the
 * deployments reach, in id order, with the sums of their members. A server whose members (the
 * same deployment objects), settings and server count are those of the last sum is kept.
 */
export function sumServers(deployments: Deployment[], workspace: WorkspaceServers, settings: Settings): DatabaseServer[] {
  const membersById = new Map<string, Deployment[]>();
  for (const server of workspace.declared) membersById.set(server.id, []);
  for (const deployment of deployments) addToList(membersById, deployment.server, deployment);
  const sums = once(sumsByWorkspace, workspace, () => ({ declaredById: new Map(workspace.declared.map((server) => [server.id, server])), byId: new Map() }));
  const alone = membersById.size === 1;
  const sortedIds = [...membersById.keys()].sort();
  return sortedIds.map((id) => {
    const members = membersById.get(id)!;
    const kept = sums.byId.get(id);
    if (kept && kept.settings === settings && kept.alone === alone && sameItems(kept.members, members)) return kept.server;
    const server = sumServer(id, members, sums.declaredById.get(id), workspace, settings, alone);
    sums.byId.set(id, { members, settings, alone, server });
    return server;
  });
}

/** One server's max_connections (SPEC §3: live reading, setting, workspace, default) and sums. */
function sumServer(
  id: string,
  members: Deployment[],
  declared: ServerDeclaration | undefined,
  workspace: WorkspaceServers,
  settings: Settings,
  alone: boolean,
): DatabaseServer {
  const { host, port } = declared ? { host: declared.host, port: declared.port } : parseServerId(id);
  const live =
    settings.live.find((entry) => host !== null && entry.host.toLowerCase() === host.toLowerCase() && entry.port === port) ??
    (alone && settings.live.length === 1 ? settings.live[0] : undefined);
  let maxConnections = DEFAULT_MAX_CONNECTIONS;
  let source: MaxConnectionsSource = 'default';
  let maxConnectionsLoc: Location | undefined;
  const fromWorkspace = declared?.maxConnections ?? (alone ? workspace.looseCnf[0] : undefined);
  if (live) {
    maxConnections = live.maxConnections;
    source = 'database';
  } else if (settings.maxConnections !== null && settings.maxConnections > 0) {
    maxConnections = settings.maxConnections;
    source = 'setting';
  } else if (fromWorkspace) {
    maxConnections = fromWorkspace.value;
    source = 'workspace';
    maxConnectionsLoc = fromWorkspace.loc;
  }
  const budget = budgetOf(maxConnections, settings.threshold);
  const total = sum(members.map((d) => d.total));
  const peak = sum(members.map((d) => d.peak));
  const processes = sum(members.map((d) => multiply(d.peakInstances, d.workers.value)));
  const recommended = processes === null || members.length === 0 ? null : recommendedLimit(budget, processes);
  const status: DatabaseServer['status'] =
    peak === null ? 'unknown' : peak > maxConnections ? 'over-max-connections' : peak > budget ? 'over-budget' : 'ok';
  return {
    id,
    host,
    port,
    loc: declared?.loc,
    maxConnections,
    maxConnectionsSource: source,
    maxConnectionsLoc,
    budget,
    total,
    peak,
    percent: total === null ? null : percentOf(total, maxConnections),
    peakPercent: peak === null ? null : percentOf(peak, maxConnections),
    recommendedConnectionLimit: recommended,
    conservativeConnectionLimit: recommended === null ? null : conservativeLimit(recommended),
    deployments: members.map((d) => d.id),
    status,
  };
}
