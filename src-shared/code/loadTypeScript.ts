import type * as TS from 'typescript';

let cached: typeof TS | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
let load: () => typeof TS = () => require('typescript') as typeof TS;

/** TypeScript, loaded on first use so that a workspace without code never pays for it. */
export function loadTypeScript(): typeof TS {
  cached ??= load();
  return cached;
}

/** How the CLI and the server load it (through a code cache); the core cannot read files itself. */
export function setTypeScriptLoader(loader: () => unknown): void {
  load = loader as () => typeof TS;
}
