import { describe, expect, it } from "vitest";
import {
  expectedPopulation,
  fitMixture,
  fitPopulation,
  solvePopulation,
} from "../../../src/fit/population.js";

/** The sums as written first: every term computed afresh, rank by rank, then in buckets beyond 2000. */
function rankSum(n: number, f: (i: number) => number): number {
  let sum = 0;
  const exact = Math.min(n, 2000);
  for (let i = 1; i <= exact; i++) sum += f(i);
  let a = exact + 1;
  while (a <= n) {
    const b = Math.min(n, Math.max(a, Math.floor(a * 1.005)));
    sum += (b - a + 1) * f(Math.sqrt(a * b));
    a = b + 1;
  }
  return sum;
}

function referenceMoments(n: number, skew: number, sessions: number) {
  const norm = rankSum(n, (i) => i ** -skew);
  const m = (i: number) => (sessions * i ** -skew) / norm;
  return {
    distinct: rankSum(n, (i) => -Math.expm1(-m(i))),
    one: rankSum(n, (i) => m(i) * Math.exp(-m(i))),
    two: rankSum(n, (i) => (m(i) * m(i) * Math.exp(-m(i))) / 2),
  };
}

describe("the population fit: clients and Zipf exponent from distinct hosts and one-session hosts", () => {
  it("the moments are the rank-by-rank sums bit for bit, whatever N was asked for before at the same exponent (weights computed once per exponent)", () => {
    // Larger N, then smaller, then larger again: the shared buckets are cut at each N.
    for (const skew of [0, 0.35, 0.8227, 1.1, 2.95])
      for (const n of [1, 7, 1999, 2000, 2001, 2011, 150_000, 2500, 2500.5, 40_000, 1_000_000, 3])
        for (const sessions of [3, 3052, 80_000])
          expect(expectedPopulation(n, skew, sessions), `${n} ${skew} ${sessions}`).toEqual(
            referenceMoments(n, skew, sessions),
          );
  });

  it("E[distinct] and E[one] against the closed forms: equal shares (s = 0), N(1 − e^−S/N) and S·e^−S/N", () => {
    const m = expectedPopulation(5000, 0, 3000);
    expect(m.distinct).toBeCloseTo(5000 * -Math.expm1(-3000 / 5000), 6);
    expect(m.one).toBeCloseTo(3000 * Math.exp(-3000 / 5000), 6);
    // The bucketed tail against the exact sum (s = 0.7, N = 50,000).
    let norm = 0;
    for (let i = 1; i <= 50_000; i++) norm += i ** -0.7;
    let distinct = 0;
    for (let i = 1; i <= 50_000; i++) distinct += -Math.expm1((-8000 * i ** -0.7) / norm);
    expect(
      Math.abs(expectedPopulation(50_000, 0.7, 8000).distinct - distinct) / distinct,
    ).toBeLessThan(1e-3);
  });

  it("solving recovers the (N, s) that made the moments, over a range of populations", () => {
    for (const [n, s, sessions] of [
      [3000, 0.5, 1500],
      [800, 0, 1200],
      [20_000, 1.1, 5000],
      [2000, 0.8, 3000],
    ] as const) {
      const m = expectedPopulation(n, s, sessions);
      const fit = solvePopulation(sessions, m.distinct, m.one);
      expect(Math.abs(fit.skew - s), `${n} ${s}`).toBeLessThan(0.03);
      expect(Math.abs(fit.clients - n) / n, `${n} ${s}`).toBeLessThan(0.1);
    }
  });

  it("the simulated correction removes a bias of the analytic model: a simulator that loses 10% of the distinct clients is matched", () => {
    const log = { sessions: 2000, distinct: 1200, one: 800 };
    const biased = (clients: number, skew: number) => {
      const m = expectedPopulation(clients, skew, log.sessions);
      return { distinct: 0.9 * m.distinct, one: 0.9 * m.one };
    };
    const fit = fitPopulation(log, biased, 4);
    expect(Math.abs(fit.fitted.distinct - log.distinct) / log.distinct).toBeLessThan(0.02);
    expect(Math.abs(fit.fitted.one / fit.fitted.distinct - log.one / log.distinct)).toBeLessThan(
      0.02,
    );
    expect(fit.rounds).toBeGreaterThan(0);
    // Without the correction (0 rounds) it misses by the bias.
    const analytic = fitPopulation(log, biased, 0);
    expect(Math.abs(analytic.fitted.distinct - log.distinct) / log.distinct).toBeGreaterThan(0.08);
  });
});

describe("the population as a mixture of one-shot visitors and Zipf regulars", () => {
  // One-shot visitors: V = π·S sessions, each its own client, seen once.
  const mixture = (clients: number, skew: number, share: number, sessions: number) => {
    const v = share * sessions;
    const m = expectedPopulation(clients, skew, sessions - v);
    return { distinct: m.distinct + v, one: m.one + v, two: m.two };
  };

  it("recovers the one-shot share and the regulars' moments of a known mixture (a grid point)", () => {
    const sessions = 4000;
    const truth = mixture(3000, 1.1, 0.45, sessions);
    const log = { sessions, ...truth };
    const fit = fitMixture(log, (n, s, share) => mixture(n, s, share, sessions));
    expect(fit.oneShot).toBe(0.45);
    expect(Math.abs(fit.fitted.distinct - log.distinct) / log.distinct).toBeLessThan(0.01);
    expect(Math.abs(fit.fitted.one - log.one) / log.distinct).toBeLessThan(0.01);
    expect(Math.abs(fit.fitted.two! - log.two) / log.distinct).toBeLessThan(0.01);
  });

  it("a simulator whose regulars lose half their one-session clients (clustered visits) needs one-shot visitors to reach the log's one-session share", () => {
    const sessions = 3000;
    const log = { sessions, distinct: 1750, one: 1390, two: 230 };
    // Regulars in visits: a regular seen once is seen twice instead, half the time.
    const clustered = (n: number, s: number, share: number) => {
      const v = share * sessions;
      const m = expectedPopulation(n, s, sessions - v);
      const lost = m.one / 2;
      return { distinct: m.distinct - lost / 2 + v, one: m.one - lost + v, two: m.two };
    };
    const single = fitPopulation(log, (n, s) => clustered(n, s, 0));
    const mixed = fitMixture(log, clustered);
    const share = (m: { distinct: number; one: number }) => m.one / m.distinct;
    expect(mixed.oneShot).toBeGreaterThan(0);
    expect(Math.abs(share(mixed.fitted) - share(log))).toBeLessThan(
      Math.abs(share(single.fitted) - share(log)),
    );
    expect(Math.abs(share(mixed.fitted) - share(log))).toBeLessThan(0.02);
  });

  it("a log with no host seen once has no one-shot visitors (one Zipf population)", () => {
    const log = { sessions: 200, distinct: 40, one: 0, two: 10 };
    const fit = fitMixture(log, (n, s) => expectedPopulation(n, s, log.sessions));
    expect(fit.oneShot).toBe(0);
    expect(fit.clients).toBeGreaterThan(0);
  });

  it("visitors only where they can exist: a share with no whole visitor session, or no room for the visitors' clients beside the regulars', is not tried", () => {
    const sessions = 3000;
    const truth = mixture(3000, 1.1, 0.45, sessions);
    const log = { sessions, ...truth };
    const simulate = (n: number, s: number, share: number) => mixture(n, s, share, sessions);
    // No room for visitors' clients at all: one Zipf population, as the visitors could not be written.
    expect(fitMixture(log, simulate, 3, () => false).oneShot).toBe(0);
    // Room only below 0.3 of the sessions: the best share allowed.
    const tried: number[] = [];
    const capped = fitMixture(log, simulate, 3, (_regulars, share) => {
      tried.push(share);
      return share < 0.3;
    });
    expect(capped.oneShot).toBe(0.15);
    expect(tried).toContain(0.3);
    // Three sessions: 0.15 of them is no whole session (the regulars would lose load to nobody).
    const tiny = { sessions: 3, distinct: 3, one: 3, two: 0 };
    const shares: number[] = [];
    fitMixture(tiny, (n, s, share) => {
      shares.push(share);
      return mixture(n, s, share, 3);
    });
    expect(shares).not.toContain(0.15);
  });
});
