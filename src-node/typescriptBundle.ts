import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTypeScriptLoader } from '../src-shared/code/loadTypeScript';
import { requireWithCodeCache } from './codeCache';
import { defaultCacheDir } from './userCache';

/** In the bundles (dist/), TypeScript is the sibling bundle, loaded through the code cache. */
export function useBundledTypeScript(bundleDir: string): void {
  const bundle = join(bundleDir, 'typescript.js');
  if (existsSync(bundle)) setTypeScriptLoader(() => requireWithCodeCache(bundle, defaultCacheDir()));
}
