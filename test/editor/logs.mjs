// The editor's logs, kept with the screenshots: code-server's own log, the extension host's log
// (`remoteexthost.log`, where run() of the suite and extension errors are written) and the
// "Connection Budget" output channel (the language client and server), all under the user-data
// folder. On failure their tails are printed.

import fs from 'node:fs';
import path from 'node:path';

function filesUnder(dir) {
  const found = [];
  const visit = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.isFile()) found.push(full);
    }
  };
  visit(dir);
  return found;
}

/** The interesting logs of a code-server run: [{ label, file }], newest first within a kind. */
export function editorLogs({ userDataDir, codeServerLog }) {
  const all = filesUnder(path.join(userDataDir, 'logs')).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  const logs = [];
  if (codeServerLog && fs.existsSync(codeServerLog)) logs.push({ label: 'code-server', file: codeServerLog });
  for (const file of all.filter((f) => path.basename(f) === 'remoteexthost.log' || path.basename(f) === 'exthost.log')) logs.push({ label: 'extension host', file });
  for (const file of all.filter((f) => / ?Connection Budget\.log$/.test(path.basename(f)))) logs.push({ label: '"Connection Budget" output channel', file });
  return logs;
}

/** Copies the user-data folder's logs and code-server's log into `dest`. Returns the copied paths. */
export function keepLogs({ userDataDir, codeServerLog, dest }) {
  fs.mkdirSync(dest, { recursive: true });
  const copied = [];
  if (codeServerLog && fs.existsSync(codeServerLog)) {
    const to = path.join(dest, 'code-server.log');
    fs.copyFileSync(codeServerLog, to);
    copied.push(to);
  }
  const logsDir = path.join(userDataDir, 'logs');
  if (fs.existsSync(logsDir)) {
    fs.cpSync(logsDir, path.join(dest, 'user-data-logs'), { recursive: true });
    copied.push(path.join(dest, 'user-data-logs'));
  }
  return copied;
}

function tail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n').trimEnd();
  } catch (error) {
    return `(cannot read: ${error.message})`;
  }
}

/** The tails of the editor's logs, as one text to print after a failure. */
export function logTails({ userDataDir, codeServerLog, lines = 25 }) {
  const logs = editorLogs({ userDataDir, codeServerLog });
  if (logs.length === 0) return `(no logs under ${userDataDir})`;
  return logs.map(({ label, file }) => `----- ${label}: ${file} (last ${lines} lines)\n${tail(file, lines)}`).join('\n');
}
