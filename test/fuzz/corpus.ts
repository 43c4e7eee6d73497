// The fuzzer's starting points: the example workspaces, plus small seed workspaces for the
// readers the examples lack (.env, .cnf, JavaScript), and the file of each that a reader mutates.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Files = Record<string, string>;

export const READERS = ['compose', 'kubernetes', 'config', 'dotenv', 'cnf', 'ts', 'js'] as const;
export type ReaderName = (typeof READERS)[number];

/** One file a reader's inputs replace, inside the workspace it is analysed with. */
export interface Target {
  reader: ReaderName;
  workspace: string;
  file: string;
  files: Files;
}

/** The repository root, from out/test/fuzz where this runs compiled. */
export const ROOT = join(__dirname, '../../..');

/** Workspaces: an example folder and/or a seed folder laid over it. */
const WORKSPACES: Record<string, { example?: string; seed?: string }> = {
  'single-server': { example: 'single-server' },
  'docker-compose': { example: 'docker-compose' },
  kubernetes: { example: 'kubernetes' },
  'cluster-app': { example: 'cluster-app' },
  'cluster-app-antipatterns': { example: 'cluster-app-antipatterns' },
  'compose-env': { example: 'docker-compose', seed: 'compose-env' },
  'single-server-cnf': { example: 'single-server', seed: 'single-server-cnf' },
  'cluster-app-js': { seed: 'cluster-app-js' },
};

const TARGETS: Record<ReaderName, Array<[workspace: string, file: string]>> = {
  compose: [['docker-compose', 'docker-compose.yml'], ['compose-env', 'docker-compose.yml']],
  kubernetes: [['kubernetes', 'k8s/deployment.yaml'], ['kubernetes', 'k8s/mysql.yaml'], ['kubernetes', 'k8s/configmap.yaml']],
  config: [
    ['single-server', 'configurations/production.yaml'],
    ['single-server', 'configurations/default.yaml'],
    ['docker-compose', 'configurations/production.yaml'],
  ],
  dotenv: [['compose-env', '.env']],
  cnf: [['compose-env', 'mysql/my.cnf'], ['single-server-cnf', 'conf/my.cnf']],
  ts: [
    ['cluster-app', 'src/db.ts'],
    ['cluster-app', 'src/index.ts'],
    ['cluster-app-antipatterns', 'src/db.ts'],
    ['cluster-app-antipatterns', 'src/index.ts'],
    ['docker-compose', 'src/db.ts'],
    ['docker-compose', 'src/cluster.ts'],
  ],
  js: [['cluster-app-js', 'src/db.js'], ['cluster-app-js', 'src/index.js'], ['cluster-app-js', 'src/legacy.mjs']],
};

function readTree(root: string, into: Files, dir = ''): Files {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) readTree(root, into, relative);
    else into[relative] = readFileSync(join(root, relative), 'utf8');
  }
  return into;
}

const workspaceCache = new Map<string, Files>();

export function workspaceFiles(name: string): Files {
  let files = workspaceCache.get(name);
  if (!files) {
    const { example, seed } = WORKSPACES[name];
    files = {};
    if (example) readTree(join(ROOT, 'examples', example), files);
    if (seed) readTree(join(ROOT, 'test/fuzz/seeds', seed), files);
    workspaceCache.set(name, files);
  }
  return files;
}

export function targetsOf(reader: ReaderName): Target[] {
  return TARGETS[reader].map(([workspace, file]) => ({ reader, workspace, file, files: workspaceFiles(workspace) }));
}

export function isReader(name: string): name is ReaderName {
  return (READERS as readonly string[]).includes(name);
}
