import type { Settings } from './types';

export const DEFAULT_SETTINGS: Settings = {
  maxConnections: null,
  threshold: 80,
  assumedCpuCores: 4,
  environment: 'production',
  envPrefix: 'APP_',
  severities: {},
  live: [],
};

/** Settings from partial input (a CLI flag set, a VS Code configuration), invalid values ignored. */
export function settingsFrom(partial: Partial<Settings>): Settings {
  const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;
  return {
    maxConnections: positive(partial.maxConnections) ? Math.floor(partial.maxConnections) : null,
    threshold: positive(partial.threshold) && partial.threshold <= 100 ? partial.threshold : DEFAULT_SETTINGS.threshold,
    assumedCpuCores: positive(partial.assumedCpuCores) ? Math.floor(partial.assumedCpuCores) : DEFAULT_SETTINGS.assumedCpuCores,
    environment: typeof partial.environment === 'string' && partial.environment ? partial.environment : DEFAULT_SETTINGS.environment,
    envPrefix: typeof partial.envPrefix === 'string' ? partial.envPrefix : DEFAULT_SETTINGS.envPrefix,
    severities: partial.severities && typeof partial.severities === 'object' ? partial.severities : {},
    live: Array.isArray(partial.live) ? partial.live : [],
  };
}
