// The main job on the bundled examples: `connection-budget check` on each scenario of the seed guide.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const examples = join(root, 'examples');
let failed = false;
for (const name of readdirSync(examples).sort()) {
  if (!statSync(join(examples, name)).isDirectory()) continue;
  const result = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'check', join('examples', name), '--fail-on', 'never'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) failed = true;
  console.log();
}
process.exitCode = failed ? 1 : 0;
