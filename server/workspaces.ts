import * as path from 'node:path';
import { FolderIndex, type FolderHost } from './folderIndex';
import { fsPathOf, relativeTo } from './uris';

export interface Located {
  folder: FolderIndex;
  file: string;
}

/** The workspace folders, each its own workspace; a file belongs to the innermost folder holding it. */
export class Workspaces {
  private folders: FolderIndex[] = [];

  constructor(private readonly host: FolderHost) {}

  all(): FolderIndex[] {
    return this.folders;
  }

  /** Adds a folder; folders that are not on the local file system cannot be read and are left out. */
  add(uri: string, name: string): FolderIndex | undefined {
    const root = fsPathOf(uri);
    if (!root || this.folders.some((folder) => folder.uri === uri)) return undefined;
    const folder = new FolderIndex(uri, name, root, this.host);
    this.folders.push(folder);
    return folder;
  }

  remove(uri: string): FolderIndex | undefined {
    const folder = this.folders.find((candidate) => candidate.uri === uri);
    this.folders = this.folders.filter((candidate) => candidate !== folder);
    return folder;
  }

  locate(uri: string): Located | undefined {
    const absolute = fsPathOf(uri);
    return absolute ? this.locatePath(absolute) : undefined;
  }

  owns(folder: FolderIndex, file: string): boolean {
    return this.locatePath(path.join(folder.root, file))?.folder === folder;
  }

  private locatePath(absolute: string): Located | undefined {
    let found: Located | undefined;
    for (const folder of this.folders) {
      const file = relativeTo(folder.root, absolute);
      if (file !== undefined && (!found || folder.root.length > found.folder.root.length)) found = { folder, file };
    }
    return found;
  }
}
