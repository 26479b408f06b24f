import { describe, expect, it } from "vitest";
import { runScenario } from "../../../../src/run/index.js";
import { loadScenario } from "../../../../src/scenario/index.js";
import { type ClassInput, requestsOf, specOf } from "./workload-helpers.js";

/** One-request sessions (pages 1, objects 0): a request is a session. */
const visitor = (revisit?: ClassInput["revisit"], clients = 1_000_000): ClassInput => ({
  name: "visitors",
  clients,
  skew: 0,
  rate: 0.01,
  pages: 1,
  thinkTime: 1,
  objects: 0,
  ...(revisit ? { revisit } : {}),
});

describe("session workload: return visits (revisit)", () => {
  const q = 0.8;
  const g = 900;
  const T = 400_000;
  const lambda = 0.01;

  it("makes λ[T/(1 − q) − q·g/(1 − q)²·(1 − e^{−(1 − q)T/g})] sessions (exponential gaps, cut at the horizon)", () => {
    const spec = specOf([visitor({ probability: q, gap: { dist: "exponential", mean: g } })]);
    const { sessions } = requestsOf(spec, T);
    const expected =
      lambda * (T / (1 - q) - ((q * g) / (1 - q) ** 2) * (1 - Math.exp((-(1 - q) * T) / g)));
    // Poisson(λT) visits of geometric size n: Var = λT·E[n²] = λT·(1 + q)/(1 − q)².
    const se = Math.sqrt((lambda * T * (1 + q)) / (1 - q) ** 2);
    expect(Math.abs(sessions - expected)).toBeLessThan(4 * se);
    // Its nearest neighbour, one session per visit (q ignored), is 5 times fewer.
    expect(sessions).toBeGreaterThan(3 * lambda * T);
  });

  it("brings the same client back within Δ with probability q·(1 − e^{−Δ/g})", () => {
    // A million clients at 0.01 visits/s: two visits of one client are ~never within a day.
    const spec = specOf([visitor({ probability: q, gap: { dist: "exponential", mean: g } })]);
    const { times, clients } = requestsOf(spec, T);
    const next = new Map<number, number>();
    const nextOf = new Float64Array(times.length).fill(Number.POSITIVE_INFINITY);
    for (let i = times.length - 1; i >= 0; i--) {
      const j = next.get(clients[i]!);
      if (j !== undefined) nextOf[i] = times[j]! - times[i]!;
      next.set(clients[i]!, i);
    }
    for (const delta of [300, 900, 2700]) {
      let n = 0;
      let back = 0;
      times.forEach((t, i) => {
        if (t > T - 20 * g) return; // no horizon cut in view
        n++;
        if (nextOf[i]! < delta) back++;
      });
      const p = q * (1 - Math.exp(-delta / g));
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(back / n - p)).toBeLessThan(4 * se);
    }
  });

  it("a visit's sessions come from one client; without revisit, a Poisson stream per client", () => {
    // 1000 clients: with revisits, consecutive sessions of a client are mostly one gap apart.
    const with_ = requestsOf(
      specOf([visitor({ probability: q, gap: { dist: "exponential", mean: g } }, 1000)]),
      T,
    );
    const without = requestsOf(
      specOf([{ ...visitor(undefined, 1000), rate: lambda / (1 - q) }]),
      T,
    );
    const shareWithin = (r: { times: number[]; clients: number[] }) => {
      const last = new Map<number, number>();
      let within = 0;
      r.times.forEach((t, i) => {
        const l = last.get(r.clients[i]!);
        if (l !== undefined && t - l < 3 * g) within++;
        last.set(r.clients[i]!, t);
      });
      return within / r.times.length;
    };
    // Same session rate; a per-client Poisson stream at 0.05/1000 per s is back within 2700 s
    // with probability 1 − e^{−0.135} = 0.13, a visit's session with q·(1 − e^{−3}) = 0.76.
    expect(shareWithin(without)).toBeLessThan(0.2);
    expect(shareWithin(with_)).toBeGreaterThan(0.6);
  });

  it("probability 0 and no revisit make the same requests (no draw is taken)", () => {
    const browsers: ClassInput = {
      name: "b",
      clients: 300,
      skew: 0.9,
      rate: 0.5,
      pages: { dist: "lognormal", median: 3, sigma: 1.1, max: 1000 },
      thinkTime: { dist: "lognormal", median: 30, sigma: 1.5 },
      objects: { dist: "geometric", mean: 4, max: 200 },
      objectGap: { dist: "exponential", mean: 0.5 },
    };
    const a = requestsOf(specOf([browsers]), 3600);
    const b = requestsOf(
      specOf([
        { ...browsers, revisit: { probability: 0, gap: { dist: "exponential", mean: 60 } } },
      ]),
      3600,
    );
    expect(b.times).toEqual(a.times);
    expect(b.clients).toEqual(a.clients);
  });

  it("runs end to end with start: steady, every request ending once", () => {
    const yaml = `
name: revisit
duration: 3600
start: steady
servers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }]
dns: { ttl: 300 }
resolvers: { count: 10, behaviour: rotate }
clients:
  rate: 0
  selection: failover
  sessions:
    classes:
      - name: v
        clients: 2000
        rate: 0.02
        pages: { dist: geometric, mean: 3 }
        thinkTime: { dist: exponential, mean: 20 }
        revisit: { probability: 0.9, gap: { dist: exponential, mean: 600 } }
`;
    const r = runScenario(loadScenario(yaml, "revisit.yaml"), { seed: 3 });
    expect(r.totals.served + r.totals.failed).toBe(r.totals.requests);
    // Steady: the visits under way at 0 carry on, 0.02 visits/s × 10 sessions × 3 pages = 0.6
    // requests/s from the start (cold, the first visits' returns would be missing).
    expect(r.totals.requests / 3600).toBeGreaterThan(0.45);
  });
});
