// Command-line arguments shared by the fuzz tools (run.ts, yamlDiff.ts).

/** A flag's whole-number value (`--seed 7`); `usage` is told what is wrong otherwise. */
export function wholeNumber(flag: string, value: string | undefined, usage: (message: string) => never): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) usage(`${flag} needs a whole number`);
  return parsed;
}
