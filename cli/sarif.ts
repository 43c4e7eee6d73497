import { DEFAULT_SEVERITIES, FINDING_CODES } from '../src-shared/findings';
import type { Analysis, FindingCode, Severity } from '../src-shared/types';

const RULE_DESCRIPTIONS: Record<FindingCode, string> = {
  'over-budget': "A database server's peak connections are over its budget (the threshold share of max_connections).",
  'over-max-connections': "A database server's peak connections are over its max_connections.",
  'pool-of-one': 'connectionLimit is 1: no pooling, queries wait in line.',
  'unbounded-pool': 'connectionLimit is 0: mysql2 puts no limit on the pool.',
  'oversized-pool': 'One deployment alone takes more than the whole budget.',
  'invalid-pool-option': 'A pool option the driver does not accept.',
  'pool-in-primary': 'A pool created in the cluster primary.',
  'cores-in-container': 'workers: -1 in a container with a CPU limit: Node may count the host cores.',
  'replicas-conflict': 'Compose scale and deploy.replicas differ.',
  'unresolved-value': 'A factor cannot be resolved from the workspace.',
  'invalid-value': 'A factor is not a usable number.',
  'parse-error': 'A file cannot be parsed; its numbers are left out.',
};

function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** SARIF 2.1.0 with one rule per finding code, locations relative to the checked folder. */
export function toSarif(analysis: Analysis, version: string): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'connection-budget',
            version,
            rules: FINDING_CODES.map((code) => ({
              id: code,
              name: code.replace(/(^|-)(\w)/g, (_m, _dash, letter: string) => letter.toUpperCase()),
              shortDescription: { text: RULE_DESCRIPTIONS[code] },
              defaultConfiguration: { level: level(DEFAULT_SEVERITIES[code]) },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: './' } },
        results: analysis.findings.map((finding) => ({
          ruleId: finding.code,
          ruleIndex: FINDING_CODES.indexOf(finding.code),
          level: level(finding.severity),
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.loc.file, uriBaseId: 'SRCROOT' },
                region: {
                  startLine: finding.loc.range.start.line + 1,
                  startColumn: finding.loc.range.start.character + 1,
                  endLine: finding.loc.range.end.line + 1,
                  endColumn: finding.loc.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}
