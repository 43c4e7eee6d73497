// Bundles the CLI, the language server and the VS Code client with esbuild (after `tsc`, whose
// output gives the parser's exports). TypeScript's parser is its own bundle, loaded by the others
// only when a workspace has code files.
import { build } from 'esbuild';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { slimTypeScriptSource } from './slimTypeScript.mjs';

const { PARSER_EXPORTS } = createRequire(import.meta.url)('../out/src-shared/code/loadTypeScript.js');

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');
/** `--outdir DIR`: where the bundles go (the benchmark measures a production build beside dist/). */
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt === -1 ? 'dist' : process.argv[outdirAt + 1];

/** `typescript` resolves to the sibling bundle at run time instead of being inlined. */
const typescriptBeside = {
  name: 'typescript-beside',
  setup(builder) {
    builder.onResolve({ filter: /^typescript$/ }, () => ({ path: './typescript.js', external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  minify: production,
  sourcemap: !production,
  define: { PACKAGE_VERSION: JSON.stringify(manifest.version) },
  plugins: [typescriptBeside],
};

mkdirSync(outdir, { recursive: true });
await Promise.all([
  build({ ...common, entryPoints: ['cli/main.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/start.ts'], outfile: `${outdir}/server.js` }),
  build({ ...common, entryPoints: ['server/main.ts'], outfile: `${outdir}/server-main.js` }),
  build({ ...common, entryPoints: ['server/codeReaderWorker.ts'], outfile: `${outdir}/code-reader.js` }),
  build({ ...common, entryPoints: ['client/extension.ts'], outfile: `${outdir}/client.js`, external: ['vscode'] }),
  build({
    ...common,
    plugins: [],
    sourcemap: false,
    minify: true,
    stdin: { contents: slimTypeScriptSource(PARSER_EXPORTS), sourcefile: 'typescript-parser.mjs', resolveDir: 'node_modules/typescript/lib' },
    outfile: `${outdir}/typescript.js`,
  }),
]);
