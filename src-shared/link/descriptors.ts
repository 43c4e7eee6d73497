import { editAt } from '../fixes';
import { parseCount, parseCpu } from '../numbers';
import { once } from '../identity';
import { containingDirs, isWithin, joinPath } from '../paths';
import type { ConfigFacts } from '../readers/appConfig';
import type { ComposeFacts } from '../readers/compose';
import type { KubeWorkload } from '../readers/kubernetes';
import type { DotenvFacts } from '../readers/dotenv';
import type { DeploymentKind, Factor, Finding, Location, Settings, WrittenValue } from '../types';
import { chooseConfigDir, resolveConfig, type ConfigFolders } from './configResolution';
import { composeEnvironment, composeInstances, isDatabaseImage, resolveComposeValue } from './composeDeployments';
import { hasPrefix, type Environment } from './environment';
import { countFactor, defaultFactor } from './factors';
import { containerEnvironment, findHpa, surgePods, type KubernetesObjects, type Located } from './kubernetesDeployments';
import type { Program, Programs } from './programs';

/** A deployment before its factors are resolved: what runs, how often, with which environment. */
export interface Descriptor {
  kind: DeploymentKind;
  id: string;
  name: string;
  loc: Location;
  env: Environment;
  instances: Factor;
  /** Peak instances for a number of instances, with the reasons (HPA maximum, rollout surge). */
  peak(instances: number): { peakInstances: number; reasons: string[] };
  cpuLimit?: { cores: number; written: WrittenValue };
  program?: Program;
  configDir?: string;
}

const noPeak = (instances: number) => ({ peakInstances: instances, reasons: [] as string[] });

/** What descriptors are built from, besides the file that declares them. */
export interface DescriptorContext {
  programs: Programs;
  folders: ConfigFolders;
  dotenvs: Map<string, DotenvFacts>;
  kubernetes: KubernetesObjects;
  settings: Settings;
}

function readsBudgetEnv(env: Environment, prefix: string, envNames: Set<string>): boolean {
  for (const name of env.keys()) if (hasPrefix(name, prefix) || envNames.has(name)) return true;
  return false;
}

function soleProgram(programs: Programs): Program | undefined {
  return programs.all.length === 1 ? programs.all[0] : undefined;
}

const containingDirsOf = new WeakMap<object, Set<string>>();

/** `containingDirs(paths)`, computed once per owner (the programs or config folders of an analysis). */
function containingDirsOnce(owner: object, paths: string[]): Set<string> {
  return once(containingDirsOf, owner, () => containingDirs(paths));
}

/** The apps of one Compose file; problems of the file itself go to `findings`. */
export function composeDescriptors(context: DescriptorContext, compose: ComposeFacts, findings: Finding[]): Descriptor[] {
  const { programs, folders, dotenvs, settings } = context;
  const holdsPackage = containingDirsOnce(programs, programs.packageRoots);
  const holdsConfig = containingDirsOnce(folders.dirs, folders.dirs);
  const descriptors: Descriptor[] = [];
  for (const service of compose.services) {
    if (isDatabaseImage(service.image)) continue;
    const env = composeEnvironment(compose, service, dotenvs);
    const buildDir = service.buildContext === undefined ? undefined : joinPath(compose.dir, service.buildContext);
    const program = buildDir === undefined ? soleProgram(programs) : programs.under(buildDir);
    const readsEnv = readsBudgetEnv(env, settings.envPrefix, program?.envNames ?? programs.envNames);
    // A built service whose code is in the workspace but creates no pool (a front end, a proxy) is no app.
    const buildsOtherCode =
      buildDir !== undefined &&
      program === undefined &&
      holdsPackage.has(buildDir) &&
      !holdsConfig.has(buildDir);
    if (!readsEnv && (buildDir === undefined || buildsOtherCode)) continue;

    const { instances, conflict } = composeInstances(compose, service, dotenvs);
    if (conflict) {
      findings.push({
        code: 'replicas-conflict',
        severity: 'error',
        message: `Service ${service.name} sets scale ${conflict.scale.text} and deploy.replicas ${conflict.replicas}; Compose rejects a file where they differ`,
        loc: conflict.scale.loc,
        fixes: conflict.scale.edit
          ? [{ title: `Set scale to ${conflict.replicas} (match deploy.replicas)`, edits: [editAt(conflict.scale.edit, conflict.replicas)], isPreferred: true }]
          : [],
      });
    }
    let cpuLimit: Descriptor['cpuLimit'];
    if (service.cpus) {
      const resolved = resolveComposeValue(service.cpus, dotenvs.get(joinPath(compose.dir, '.env'))).resolved;
      const cores = resolved ? parseCpu(resolved.text) : undefined;
      if (resolved && cores) cpuLimit = { cores, written: resolved };
    }
    descriptors.push({
      kind: 'compose',
      id: `${compose.file}#${service.name}`,
      name: service.name,
      loc: service.loc,
      env,
      instances,
      peak: noPeak,
      cpuLimit,
      program,
      configDir: chooseConfigDir(folders, program?.root, compose.file),
    });
  }
  return descriptors;
}

/** When several programs exist, the one whose folder is named like the image (`acme/api:1` → `api`). */
function programForImage(programs: Programs, image: string | undefined): Program | undefined {
  const sole = soleProgram(programs);
  if (sole || !image) return sole;
  const repository = image.split('@')[0].split(':')[0];
  return programs.byFolderName().get(repository.slice(repository.lastIndexOf('/') + 1));
}

/** The apps of one Kubernetes workload: one per container that reads the budget's env. */
export function workloadDescriptors(context: DescriptorContext, workload: Located<KubeWorkload>): Descriptor[] {
  const { programs, folders, kubernetes, settings } = context;
  if (workload.containers.some((container) => isDatabaseImage(container.image))) return [];
  const apps = workload.containers
    .map((container) => ({ container, env: containerEnvironment(kubernetes, workload, container), program: programForImage(programs, container.image) }))
    .filter(({ env, program }) => readsBudgetEnv(env, settings.envPrefix, program?.envNames ?? programs.envNames));
  const instances = workload.replicas ? countFactor(workload.replicas, 'instances') : defaultFactor(1);
  const hpa = findHpa(kubernetes, workload);
  const hpaMax = hpa?.maxReplicas ? parseCount(hpa.maxReplicas.text, 'instances') : undefined;
  const peak = (count: number) => {
    const reasons: string[] = [];
    let base = count;
    if (hpa && hpaMax?.ok && hpaMax.value > count) {
      base = hpaMax.value;
      reasons.push(`HPA ${hpa.name} maxReplicas ${hpaMax.value}`);
    }
    const surge = surgePods(workload, base);
    if (surge.reason) reasons.push(surge.reason);
    return { peakInstances: base + surge.pods, reasons };
  };
  return apps.map(({ container, env, program }) => {
    const cpu = container.cpuLimit ? parseCpu(container.cpuLimit.text) : undefined;
    return {
      kind: 'kubernetes' as const,
      id: `${workload.file}#${workload.name}${apps.length > 1 ? `/${container.name}` : ''}`,
      name: apps.length > 1 ? `${workload.name}/${container.name}` : workload.name,
      loc: workload.loc,
      env,
      instances,
      peak,
      cpuLimit: cpu && container.cpuLimit ? { cores: cpu, written: container.cpuLimit } : undefined,
      program,
      configDir: chooseConfigDir(folders, program?.root, workload.file),
    };
  });
}

// Kept across incremental analyses: a folder's descriptor is the same object while its files,
// the programs and the settings are, so that its resolved deployments can be reused.
const folderDescriptors = new WeakMap<ConfigFacts[], { programs: Programs; settings: Settings; descriptor: Descriptor | undefined }>();
const programDescriptors = new WeakMap<Program, Descriptor>();

/** A config folder no descriptor uses runs on its own: one instance, the configured environment. */
export function configDescriptors(context: DescriptorContext, used: Descriptor[]): Descriptor[] {
  const { folders, programs, settings } = context;
  const usedDirs = new Set(used.map((descriptor) => descriptor.configDir));
  const descriptors: Descriptor[] = [];
  let deepestFirst: Program[] | undefined;
  for (const dir of folders.dirs) {
    if (usedDirs.has(dir)) continue;
    const files = folders.byDir.get(dir)!;
    let kept = folderDescriptors.get(files);
    if (kept?.programs !== programs || kept.settings !== settings) {
      deepestFirst ??= [...programs.all].sort((a, b) => b.root.length - a.root.length);
      kept = { programs, settings, descriptor: folderDescriptor(context, dir, deepestFirst) };
      folderDescriptors.set(files, kept);
    }
    if (kept.descriptor) descriptors.push(kept.descriptor);
  }
  return descriptors;
}

function folderDescriptor(context: DescriptorContext, dir: string, deepestFirst: Program[]): Descriptor | undefined {
  const { folders, programs, settings } = context;
  const env: Environment = new Map();
  const layers = resolveConfig(folders, dir, settings.environment, env, settings.envPrefix).layers;
  const top = layers[layers.length - 1];
  if (!top) return undefined;
  const program = deepestFirst.find((candidate) => isWithin(dir, candidate.root)) ?? soleProgram(programs);
  return {
    kind: 'config',
    id: `${top.file}#${top.environment}`,
    name: top.environment,
    loc: top.declaration.loc,
    env,
    instances: defaultFactor(1),
    peak: noPeak,
    program,
    configDir: dir,
  };
}

/** Pools of programs nothing else runs: one instance, workers from the program's fork loop. */
export function codeDescriptors(context: DescriptorContext, used: Descriptor[]): Descriptor[] {
  // By root: an incremental analysis may hold an earlier but equal object for the same program.
  const usedRoots = new Set(used.flatMap((descriptor) => (descriptor.program ? [descriptor.program.root] : [])));
  return context.programs.all
    .filter((program) => !usedRoots.has(program.root) && program.pools.length > 0)
    .map((program) => once(programDescriptors, program, () => {
      const first = program.pools[0];
      const label = program.root || first.file;
      return {
        kind: 'code' as const,
        id: `${label}#code`,
        name: program.root ? program.root.slice(program.root.lastIndexOf('/') + 1) : first.file,
        loc: first.loc,
        env: new Map(),
        instances: defaultFactor(1),
        peak: noPeak,
        program,
        configDir: undefined,
      };
    }));
}
