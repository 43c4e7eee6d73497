import { setFlagsFromString } from 'node:v8';

/** Flags by which the user already chose how V8 compiles: the server then leaves it as chosen. */
const CHOSEN_BY_USER = /(^|\s)--(no-)?(opt|turbofan|jitless)\b/;

/**
 * Set while held, on the global object: the server's entry and its main bundle each hold a copy
 * of this module, and the flag is the process's.
 */
const HELD = Symbol.for('connection-budget.optimisingCompilerHeld');
const state = globalThis as { [HELD]?: boolean };

/** Whether the compiler is held. V8 rejects a code cache made under other flags: see codeCache.ts. */
export function optimisingCompilerHeld(): boolean {
  return state[HELD] === true;
}

/**
 * Holds back V8's optimising compiler (TurboFan) until the returned function is called or `ms`
 * have passed, whichever comes first. V8 optimises a function once it has run a while, on
 * background threads. A small folder's first read runs most of the server's code for the first
 * time, for about a hundred milliseconds: on a 2-core machine those compiles took ≈ 80 ms of CPU
 * while the first hints were awaited, and the hints came 20–30 ms later than without them
 * (bench/FINDINGS.md). Interpreted and baseline-compiled code runs meanwhile; later work (edits,
 * a long read) is optimised as usual. A user's own choice of flags is left alone, and so is a
 * runtime that is not Node itself: Node never freezes V8's flags, but an embedder such as Electron
 * (VS Code's own runtime) may, and then setting one ends the process.
 */
export function holdOptimisingCompiler(
  ms: number,
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
  versions: NodeJS.ProcessVersions = process.versions,
): () => void {
  if (CHOSEN_BY_USER.test(execArgv.join(' ')) || CHOSEN_BY_USER.test(nodeOptions) || versions.electron !== undefined) return () => undefined;
  if (optimisingCompilerHeld()) return () => undefined;
  try {
    setFlagsFromString('--no-opt');
  } catch {
    return () => undefined;
  }
  state[HELD] = true;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    state[HELD] = false;
    clearTimeout(timer);
    setFlagsFromString('--opt');
  };
  const timer = setTimeout(release, ms);
  timer.unref();
  return release;
}
