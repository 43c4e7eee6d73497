// Facts copy values out of files. Before any of them is written elsewhere (the facts cache), a
// file whose facts may hold a credential is left out, so that no password is copied.

/** Names and words of credentials: `DB_PASSWORD`, `secret`, `API_KEY`, `pwd`, … */
const CREDENTIAL_WORD = /pass(?:word|wd)?|pwd|secret|token|credential|private.?key|api.?key/i;
/** A credential written into a text: `--password=x`, `token: x`, `DB_PASS=x`. */
const CREDENTIAL_SETTING = new RegExp(`(?:${CREDENTIAL_WORD.source})\\w*["']?\\s*[=:]\\s*\\S`, 'i');
/** Values of credential-named settings that are switches, not secrets: `MYSQL_ALLOW_EMPTY_PASSWORD: "yes"`. */
const SWITCH = /^(?:|yes|no|true|false|on|off|0|1)$/i;
/** A URI with a user and password: `mysql://app:hunter2@db/app`. */
const URI_WITH_PASSWORD = /\/\/[^/\s@]*:[^/\s@]*@/;

/**
 * True when a value read from the file may be a credential: a value whose name (its `path`) is a
 * credential's, unless it is a switch, or a text that sets one (`--password=x`) or a URI carrying
 * one. Names alone (`DB_PASSWORD` taken from a Secret) are not values and do not count, nor are
 * words in passing (`--default-authentication-plugin=mysql_native_password`).
 */
export function holdsSecretValue(facts: unknown): boolean {
  const seen = new Set<object>();
  const visit = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return false;
    seen.add(value);
    if (value instanceof Map) {
      for (const item of value.values()) if (visit(item)) return true;
      return false;
    }
    if (Array.isArray(value)) return value.some(visit);
    const record = value as Record<string, unknown>;
    if (typeof record.text === 'string') {
      if (CREDENTIAL_SETTING.test(record.text) || URI_WITH_PASSWORD.test(record.text)) return true;
      if (typeof record.path === 'string' && CREDENTIAL_WORD.test(record.path) && !SWITCH.test(record.text.trim())) return true;
    }
    return Object.values(record).some(visit);
  };
  return visit(facts);
}
