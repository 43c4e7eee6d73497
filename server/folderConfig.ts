import { DEFAULT_MAX_FILE_SIZE } from '../src-shared/fileFacts';
import { FINDING_CODES } from '../src-shared/findings';
import { settingsFrom } from '../src-shared/settings';
import type { FindingCode, Settings, Severity } from '../src-shared/types';

/** What the `connectionBudget.*` settings of one workspace folder decide. */
export interface FolderConfig {
  settings: Settings;
  exclude: string[];
  maxFileSize: number;
}

const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

function severities(raw: unknown): Settings['severities'] {
  const result: Settings['severities'] = {};
  if (!raw || typeof raw !== 'object') return result;
  for (const [code, level] of Object.entries(raw)) {
    if (FINDING_CODES.includes(code as FindingCode) && typeof level === 'string' && LEVELS.has(level)) {
      result[code as FindingCode] = level as Severity | 'off';
    }
  }
  return result;
}

/** The `connectionBudget` section as VS Code returns it (any shape: a user can write anything). */
export function folderConfigFrom(section: unknown): FolderConfig {
  const raw = (section && typeof section === 'object' ? section : {}) as Record<string, unknown>;
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const maxFileSize = number(raw.maxFileSize);
  return {
    settings: settingsFrom({
      maxConnections: number(raw.maxConnections),
      threshold: number(raw.threshold),
      assumedCpuCores: number(raw.assumedCpuCores),
      environment: text(raw.environment),
      envPrefix: text(raw.envPrefix),
      severities: severities(raw.severity),
    }),
    exclude: Array.isArray(raw.exclude) ? raw.exclude.filter((glob): glob is string => typeof glob === 'string' && glob !== '') : [],
    maxFileSize: maxFileSize !== undefined && maxFileSize > 0 ? maxFileSize : DEFAULT_MAX_FILE_SIZE,
  };
}

export const DEFAULT_FOLDER_CONFIG: FolderConfig = folderConfigFrom(undefined);

/** True when the files to read change with the config, not only the linking. */
export function changesFiles(before: FolderConfig, after: FolderConfig): boolean {
  return before.maxFileSize !== after.maxFileSize || JSON.stringify(before.exclude) !== JSON.stringify(after.exclude);
}
