/**
 * Differences between a real daemon and its rrdns preset that are known and
 * accepted, each with the measured numbers and why. A conformance row that
 * fails and is not listed here fails the run; one listed here that passes is
 * reported, so the entry can be removed.
 */
export interface KnownDeviation {
  /** SettingSpec.id */
  readonly setting: string;
  /** Row metric, as in compare.ts. */
  readonly metric: string;
  readonly why: string;
}

/**
 * None today. The old entry (PowerDNS "fresh again after return", polled)
 * went with its row: recovery is now read from BIND's log per outage plan
 * and judged against the measured run-to-run range (recovery-spread.ts).
 */
export const KNOWN_DEVIATIONS: readonly KnownDeviation[] = [];

export function knownDeviation(setting: string, metric: string): KnownDeviation | undefined {
  return KNOWN_DEVIATIONS.find((d) => d.setting === setting && d.metric === metric);
}
