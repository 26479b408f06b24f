import { Z95 } from "./optimize.js";

export interface ZipfFit {
  /** Exponent s: client of rank i has session rate ∝ i^−s. */
  readonly skew: number;
  readonly low: number;
  readonly high: number;
  readonly clients: number;
  readonly sessions: number;
}

/**
 * The Zipf exponent of sessions per client by maximum likelihood: the
 * clients ranked by their session counts c₁ ≥ c₂ ≥ …, each session falls on
 * rank i with probability i^−s / Σ j^−s. The log-likelihood is concave in s
 * (its second derivative is −S·Var(ln i)), so a bisection on the score finds
 * the maximum; the CI is ±1.96 / √(S·Var(ln i)). Ranking by the observed
 * counts makes s biased upwards when clients have few sessions each (ties
 * ranked arbitrarily still decrease); the report says so.
 */
export function fitZipf(sessionCounts: readonly number[]): ZipfFit {
  const counts = sessionCounts.filter((c) => c > 0).sort((a, b) => b - a);
  const n = counts.length;
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += counts[i]!;
    weighted += counts[i]! * Math.log(i + 1);
  }
  const observedMeanLog = weighted / total;
  /** E_s[ln i] and Var_s[ln i] under the Zipf law on 1..n. */
  const moments = (s: number) => {
    let z = 0;
    let m1 = 0;
    let m2 = 0;
    for (let i = 1; i <= n; i++) {
      const l = Math.log(i);
      const w = Math.exp(-s * l);
      z += w;
      m1 += w * l;
      m2 += w * l * l;
    }
    const mean = m1 / z;
    return { mean, variance: Math.max(0, m2 / z - mean * mean) };
  };
  const base = { clients: n, sessions: total };
  if (n <= 1) return { skew: 0, low: 0, high: 0, ...base };
  // Score: S·(E_s[ln i] − mean observed ln i), decreasing in s.
  let lo = 0;
  let hi = 10;
  if (moments(0).mean <= observedMeanLog) return { skew: 0, low: 0, high: ci(0), ...base };
  for (let it = 0; it < 100; it++) {
    const mid = (lo + hi) / 2;
    if (moments(mid).mean > observedMeanLog) lo = mid;
    else hi = mid;
  }
  const skew = (lo + hi) / 2;
  return { skew, low: Math.max(0, skew - ci(skew)), high: skew + ci(skew), ...base };

  function ci(s: number): number {
    return Z95 / Math.sqrt(total * moments(s).variance);
  }
}
