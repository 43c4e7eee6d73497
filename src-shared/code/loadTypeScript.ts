import type * as TS from 'typescript';

/**
 * What the code readers use of TypeScript: its parser. The CLI's and the server's bundle of
 * TypeScript holds these and what they reach, nothing else (scripts/slimTypeScript.mjs).
 */
export const PARSER_EXPORTS = ['createSourceFile', 'forEachChild', 'isLiteralExpression', 'SyntaxKind', 'ScriptKind', 'ScriptTarget', 'NodeFlags'] as const;
export type TypeScriptParser = Pick<typeof TS, (typeof PARSER_EXPORTS)[number]>;

let cached: TypeScriptParser | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
let load: () => TypeScriptParser = () => require('typescript') as TypeScriptParser;

/** TypeScript, loaded on first use so that a workspace without code never pays for it. */
export function loadTypeScript(): TypeScriptParser {
  cached ??= load();
  return cached;
}

/** How the CLI and the server load it (through a code cache); the core cannot read files itself. */
export function setTypeScriptLoader(loader: () => unknown): void {
  load = loader as () => TypeScriptParser;
}
