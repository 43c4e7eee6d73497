// Long runs of the fast-YAML differential check (test/unit/yaml/blockYamlDiff.ts), outside npm test.
//
//   node out/test/fuzz/yamlDiff.js [--seed N] [--count N]           generated texts (default: seed from the clock, 100,000)
//   node out/test/fuzz/yamlDiff.js --fuzz [--seed N] [--count N]    the fuzzer's compose/kubernetes/config inputs, count per reader
//   node out/test/fuzz/yamlDiff.js --seed N --index I               one generated text again, with both parsers' verdicts
//
//   --show N        distinct differences printed in full (default 20)
//   --rejected N    also print the N shortest error-free, in-subset texts the fast parser rejected
//   --strict-ends   compare block collections' range[1] as is (see CompareOptions)
//   --no-minimize   print failing texts as found, without a minimized one
//
// Failures are grouped by the kind of difference (its message without place and literals); each
// kind is shown with its count, its shortest text and that text minimized. Exit code 1 if any.
import { performance } from 'node:perf_hooks';
import { compare, generatedText, minimizedFailure, type CompareOptions } from '../unit/yaml/blockYamlDiff';
import { wholeNumber } from './cliArgs';
import { fuzzInput } from './mutate';

interface Options {
  seed: number;
  count?: number;
  index?: number;
  fuzz: boolean;
  show: number;
  rejected: number;
  minimize: boolean;
  compare: CompareOptions;
}

function usage(message: string): never {
  console.error(`${message}\nusage: node out/test/fuzz/yamlDiff.js [--fuzz] [--seed N] [--count N | --index I] [--show N] [--rejected N] [--strict-ends] [--no-minimize]`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const options: Options = { seed: Date.now() % 100_000, fuzz: false, show: 20, rejected: 0, minimize: true, compare: {} };
  for (let i = 0; i < argv.length; i++) {
    const number = () => wholeNumber(argv[i], argv[++i], usage);
    switch (argv[i]) {
      case '--seed':
        options.seed = number();
        break;
      case '--count':
        options.count = number();
        break;
      case '--index':
        options.index = number();
        break;
      case '--show':
        options.show = number();
        break;
      case '--rejected':
        options.rejected = number();
        break;
      case '--fuzz':
        options.fuzz = true;
        break;
      case '--strict-ends':
        options.compare.strictEnds = true;
        break;
      case '--no-minimize':
        options.minimize = false;
        break;
      default:
        usage(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

function* inputs(options: Options): Iterable<[label: string, text: string]> {
  if (options.fuzz) {
    const count = options.count ?? 5_000;
    for (const reader of ['compose', 'kubernetes', 'config'] as const) {
      for (let index = 0; index < count; index++) yield [`fuzzInput('${reader}', ${options.seed}, ${index}).text`, fuzzInput(reader, options.seed, index).text];
    }
    return;
  }
  const count = options.count ?? 100_000;
  for (let index = 0; index < count; index++) yield [`generatedText(${options.seed}, ${index})`, generatedText(options.seed, index)];
}

function one(options: Options, index: number): void {
  const text = generatedText(options.seed, index);
  const result = compare(text, undefined, options.compare);
  console.log(`generatedText(${options.seed}, ${index}): ${JSON.stringify(text)}`);
  console.log(text);
  console.log(`yaml: ${result.errorFree ? 'no errors' : 'errors'}${result.outside.length ? `; beyond the subset: ${result.outside.join(', ')}` : ''}`);
  console.log(`fast parser: ${result.accepted ? 'accepted' : 'rejected'}`);
  if (result.difference) {
    console.log(`difference: ${result.difference}`);
    if (options.minimize) console.log(`minimized: ${JSON.stringify(minimizedFailure(text, undefined, options.compare))}`);
  }
  process.exitCode = result.difference ? 1 : 0;
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  if (options.index !== undefined) return one(options, options.index);

  const started = performance.now();
  const kinds = new Map<string, { count: number; label: string; text: string; difference: string }>();
  const rejected: Array<[label: string, text: string]> = [];
  let texts = 0;
  let failures = 0;
  let errorFree = 0;
  let acceptedErrorFree = 0;
  let plain = 0;
  let acceptedPlain = 0;
  let nextProgress = started + 10_000;
  for (const [label, text] of inputs(options)) {
    const result = compare(text, undefined, options.compare);
    texts++;
    if (result.errorFree) {
      errorFree++;
      if (result.accepted) acceptedErrorFree++;
      if (result.outside.length === 0) {
        plain++;
        if (result.accepted) acceptedPlain++;
        else if (options.rejected > 0) keepShortest(rejected, [label, text], options.rejected);
      }
    }
    if (result.difference) {
      failures++;
      const seen = kinds.get(result.kind!);
      if (!seen) kinds.set(result.kind!, { count: 1, label, text, difference: result.difference });
      else {
        seen.count++;
        if (text.length < seen.text.length) Object.assign(seen, { label, text, difference: result.difference });
      }
    }
    if (performance.now() > nextProgress) {
      nextProgress += 10_000;
      console.error(`… ${texts} texts, ${failures} differ`);
    }
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`seed ${options.seed}: ${texts} ${options.fuzz ? 'fuzzer inputs' : 'generated texts'} in ${seconds} s; ${failures} differ, in ${kinds.size} way(s)`);
  console.log(`fast parser accepted ${acceptedErrorFree} of ${errorFree} error-free texts (${acceptedPlain} of the ${plain} that use nothing beyond the subset)`);
  const sorted = [...kinds.entries()].sort((a, b) => b[1].count - a[1].count);
  for (const [kind, { count, label, text, difference }] of sorted.slice(0, options.show)) {
    console.log(`\n${count}× ${kind}`);
    console.log(`  shortest: ${label}: ${difference}`);
    console.log(`  text: ${JSON.stringify(text)}`);
    if (options.minimize) {
      const small = minimizedFailure(text, undefined, options.compare);
      if (small !== text) console.log(`  minimized: ${JSON.stringify(small)}: ${compare(small, undefined, options.compare).difference}`);
    }
  }
  if (sorted.length > options.show) console.log(`\n… and ${sorted.length - options.show} more kinds (--show N)`);
  if (rejected.length) {
    console.log(`\nthe ${rejected.length} shortest error-free texts within the subset that the fast parser rejected:`);
    for (const [label, text] of rejected) console.log(`  ${label}: ${JSON.stringify(text)}`);
  }
  process.exitCode = failures > 0 ? 1 : 0;
}

/** Keeps `list` to the `limit` shortest texts seen, shortest first. */
function keepShortest(list: Array<[string, string]>, entry: [string, string], limit: number): void {
  if (list.length >= limit && entry[1].length >= list[list.length - 1][1].length) return;
  list.push(entry);
  list.sort((a, b) => a[1].length - b[1].length);
  if (list.length > limit) list.pop();
}

main();
