/** Workspace-relative paths with `/`, '' for the root. */

export function joinPath(dir: string, relative: string): string {
  const parts = relative.startsWith('/') ? [] : dir.split('/').filter(Boolean);
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** True when `path` is `dir` itself or inside it. */
export function isWithin(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

export function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** Every folder that holds one of the paths (the paths themselves included): "is any path within D?" in O(1). */
export function containingDirs(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>(['']);
  for (const path of paths) {
    for (let dir = path; dir !== '' && !dirs.has(dir); dir = parentDir(dir)) dirs.add(dir);
  }
  return dirs;
}
