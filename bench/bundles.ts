// The bundles the benchmark measures: a production build, as the VSIX ships it (minified, no
// source maps), made in out/production so that dist/ keeps the development build that the tests
// and profiles use.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The repository, from out/bench where this runs compiled. */
const REPO_ROOT = join(__dirname, '..', '..');

export const MEASURED_BUNDLES = join(REPO_ROOT, 'out', 'production');

export const measuredBundle = (name: string): string => join(MEASURED_BUNDLES, name);

/** Builds them from the current sources (a few seconds); throws with esbuild's output on failure. */
export function buildMeasuredBundles(): void {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), '--production', '--outdir', MEASURED_BUNDLES], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the production bundles failed: ${`${result.stdout}\n${result.stderr}`.trim().slice(-1000)}`);
}
