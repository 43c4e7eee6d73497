import type * as TS from 'typescript';
import type { CodeFacts } from './codeFacts';
import { CodeContext, locOf } from './codeContext';
import { forkCount, isClusterMember, primaryTest } from './clusterFacts';
import { collectEnvNames } from './exprEnvNames';
import { loadTypeScript, type TypeScriptParser } from './loadTypeScript';
import { refOf } from './readExpr';
import { readPool } from './readPool';
import { scanFile } from './scanFile';

/** The pools and cluster forks a TypeScript or JavaScript file declares. Parses; never runs the code. */
export function readCode(file: string, text: string): CodeFacts {
  const facts: CodeFacts = { file, pools: [], forks: [], envNames: [] };
  if (!mayHaveFacts(text)) return facts;
  try {
    read(file, text, facts);
  } catch (err) {
    // Pathological input (nesting deeper than the stack) must cost the file, not the analysis.
    return { file, pools: [], forks: [], envNames: [], error: `could not be analysed: ${(err as Error).message}` };
  }
  return facts;
}

/** A pool needs a binding to a mysql module and a createPool; a fork needs cluster and fork. */
function mayHaveFacts(text: string): boolean {
  return (text.includes('mysql') && text.includes('createPool')) || (text.includes('cluster') && text.includes('fork'));
}

function read(file: string, text: string, facts: CodeFacts): void {
  const ts = loadTypeScript();
  // TypeScript stops reading at a NUL, and gives up on a file with U+FFFD ("appears to be binary"):
  // a character of the same width instead keeps every offset and the rest of the file readable.
  if (text.includes('\0') || text.includes('\uFFFD')) text = text.replace(/\0/g, ' ').replace(/\uFFFD/g, '?');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(ts, file));
  const scan = scanFile(ts, sf);
  const cx: CodeContext = { ts, sf, file, text, decls: scan.decls, active: new Set(), depth: 0 };
  const env = new Set<string>();

  for (const site of scan.pools) {
    const fn = refOf(cx, site.call.expression);
    if (fn.k !== 'module' || fn.member !== 'createPool' || (fn.module !== 'mysql' && fn.module !== 'mysql2')) continue;
    const pool = readPool(cx, site.call, fn.module);
    const primary = primaryTest(cx, site.frames);
    if (primary) pool.inPrimary = primary;
    facts.pools.push(pool);
    for (const e of [pool.connectionLimit, pool.host, pool.port, pool.uri]) collectEnvNames(e, env);
  }

  for (const site of scan.forks) {
    if (site.frames.some((f) => f.k === 'restart') || !isClusterMember(cx, site.call.expression, 'fork')) continue;
    const count = forkCount(cx, site.call, site.frames);
    facts.forks.push({ loc: locOf(cx, site.call), count });
    collectEnvNames(count, env);
  }
  facts.envNames = [...env];
}

function scriptKind(ts: TypeScriptParser, file: string): TS.ScriptKind {
  const ext = /\.[^./\\]+$/.exec(file)?.[0].toLowerCase();
  switch (ext) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    case '.jsx':
      return ts.ScriptKind.JSX;
    default:
      return ts.ScriptKind.TS;
  }
}
