// The readers catch their own errors (readFileFacts and readCode turn them into a skipped file),
// which hides the stack. To report one, the input is read again with every function the compiled
// core modules export wrapped so that the first error passing through is kept, stack and all.
import { readFileFacts } from '../../src-shared/fileFacts';

type AnyFunction = (...args: unknown[]) => unknown;

function isClass(value: AnyFunction): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/** The stack of the first error a core function threw while reading `text` as `file`. */
export function swallowedStack(file: string, text: string): string | undefined {
  let first: Error | undefined;
  const restore: Array<() => void> = [];
  const coreDir = require.resolve('../../src-shared/fileFacts').replace(/fileFacts\.js$/, '');
  for (const [path, module] of Object.entries(require.cache)) {
    if (!module || !path.startsWith(coreDir)) continue;
    const exports = module.exports as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value !== 'function' || isClass(value as AnyFunction)) continue;
      const original = value as AnyFunction;
      const descriptor = Object.getOwnPropertyDescriptor(exports, name);
      if (!descriptor?.writable) continue;
      exports[name] = function (this: unknown, ...args: unknown[]) {
        try {
          return original.apply(this, args);
        } catch (error) {
          if (!first && error instanceof Error) first = error;
          throw error;
        }
      };
      restore.push(() => (exports[name] = original));
    }
  }
  try {
    readFileFacts(file, text);
  } finally {
    for (const undo of restore) undo();
  }
  return first?.stack;
}
