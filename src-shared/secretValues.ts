// Facts copy values out of files. Before any of them is written elsewhere (the facts cache), a
// file whose facts may hold a credential is left out, so that no password is copied.

/** Names and words of credentials: `DB_PASSWORD`, `secret`, `API_KEY`, `pwd`, … */
const CREDENTIAL_WORD = /pass(?:word|wd)?|pwd|secret|token|credential|private.?key|api.?key/i;
/** A URI with a user and password: `mysql://app:hunter2@db/app`. */
const URI_WITH_PASSWORD = /\/\/[^/\s@]*:[^/\s@]*@/;

/**
 * True when a value read from the file (any `text`, or a `path` naming where a value was written)
 * looks like a credential or a URI carrying one. Names alone (`DB_PASSWORD` taken from a Secret)
 * are not values and do not count.
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
    if (typeof record.text === 'string' && (CREDENTIAL_WORD.test(record.text) || URI_WITH_PASSWORD.test(record.text))) return true;
    if (typeof record.path === 'string' && record.text !== undefined && CREDENTIAL_WORD.test(record.path)) return true;
    return Object.values(record).some(visit);
  };
  return visit(facts);
}
