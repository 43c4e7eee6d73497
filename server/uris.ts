import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file system path of a `file:` URI, or undefined for any other scheme or a malformed URI. */
export function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The workspace-relative path (with `/`) of an absolute path under `root`, or undefined outside it. */
export function relativeTo(root: string, absolute: string): string | undefined {
  const relative = path.relative(root, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** The URI of a workspace-relative file under a folder URI, segment by segment encoded. */
export function childUri(folderUri: string, file: string): string {
  const base = folderUri.endsWith('/') ? folderUri.slice(0, -1) : folderUri;
  return `${base}/${file.split('/').map(encodeURIComponent).join('/')}`;
}
