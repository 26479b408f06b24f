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

// Empty: every preset matches its daemon within the tolerances of compare.ts.
// (PowerDNS's 60 s hold-down and the real daemon's both outlast the harness's
// wait after the authority returns, so the row reads "none" on both sides.)
export const KNOWN_DEVIATIONS: readonly KnownDeviation[] = [];

export function knownDeviation(setting: string, metric: string): KnownDeviation | undefined {
  return KNOWN_DEVIATIONS.find((d) => d.setting === setting && d.metric === metric);
}
