import { describe, expect, it } from "vitest";
import type { Results } from "../../../src/metrics/index.js";
import { runScenario } from "../../../src/run/index.js";
import { type ScenarioInput, scenarioSchema } from "../../../src/scenario/index.js";

/**
 * Servers with capacity against queueing theory. Each check runs R
 * independent replications (seeds 1..R) after a warm-up that removes the
 * empty-start bias (the M/M/1 relaxation time at ρ = 0.8 is
 * 1/(μ(1−√ρ)²) ≈ 90 s; the warm-up is over ten of them), and compares the
 * mean over replications with the formula within 4 standard errors, the SE
 * being the replications' sample sd / √R: independent runs make that an
 * honest estimate, whatever the autocorrelation inside a run. Each test also
 * checks that its SE is small against the effect it must tell apart, so the
 * tolerance cannot quietly swallow a wrong model.
 */

const R = 12;

function queueScenario(over: Partial<ScenarioInput> & { rate: number }): ScenarioInput {
  const { rate, ...rest } = over;
  return {
    name: "queue",
    duration: 12_000,
    warmup: 1_000,
    window: 1_000,
    servers: [{ address: "10.0.0.2" }],
    dns: { ttl: 60, order: "cyclic" },
    resolvers: { count: 1 },
    clients: { rate, timeout: 1e9, onError: "give-up" },
    ...rest,
  };
}

function replicate(
  input: ScenarioInput,
  metric: (r: Results) => number,
): { mean: number; se: number } {
  const s = scenarioSchema.parse(input);
  const xs = Array.from({ length: R }, (_, i) => metric(runScenario(s, { seed: i + 1 })));
  const mean = xs.reduce((a, b) => a + b, 0) / R;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (R - 1));
  return { mean, se: sd / Math.sqrt(R) };
}

function expectWithin(estimate: { mean: number; se: number }, expected: number): void {
  expect(
    Math.abs(estimate.mean - expected),
    `mean ${estimate.mean} ± ${estimate.se} vs ${expected}`,
  ).toBeLessThanOrEqual(4 * estimate.se);
}

/** Erlang B blocking probability for c servers offered a erlangs (stable recursion). */
function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: probability that an arrival waits in M/M/c. */
function erlangC(c: number, a: number): number {
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

const q = (r: Results) => r.queueing!;
const exp1 = { distribution: "exponential" as const, mean: 1 };

describe("M/M/1 at ρ = 0.8 (μ = 1, λ = 0.8)", () => {
  const input = queueScenario({ rate: 0.8, service: { serviceTime: exp1 } });
  it("mean response time is 1/(μ − λ) = 5 s", () => {
    const w = replicate(input, (r) => q(r).servers[0]!.responseTime.mean!);
    // The SE must be well below the gap to M/D/1 (3 s), the nearest neighbour.
    expect(w.se).toBeLessThan(0.25);
    expectWithin(w, 5);
  });
  it("P(N ≥ k) = ρ^k for arrivals (PASTA), k = 1..6", () => {
    for (const k of [1, 3, 6]) {
      const p = replicate(input, (r) => {
        const h = q(r).servers[0]!.inSystemAtArrival;
        const all = h.reduce((a, b) => a + b, 0);
        return h.slice(k).reduce((a, b) => a + b, 0) / all;
      });
      expect(p.se).toBeLessThan(0.02);
      expectWithin(p, 0.8 ** k);
    }
  });
  it("utilisation is ρ and L = λW (Little)", () => {
    const u = replicate(input, (r) => q(r).servers[0]!.utilisation);
    expectWithin(u, 0.8);
    const little = replicate(input, (r) => {
      const sv = q(r).servers[0]!;
      const lambda = sv.arrivals / (r.duration - r.warmup);
      return sv.meanInSystem - lambda * sv.responseTime.mean!;
    });
    expectWithin(little, 0);
  });
  it("deterministic service gives the Pollaczek–Khinchine M/D/1 mean, 1 + ρ/(2μ(1−ρ)) = 3 s", () => {
    const w = replicate(
      queueScenario({
        rate: 0.8,
        service: { serviceTime: { distribution: "deterministic", mean: 1 } },
      }),
      (r) => q(r).servers[0]!.responseTime.mean!,
    );
    expect(w.se).toBeLessThan(0.15);
    expectWithin(w, 3);
  });
});

describe("M/M/c against Erlang C (c = 4, a = 3.2)", () => {
  const input = queueScenario({
    rate: 3.2,
    duration: 6_000,
    service: { workers: 4, serviceTime: exp1 },
  });
  const c = erlangC(4, 3.2);
  it(`probability of waiting is C(4, 3.2) = ${c.toFixed(4)}`, () => {
    const p = replicate(input, (r) => q(r).servers[0]!.waitProbability!);
    expect(p.se).toBeLessThan(0.02);
    expectWithin(p, c);
  });
  it("mean wait is C / (cμ − λ)", () => {
    const w = replicate(input, (r) => q(r).servers[0]!.meanWait!);
    expect(w.se).toBeLessThan(0.15);
    expectWithin(w, c / (4 - 3.2));
  });
});

describe("loss and blocking", () => {
  it("M/M/1/K with K = 10 in the system (queue 9) at ρ = 0.8 refuses (1−ρ)ρ^K/(1−ρ^(K+1)) ≈ 0.0235", () => {
    const expected = (0.2 * 0.8 ** 10) / (1 - 0.8 ** 11);
    expect(expected).toBeCloseTo(0.0235, 4);
    const p = replicate(
      queueScenario({ rate: 0.8, service: { serviceTime: exp1, queue: 9 } }),
      (r) => q(r).servers[0]!.refused / q(r).servers[0]!.arrivals,
    );
    // Apart from an unlimited queue (0 refusals) and from queue 10 (0.0187) by more than 4 SE.
    expect(p.se).toBeLessThan(0.001);
    expectWithin(p, expected);
  });
  it("a loss system (queue 0, c = 4, a = 3.2) blocks Erlang B", () => {
    const p = replicate(
      queueScenario({
        rate: 3.2,
        duration: 6_000,
        service: { workers: 4, serviceTime: exp1, queue: 0 },
      }),
      (r) => q(r).servers[0]!.refused / q(r).servers[0]!.arrivals,
    );
    expect(p.se).toBeLessThan(0.005);
    expectWithin(p, erlangB(4, 3.2));
  });
});

describe("round robin per request vs random splitting (N = 4, ν = 0.8 per server, μ = 1)", () => {
  /** E_N/M/1 mean response: σ solves σ = (Nν/(Nν + μ(1−σ)))^N, W = 1/(μ(1−σ)). */
  function erlangNM1(N: number, nu: number, mu: number): number {
    let sigma = 0.5;
    for (let i = 0; i < 200; i++) sigma = ((N * nu) / (N * nu + mu * (1 - sigma))) ** N;
    return 1 / (mu * (1 - sigma));
  }
  const fleet = (order: "cyclic" | "random"): ScenarioInput =>
    queueScenario({
      rate: 3.2,
      duration: 6_000,
      servers: [2, 3, 4, 5].map((i) => ({ address: `10.0.0.${i}` })),
      // TTL 0 and one resolver: every visit gets a fresh answer from the authority.
      dns: { ttl: 0, order },
      service: { serviceTime: exp1 },
    });
  const meanW = (r: Results) => {
    const servers = q(r).servers;
    return (
      servers.reduce((a, s) => a + s.responseTime.mean! * s.accepted, 0) /
      servers.reduce((a, s) => a + s.accepted, 0)
    );
  };
  const wRR = erlangNM1(4, 0.8, 1);
  it(`cyclic: each server sees Erlang-4 inter-arrivals, W = ${wRR.toFixed(3)} s (E_4/M/1)`, () => {
    const w = replicate(fleet("cyclic"), meanW);
    expect(w.se).toBeLessThan(0.1);
    expectWithin(w, wRR);
  });
  it("random: each server is M/M/1, W = 1/(μ − ν) = 5 s, more than round robin's", () => {
    const w = replicate(fleet("random"), meanW);
    expect(w.se).toBeLessThan(0.25);
    expectWithin(w, 5);
    expect(wRR).toBeLessThan(5 - 8 * w.se);
  });
});
