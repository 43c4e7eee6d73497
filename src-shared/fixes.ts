import type { DatabaseServer, EditSite, Factor, Fix, Location, TextEdit } from './types';

export function editAt(site: EditSite, value: string | number): TextEdit {
  return { file: site.file, range: site.range, newText: `${site.prefix}${value}${site.suffix}` };
}

/** Where a connectionLimit is rewritten: the place its effective value lives, else where it would go. */
export function connectionLimitSite(factor: Factor): EditSite | undefined {
  return factor.source?.edit ?? factor.rewriteAt;
}

/** "Set connectionLimit to N (recommended)" and "… (conservative)", edited where the value lives. */
export function connectionLimitFixes(factor: Factor, server: DatabaseServer): Fix[] {
  const site = connectionLimitSite(factor);
  const recommended = server.recommendedConnectionLimit;
  const conservative = server.conservativeConnectionLimit;
  if (!site || recommended === null || conservative === null) return [];
  const fixes: Fix[] = [];
  for (const [value, label] of [
    [recommended, 'recommended'],
    [conservative, 'conservative'],
  ] as const) {
    if (value === factor.value || fixes.some((fix) => fix.connectionLimit === value)) continue;
    fixes.push({
      title: `Set connectionLimit to ${value} (${label})`,
      edits: [editAt(site, value)],
      connectionLimit: value,
      isPreferred: label === 'recommended',
    });
  }
  return fixes;
}

export function removalFix(title: string, removal: Location): Fix {
  return { title, edits: [{ file: removal.file, range: removal.range, newText: '' }], isPreferred: true };
}
