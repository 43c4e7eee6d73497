import type { ProbeResult } from '../../src-node/database/probe';

/** The last successful readings of live servers, shown in the report and sent to the server. */
export class LiveReadings {
  private readonly readings = new Map<string, ProbeResult>();
  private readonly listeners: Array<() => void> = [];

  record(result: ProbeResult): void {
    this.readings.set(`${result.server.host}:${result.server.port}`, result);
    for (const listener of this.listeners) listener();
  }

  all(): ProbeResult[] {
    return [...this.readings.values()];
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }
}
