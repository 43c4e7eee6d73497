import { statSync } from 'node:fs';

/**
 * Names the build that is running, from its files' sizes and times and Node's version: data a
 * build keeps between sessions (read facts) is used only by the same build.
 */
export function buildOf(files: string[]): string {
  const parts = files.map((file) => {
    try {
      const { size, mtimeMs } = statSync(file);
      return `${size}-${Math.round(mtimeMs)}`;
    } catch {
      return 'none';
    }
  });
  return [...parts, process.version, process.arch].join('-');
}
