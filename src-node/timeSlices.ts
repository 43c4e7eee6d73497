/**
 * Long synchronous work done in slices: `due` once a slice has lasted `sliceMs`, and `next()` lets
 * the event loop run (requests, cancellations, I/O) before the next slice begins.
 */
export class TimeSlices {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs: number) {}

  get due(): boolean {
    return performance.now() - this.sliceStart > this.sliceMs;
  }

  async next(): Promise<void> {
    await new Promise(setImmediate);
    this.sliceStart = performance.now();
  }
}
