import { LineIndex, location, replaceSite } from '../location';
import type { WrittenValue } from '../types';

export interface CnfFacts {
  file: string;
  maxConnections?: WrittenValue;
}

/** Sections the server itself reads (option groups of mysqld and mariadbd). */
const SERVER_GROUP = /^(mysqld|mariadb|mariadbd|server|mysqld-[\w.]+|mariadb-[\w.]+)$/i;
const OPTION = /^[ \t]*(max[_-]connections)[ \t]*=[ \t]*([^#;\s]+)/i;

/** Reads `max_connections` (or `max-connections`) from the server's option groups of a `.cnf` file. */
export function readMysqlCnf(file: string, text: string): CnfFacts {
  const index = new LineIndex(text);
  let inServerGroup = false;
  let maxConnections: WrittenValue | undefined;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    // A byte-order mark before the first group is not part of it.
    const section = /^[\uFEFF \t]*\[([^\]]+)\]/.exec(line);
    if (section) inServerGroup = SERVER_GROUP.test(section[1].trim());
    else if (inServerGroup) {
      const match = OPTION.exec(line);
      if (match) {
        const valueStart = lineStart + match[0].length - match[2].length;
        maxConnections = {
          text: match[2],
          loc: location(file, index, lineStart + line.indexOf(match[1]), valueStart + match[2].length),
          edit: replaceSite(file, index, valueStart, valueStart + match[2].length),
          path: `${match[1]} in ${file}`,
        };
      }
    }
    lineStart = lineEnd + 1;
  }
  return { file, maxConnections };
}

/** Largest max_connections MySQL and MariaDB accept. */
const MAX_CONNECTIONS_LIMIT = 100_000;

/** A max_connections value (K, M and G suffixes allowed); undefined when it is not a usable limit. */
export function parseOptionNumber(text: string): number | undefined {
  const match = /^(\d+)([kmg]?)$/i.exec(text.trim());
  if (!match) return undefined;
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  const value = Number(match[1]) * scale;
  return Number.isSafeInteger(value) && value >= 1 && value <= MAX_CONNECTIONS_LIMIT ? value : undefined;
}
