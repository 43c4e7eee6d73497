import picomatch from 'picomatch';
import { fileType } from '../src-shared/fileFacts';
import { SKIPPED_DIRS } from '../src-node/workspaceFiles';

/**
 * Whether a workspace-relative file is one the analysis reads, by the same rules as the workspace
 * discovery: a known file type, no skipped folder on the way, not excluded (the file or a folder of it).
 */
export function fileFilter(exclude: string[]): (file: string) => boolean {
  const excluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : undefined;
  return (file) => {
    if (fileType(file) === 'other') return false;
    const segments = file.split('/');
    if (segments.slice(0, -1).some((segment) => SKIPPED_DIRS.has(segment))) return false;
    if (!excluded) return true;
    for (let depth = 1; depth <= segments.length; depth++) {
      if (excluded(segments.slice(0, depth).join('/'))) return false;
    }
    return true;
  };
}
