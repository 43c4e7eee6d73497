import type * as TS from 'typescript';

let cached: typeof TS | undefined;

/** TypeScript, loaded on first use so that a workspace without code never pays for it. */
export function loadTypeScript(): typeof TS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cached ??= require('typescript') as typeof TS;
  return cached;
}
