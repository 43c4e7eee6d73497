// Waiting for a condition instead of sleeping.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until `accept(value)` is true and returns that value. On timeout throws
 * `${what}: not seen within N s; last seen: …` (the last value, or the probe's last error).
 */
export async function waitFor(what, probe, accept = Boolean, { timeoutMs = 30_000, intervalMs = 200, show = (v) => JSON.stringify(v) } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? `error: ${String(lastError.message ?? lastError).split('\n')[0]}` : show(last);
      throw new Error(`${what}: not seen within ${Math.round(timeoutMs / 1000)} s; last seen: ${seen}`);
    }
    await sleep(intervalMs);
  }
}
