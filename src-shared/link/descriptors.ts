import type { FileFacts } from '../fileFacts';
import { editAt } from '../fixes';
import { parseCount, parseCpu } from '../numbers';
import { containingDirs, isWithin, joinPath } from '../paths';
import type { DotenvFacts } from '../readers/dotenv';
import type { DeploymentKind, Factor, Finding, Location, Settings, WrittenValue } from '../types';
import { chooseConfigDir, resolveConfig, type ConfigFolders } from './configResolution';
import { composeEnvironment, composeInstances, isDatabaseImage, resolveComposeValue } from './composeDeployments';
import { hasPrefix, type Environment } from './environment';
import { countFactor, defaultFactor } from './factors';
import {
  containerEnvironment,
  findHpa,
  surgePods,
  type KubernetesObjects,
} from './kubernetesDeployments';
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

export interface DescriptorContext {
  files: FileFacts[];
  programs: Programs;
  folders: ConfigFolders;
  dotenvs: Map<string, DotenvFacts>;
  kubernetes: KubernetesObjects;
  settings: Settings;
  findings: Finding[];
}

function readsBudgetEnv(env: Environment, prefix: string, envNames: Set<string>): boolean {
  for (const name of env.keys()) if (hasPrefix(name, prefix) || envNames.has(name)) return true;
  return false;
}

function soleProgram(programs: Programs): Program | undefined {
  return programs.all.length === 1 ? programs.all[0] : undefined;
}

export function composeDescriptors(context: DescriptorContext): Descriptor[] {
  const { programs, folders, dotenvs, settings } = context;
  const holdsPackage = containingDirs(programs.packageRoots);
  const holdsConfig = containingDirs(folders.dirs);
  const descriptors: Descriptor[] = [];
  for (const facts of context.files) {
    const compose = facts.compose;
    if (!compose) continue;
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
        context.findings.push({
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

export function kubernetesDescriptors(context: DescriptorContext): Descriptor[] {
  const { programs, folders, kubernetes, settings } = context;
  const descriptors: Descriptor[] = [];
  for (const workload of kubernetes.workloads) {
    if (workload.containers.some((container) => isDatabaseImage(container.image))) continue;
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
    for (const { container, env, program } of apps) {
      const cpu = container.cpuLimit ? parseCpu(container.cpuLimit.text) : undefined;
      descriptors.push({
        kind: 'kubernetes',
        id: `${workload.file}#${workload.name}${apps.length > 1 ? `/${container.name}` : ''}`,
        name: apps.length > 1 ? `${workload.name}/${container.name}` : workload.name,
        loc: workload.loc,
        env,
        instances,
        peak,
        cpuLimit: cpu && container.cpuLimit ? { cores: cpu, written: container.cpuLimit } : undefined,
        program,
        configDir: chooseConfigDir(folders, program?.root, workload.file),
      });
    }
  }
  return descriptors;
}

/** A config folder no descriptor uses runs on its own: one instance, the configured environment. */
export function configDescriptors(context: DescriptorContext, used: Descriptor[]): Descriptor[] {
  const { folders, programs, settings } = context;
  const usedDirs = new Set(used.map((descriptor) => descriptor.configDir));
  const descriptors: Descriptor[] = [];
  const deepestFirst = [...programs.all].sort((a, b) => b.root.length - a.root.length);
  for (const dir of folders.dirs) {
    if (usedDirs.has(dir)) continue;
    const env: Environment = new Map();
    const layers = resolveConfig(folders, dir, settings.environment, env, settings.envPrefix).layers;
    const top = layers[layers.length - 1];
    if (!top) continue;
    const program =
      deepestFirst.find((candidate) => isWithin(dir, candidate.root)) ??
      soleProgram(programs);
    descriptors.push({
      kind: 'config',
      id: `${top.file}#${top.environment}`,
      name: top.environment,
      loc: top.declaration.loc,
      env,
      instances: defaultFactor(1),
      peak: noPeak,
      program,
      configDir: dir,
    });
  }
  return descriptors;
}

/** Pools of programs nothing else runs: one instance, workers from the program's fork loop. */
export function codeDescriptors(context: DescriptorContext, used: Descriptor[]): Descriptor[] {
  const usedPrograms = new Set(used.map((descriptor) => descriptor.program));
  return context.programs.all
    .filter((program) => !usedPrograms.has(program) && program.pools.length > 0)
    .map((program) => {
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
    });
}
