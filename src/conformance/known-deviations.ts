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

const TTL_PLUS_ONE =
  "answers with TTL 0 for one more second and refetches at TTL + 1 s (measured 6.0 s for TTL 5, 9 s for min 8, 21 s for max 20); presets refetch at the TTL (issue 11 models it)";
const HOLD_DOWN =
  "keeps the failure after the authority returns (measured: Unbound no answer for 3–4 s after the return; PowerDNS still SERVFAIL 75 s after, the longest the harness waits); presets recover at once (issue 11)";

export const KNOWN_DEVIATIONS: readonly KnownDeviation[] = [
  { setting: "unbound", metric: "refetch interval, TTL 5", why: TTL_PLUS_ONE },
  { setting: "unbound-no-rr", metric: "refetch interval, TTL 5", why: TTL_PLUS_ONE },
  { setting: "unbound-serve-expired", metric: "refetch interval, TTL 5", why: TTL_PLUS_ONE },
  { setting: "knot-resolver", metric: "refetch interval, TTL 5", why: TTL_PLUS_ONE },
  { setting: "unbound", metric: "clamp: lifetime", why: TTL_PLUS_ONE },
  { setting: "knot-resolver", metric: "clamp: lifetime", why: TTL_PLUS_ONE },
  { setting: "unbound", metric: "fresh again after return", why: HOLD_DOWN },
  { setting: "unbound-no-rr", metric: "fresh again after return", why: HOLD_DOWN },
  { setting: "pdns-recursor", metric: "fresh again after return", why: HOLD_DOWN },
];

export function knownDeviation(setting: string, metric: string): KnownDeviation | undefined {
  return KNOWN_DEVIATIONS.find((d) => d.setting === setting && d.metric === metric);
}
