import type { ForkFact, PoolFact } from '../code/codeFacts';
import type { FileFacts } from '../fileFacts';
import { containingDirs, parentDir } from '../paths';

export type FilePool = PoolFact & { file: string };

/** A program: the code under one package.json (or the workspace root) that creates pools or forks workers. */
export interface Program {
  root: string;
  pools: FilePool[];
  forks: ForkFact[];
  /** Env vars the program reads for pool size, host, port, URI or worker count. */
  envNames: Set<string>;
}

export interface Programs {
  all: Program[];
  /** Folders holding a package.json. */
  packageRoots: string[];
  /** The program whose code lies under a folder (a Compose build context). */
  under(dir: string): Program | undefined;
  /** Env vars read by any program. */
  envNames: Set<string>;
  /** Programs by the name of their folder (the first in path order wins). */
  byFolderName(): Map<string, Program>;
}

export function collectPrograms(files: FileFacts[]): Programs {
  const packageRoots = files.filter((facts) => facts.isPackageJson).map((facts) => parentDir(facts.file));
  const roots = new Set(packageRoots);
  /** A file belongs to its nearest package.json: walk up its folders. */
  const rootOf = (file: string): string => {
    for (let dir = parentDir(file); dir !== ''; dir = parentDir(dir)) if (roots.has(dir)) return dir;
    return '';
  };
  const byRoot = new Map<string, Program>();
  const envNames = new Set<string>();
  for (const facts of files) {
    const code = facts.code;
    if (!code || (code.pools.length === 0 && code.forks.length === 0)) continue;
    const root = rootOf(facts.file);
    let program = byRoot.get(root);
    if (!program) {
      program = { root, pools: [], forks: [], envNames: new Set() };
      byRoot.set(root, program);
    }
    program.pools.push(...code.pools.map((pool) => ({ ...pool, file: facts.file })));
    program.forks.push(...code.forks);
    for (const name of code.envNames) {
      program.envNames.add(name);
      envNames.add(name);
    }
  }
  const all = [...byRoot.values()].sort((a, b) => a.root.localeCompare(b.root));
  // For each folder, the first program with a pool (else a fork) in a file under it; built on first use.
  let byName: Map<string, Program> | undefined;
  let index: { pools: Map<string, Program>; forks: Map<string, Program> } | undefined;
  const underIndex = () => {
    if (!index) {
      index = { pools: new Map(), forks: new Map() };
      for (const program of all) {
        for (const dir of containingDirs(program.pools.map((pool) => pool.file))) if (!index.pools.has(dir)) index.pools.set(dir, program);
        for (const dir of containingDirs(program.forks.map((fork) => fork.loc.file))) if (!index.forks.has(dir)) index.forks.set(dir, program);
      }
    }
    return index;
  };
  return {
    all,
    packageRoots,
    envNames,
    byFolderName() {
      if (!byName) {
        byName = new Map();
        for (const program of all) {
          const name = program.root.slice(program.root.lastIndexOf('/') + 1);
          if (program.root && !byName.has(name)) byName.set(name, program);
        }
      }
      return byName;
    },
    under(dir: string) {
      return underIndex().pools.get(dir) ?? underIndex().forks.get(dir);
    },
  };
}
