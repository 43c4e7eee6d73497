export const DEFAULT_MYSQL_PORT = 3306;

export interface DatabaseTarget {
  host: string;
  port: number;
  user: string;
  database?: string;
}

export interface ParsedConnectionUrl extends DatabaseTarget {
  passwordInUrl: boolean;
  password?: string;
}

export class ConnectionUrlError extends Error {
  override readonly name = 'ConnectionUrlError';
}

const SUPPORTED_SCHEMES = ['mysql', 'mariadb'];
const EXPECTED_FORM = 'mysql://user@host[:port][/database]';

/**
 * Parses `mysql://user[:password]@host[:port][/database]` (or `mariadb://`).
 * Error messages never repeat the URL, because it may hold a password.
 */
export function parseConnectionUrl(text: string): ParsedConnectionUrl {
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new ConnectionUrlError(`The database URL is empty; expected ${EXPECTED_FORM}.`);
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(trimmed)?.[1];
  if (scheme === undefined) {
    throw new ConnectionUrlError(`The database URL is not a URL; expected ${EXPECTED_FORM}.`);
  }
  if (!SUPPORTED_SCHEMES.includes(scheme.toLowerCase())) {
    throw new ConnectionUrlError(
      `The database URL scheme "${scheme}" is not supported; use mysql:// or mariadb://.`,
    );
  }

  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new ConnectionUrlError(`The database URL could not be parsed; expected ${EXPECTED_FORM}.`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConnectionUrlError(
      'The database URL has options after "?" or "#", which are not supported; set TLS in the settings instead.',
    );
  }

  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') {
    throw new ConnectionUrlError(`The database URL has no host; expected ${EXPECTED_FORM}.`);
  }
  const user = decodePart(url.username, 'user name');
  if (user === '') {
    throw new ConnectionUrlError(`The database URL has no user name; expected ${EXPECTED_FORM}.`);
  }
  const port = url.port === '' ? DEFAULT_MYSQL_PORT : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConnectionUrlError('The database URL has a port outside 1-65535.');
  }
  const database = parseDatabase(url.pathname);
  const password = url.password === '' ? undefined : decodePart(url.password, 'password');

  return {
    host,
    port,
    user,
    ...(database === undefined ? {} : { database }),
    passwordInUrl: password !== undefined,
    ...(password === undefined ? {} : { password }),
  };
}

/** `root@127.0.0.1:3306/test`: safe to print, never includes a password. */
export function describeTarget(target: DatabaseTarget): string {
  const database = target.database ? `/${target.database}` : '';
  return `${target.user}@${formatEndpoint(target.host, target.port)}${database}`;
}

/** `127.0.0.1:3306`, `[::1]:3306`. */
export function formatEndpoint(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function parseDatabase(pathname: string): string | undefined {
  if (pathname === '' || pathname === '/') {
    return undefined;
  }
  const name = decodePart(pathname.slice(1), 'database name');
  if (name.includes('/')) {
    throw new ConnectionUrlError(
      `The database URL path must be a single database name; expected ${EXPECTED_FORM}.`,
    );
  }
  return name;
}

function decodePart(encoded: string, what: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new ConnectionUrlError(`The database URL has a malformed %-escape in the ${what}.`);
  }
}
