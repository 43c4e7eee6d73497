// The custom messages between the VS Code client and the language server, shared by both sides.
// Plain names and types only: nothing here may import vscode or vscode-languageserver.

import type { JsonReport } from './report';
import type { DatabaseServer, DeploymentKind, LiveServer } from './types';

/** Client → server request: the report of every workspace folder. */
export const REPORT_REQUEST = 'connectionBudget/report';
/** Client → server request: re-read every workspace folder from disk and analyse again. */
export const REFRESH_REQUEST = 'connectionBudget/refresh';
/** Server → client notification after each analysis: the worst database server. */
export const STATUS_NOTIFICATION = 'connectionBudget/status';
/** Client → server notification: live readings that replace the assumed max_connections. */
export const SET_LIVE_SERVERS_NOTIFICATION = 'connectionBudget/setLiveServers';

/** A place to open: an absolute file URI and a 0-based line; `label` is `file:line` (1-based). */
export interface FileLink {
  uri: string;
  line: number;
  label: string;
}

export interface ReportDeployment {
  id: string;
  name: string;
  kind: DeploymentKind;
  server: string;
  link: FileLink;
  instances: number | null;
  peakInstances: number | null;
  workers: number | null;
  connectionLimit: number | null;
  total: number | null;
  peak: number | null;
  peakReasons: string[];
  assumptions: string[];
  sources: Record<'instances' | 'workers' | 'connectionLimit', FileLink | null>;
}

/** A server of the `--json` report, with links to open and the threshold its budget uses. */
export type ReportServer = JsonReport['servers'][number] & {
  maxConnectionsLink: FileLink | null;
  link: FileLink | null;
  threshold: number;
};

export interface ReportFinding {
  code: string;
  severity: string;
  message: string;
  link: FileLink;
}

export interface FolderReport {
  name: string;
  uri: string;
  /** The CLI's `--json` report of this folder (SPEC §8). */
  json: JsonReport;
  servers: ReportServer[];
  deployments: ReportDeployment[];
  findings: ReportFinding[];
  skipped: Array<{ link: FileLink; reason: string }>;
}

export type ReportParams = Record<string, never>;

export interface ReportResult {
  folders: FolderReport[];
}

export interface WorstServer {
  folder: string;
  id: string;
  maxConnections: number;
  budget: number;
  peak: number | null;
  peakPercent: number | null;
  status: DatabaseServer['status'];
}

export interface StatusParams {
  /** The server with the highest peak share over all workspace folders; null when there is none. */
  worst: WorstServer | null;
  servers: number;
}

export interface SetLiveServersParams {
  servers: LiveServer[];
}
