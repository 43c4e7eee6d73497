// bench/results.md: the figures beside their targets.
import type { Results } from './run';

const n = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : Number(value.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
const range = (min: number | undefined, max: number | undefined, digits = 2) => (min === undefined || max === undefined ? '—' : `${n(min, digits)} – ${n(max, digits)}`);

function status(value: number | null | undefined, target: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'not measured';
  return value <= target ? 'met' : '**missed**';
}

export function formatMarkdown(results: Results): string {
  const t = results.targets;
  const rows: string[][] = [];
  const add = (row: string[]) => rows.push(row);

  const ratio = results.parseRatio;
  for (const kind of ['yaml', 'typescript'] as const) {
    const detail = ratio.details[kind];
    const label = kind === 'yaml' ? 'YAML' : 'TypeScript';
    add([
      `parse ratio, ${label} (${detail ? `${n(detail.lines, 0)}-line ${detail.file}` : 'big file'}): core ÷ bare parse, CPU time`,
      n(ratio[kind], 3),
      range(detail?.ratio.min, detail?.ratio.max, 3),
      '',
      `≤ ${t.parseRatio}`,
      status(ratio[kind], t.parseRatio),
    ]);
    if (detail) {
      add(['  the same from wall time', n(detail.wallRatio.median, 3), range(detail.wallRatio.min, detail.wallRatio.max, 3), '', '', '']);
      add(['  bare parse / core analysis, CPU ms', `${n(detail.bareMs.median, 1)} / ${n(detail.coreMs.median, 1)}`, `${range(detail.bareMs.min, detail.bareMs.max, 1)} / ${range(detail.coreMs.min, detail.coreMs.max, 1)}`, '', '', '']);
    }
  }
  for (const figure of results.cli) {
    const big = figure.files === 10000;
    add([`CLI cold \`check --json\`, ${n(figure.files, 0)} files: wall s`, n(figure.wallSeconds, 2), range(figure.wall.min, figure.wall.max, 2), '', big ? `≤ ${t.cliWallSeconds10000} s` : '', big ? status(figure.wallSeconds, t.cliWallSeconds10000) : '']);
    if (figure.cpu) add([`  CPU seconds (user + system)`, n(figure.cpu.median, 2), range(figure.cpu.min, figure.cpu.max, 2), '', '', '']);
    add([`CLI cold \`check --json\`, ${n(figure.files, 0)} files: peak RSS MB`, n(figure.rssMB, 0), range(figure.rss.min, figure.rss.max, 0), '', big ? `≤ ${t.cliRssMB10000} MB` : '', big ? status(figure.rssMB, t.cliRssMB10000) : '']);
  }
  const first = results.firstHint;
  add(["first hint, ours, the folder's first open: spawn → first inlay hint with content, ms", n(first.oursMs, 0), range(first.ours?.min, first.ours?.max, 0), '', '', '']);
  add(['first hint, ours, the folder reopened (facts kept by the last session), ms', n(first.reopened?.oursMs, 0), range(first.reopened?.ours.min, first.reopened?.ours.max, 0), '', '', '']);
  add(['first hover, yaml-language-server: spawn → first hover answer, ms', n(first.yamlLanguageServerMs, 0), range(first.yamlLanguageServer?.min, first.yamlLanguageServer?.max, 0), '', '', '']);
  add(['first-hint ratio ours ÷ theirs (medians), first open', n(first.ratio, 3), range(first.ratios?.min, first.ratios?.max, 3), '', `≤ ${n(t.firstHintRatio, 3)}`, status(first.ratio, t.firstHintRatio)]);
  add(['first-hint ratio ours ÷ theirs (medians), reopened', n(first.reopened?.ratio, 3), range(first.reopened?.ratios.min, first.reopened?.ratios.max, 3), '', `≤ ${n(t.firstHintRatio, 3)}`, status(first.reopened?.ratio, t.firstHintRatio)]);
  const edit = results.editMs;
  const warmSize = results.warmWorkspace ? ` (${n(results.warmWorkspace.files, 0)} files)` : '';
  add([`edit${warmSize}: didChange → refreshed hints + diagnostics, ms`, edit ? `p50 ${n(edit.p50, 1)}` : '—', range(edit?.min, edit?.max, 1), n(edit?.p95, 1), `p95 ≤ ${t.editP95Ms} ms`, status(edit?.p95, t.editP95Ms)]);
  if (edit) {
    add(['  of which hints (request after the change), ms', `p50 ${n(edit.hintMs.p50, 1)}`, range(edit.hintMs.min, edit.hintMs.max, 1), n(edit.hintMs.p95, 1), '', '']);
    add(['  of which diagnostics of the edited buffer, ms', `p50 ${n(edit.diagnosticsMs.p50, 1)}`, range(edit.diagnosticsMs.min, edit.diagnosticsMs.max, 1), n(edit.diagnosticsMs.p95, 1), '', '']);
  }
  const hint = results.inlayHintMs;
  const warm = results.warmWorkspace ? `warm, ${n(results.warmWorkspace.files, 0)} files` : 'warm';
  add([`inlay hint request (${warm}), ms`, hint ? `p50 ${n(hint.p50, 2)}` : '—', range(hint?.min, hint?.max, 2), n(hint?.p95, 2), `p95 ≤ ${t.requestP95Ms} ms`, status(hint?.p95, t.requestP95Ms)]);
  const hover = results.hoverMs;
  add([`hover request (${warm}), ms`, hover ? `p50 ${n(hover.p50, 2)}` : '—', range(hover?.min, hover?.max, 2), n(hover?.p95, 2), `p95 ≤ ${t.requestP95Ms} ms`, status(hover?.p95, t.requestP95Ms)]);
  const vsixStatus = /failed|no new/.test(results.vsixNote) ? 'an existing VSIX, see details' : status(results.vsixBytes, t.vsixBytes);
  add(['VSIX bytes', results.vsixBytes === null ? '—' : n(results.vsixBytes, 0), '', '', `≤ ${n(t.vsixBytes, 0)}`, vsixStatus]);
  const activation = results.clientActivation;
  add(['client load (require client.js, stub vscode), ms', n(activation.ms?.median, 1), range(activation.ms?.min, activation.ms?.max, 1), '', '', activation.ms ? '' : 'not measured']);

  const m = results.machine;
  const lines = [
    `# Connection Budget benchmark${results.quick ? ' (--quick)' : ''}`,
    '',
    `${results.generatedAt} · ${m.cpus} × ${m.cpuModel} · ${n(m.memoryMB / 1024, 1)} GB · Node ${m.node} · ${m.platform} · load average ${m.loadAverageBefore.join(' ')} before, ${m.loadAverageAfter.join(' ')} after · ${results.durationSeconds} s`,
    '',
    `Medians (p50/p95 for latencies) of repeated runs; every run is in the JSON file beside this one. Bundles: ${results.bundles}.`,
    '',
    '| figure | median | min – max | p95 | target | status |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    '## Workspaces',
    '',
    '| workspace | files | MB |',
    '| --- | ---: | ---: |',
    ...results.workspaces.map((ws) => `| ${ws.name} | ${n(ws.files, 0)} | ${n(ws.bytes / 1024 / 1024, 2)} |`),
    '',
  ];
  const details: string[] = [];
  if (ratio.details.yaml) details.push(`- parse ratio, YAML: ${ratio.details.yaml.found}.`);
  if (ratio.details.typescript) details.push(`- parse ratio, TypeScript: ${ratio.details.typescript.found}.`);
  if (ratio.note) details.push(`- parse ratio: ${ratio.note}`);
  for (const figure of results.cli) details.push(`- CLI on ${n(figure.files, 0)} files: ${figure.report.servers} servers, ${figure.report.deployments} deployments, ${figure.report.findings} findings, exit ${figure.report.exitCode}.`);
  if (first.oursAnswer) details.push(`- first hint, ours: ${first.oursAnswer}.`);
  if (first.yamlLanguageServerAnswer) details.push(`- first hover, yaml-language-server: ${first.yamlLanguageServerAnswer}.`);
  if (first.note) details.push(`- first hint: ${first.note}.`);
  if (results.warmWorkspace) {
    const w = results.warmWorkspace;
    details.push(
      `- warm workspace: ${n(w.files, 0)} files; spawn → first hint with content ${n(w.indexMs / 1000, 2)} s on the folder's first open, ${n(w.reopenedIndexMs / 1000, 2)} s reopened (edits and requests are timed on the reopened folder); server peak RSS ${n(w.serverRssMB, 0)} MB; hints requested over ${w.hintFiles} files.`,
    );
  }
  if (edit) details.push(`- edits: ${edit.count}; the linked file's hints changed after ${edit.hintsChanged}; no diagnostics for the edited buffer within the wait after ${edit.diagnosticsMissing}.`);
  if (hover) details.push(`- hovers: ${hover.count}, ${hover.withContent} with content.`);
  if (results.serverNote) details.push(`- language server: ${results.serverNote}`);
  details.push(`- VSIX: ${results.vsixNote}.`);
  details.push(`- client load measures the ${activation.measures}${activation.note ? `; ${activation.note}` : ''}.`);
  for (const note of results.notes) details.push(`- ${note}`);
  lines.push('## Details', '', ...details, '');
  return lines.join('\n');
}
