import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  meanCount,
  meanRequestsPerSession,
  preRollSeconds,
  sessionCoverage,
} from "../../../../src/model/index.js";
import { runScenario, Simulation } from "../../../../src/run/index.js";
import {
  estimateWork,
  limitProblems,
  type Scenario,
  type ScenarioInput,
  scenarioSchema,
} from "../../../../src/scenario/index.js";
import { baseInput, relativeError } from "../../../helpers.js";
import { requestsOf } from "./workload-helpers.js";

type ClassInput = NonNullable<NonNullable<ScenarioInput["clients"]["sessions"]>["classes"]>[number];

/** A scenario whose workload is the given session classes. */
function sessionScenario(
  classes: ClassInput[],
  overrides: Partial<ScenarioInput> = {},
  lookupGap = 300,
): Scenario {
  return scenarioSchema.parse(
    baseInput({
      clients: { rate: 0, selection: "failover", sessions: { lookupGap, classes } },
      ...overrides,
    }),
  );
}

const browsers: ClassInput = {
  name: "browsers",
  clients: 500,
  skew: 0.9,
  rate: 0.5,
  pages: { dist: "lognormal", median: 3, sigma: 1.1, max: 1000 },
  thinkTime: { dist: "lognormal", median: 30, sigma: 1.5 },
  objects: { dist: "geometric", mean: 4, max: 200 },
  objectGap: { dist: "exponential", mean: 0.5 },
};

describe("session workload: closed forms", () => {
  it("mean requests per session = E[pages] × (1 + E[objects]), with the exact mean of each count law", () => {
    // Zero gaps and think times: every session's requests fall at its arrival, none is cut.
    const spec = sessionScenario([{ ...browsers, rate: 5, thinkTime: 0, objectGap: 0 }]).clients
      .sessions!;
    const c = spec.classes[0]!;
    const { times, sessions } = requestsOf(spec, 4000);
    // Per-session counts, to get the sampling error from the data.
    const perSession: number[] = [];
    let last = Number.NaN;
    for (const t of times) {
      if (t !== last) perSession.push(0);
      perSession[perSession.length - 1]!++;
      last = t;
    }
    expect(perSession.length).toBe(sessions);
    const n = perSession.length;
    const mean = perSession.reduce((a, b) => a + b, 0) / n;
    const variance = perSession.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    const expected = meanRequestsPerSession(c);
    expect(expected).toBeCloseTo(meanCount(c.pages, 1) * (1 + meanCount(c.objects, 0)), 12);
    expect(Math.abs(mean - expected)).toBeLessThan(4 * Math.sqrt(variance / n));
  });

  it("sessions are a Poisson process: count ≈ rate × duration, per-window variance ≈ mean", () => {
    const spec = sessionScenario([{ ...browsers, rate: 0.5, thinkTime: 0, objectGap: 0 }]).clients
      .sessions!;
    const H = 120_000;
    const { times, sessions } = requestsOf(spec, H);
    const expected = 0.5 * H;
    expect(Math.abs(sessions - expected)).toBeLessThan(4 * Math.sqrt(expected));
    const window = 60;
    const counts = new Float64Array(H / window);
    let last = Number.NaN;
    for (const t of times) {
      if (t !== last) counts[Math.floor(t / window)]!++;
      last = t;
    }
    const m = counts.reduce((a, b) => a + b, 0) / counts.length;
    const v = counts.reduce((a, b) => a + (b - m) ** 2, 0) / (counts.length - 1);
    // The dispersion of Poisson counts has standard error about sqrt(2 / (n - 1)).
    expect(Math.abs(v / m - 1)).toBeLessThan(4 * Math.sqrt(2 / (counts.length - 1)));
  });
});

describe("session workload: random streams", () => {
  const other: ClassInput = {
    name: "office",
    clients: 50,
    rate: 0.2,
    pages: { dist: "geometric", mean: 3 },
    thinkTime: { dist: "exponential", mean: 20 },
    objects: 2,
    objectGap: 0.2,
  };
  const requestsOfClass = (classes: ClassInput[], name: string) => {
    const spec = sessionScenario(classes).clients.sessions!;
    const k = spec.classes.findIndex((c) => c.name === name);
    let from = 0;
    for (let i = 0; i < k; i++) from += spec.classes[i]!.clients;
    const to = from + spec.classes[k]!.clients;
    const r = requestsOf(spec, 3600);
    const out: string[] = [];
    r.times.forEach((t, i) => {
      const c = r.clients[i]!;
      if (c >= from && c < to) out.push(`${t}:${c - from}`);
    });
    return out;
  };

  it("adding a class or changing another class's parameters moves none of a class's requests", () => {
    const alone = requestsOfClass([other], "office");
    expect(alone.length).toBeGreaterThan(500);
    expect(requestsOfClass([browsers, other], "office")).toEqual(alone);
    expect(
      requestsOfClass([{ ...browsers, pages: 7, thinkTime: 3, rate: 2 }, other], "office"),
    ).toEqual(alone);
    // The neighbour: a change to the class itself does move them.
    expect(requestsOfClass([{ ...other, thinkTime: 21 }], "office")).not.toEqual(alone);
  });
});

describe("session workload: bursts and lookups", () => {
  it("objectGap ≪ lookupGap ≪ thinkTime: every page is one lookup (and lookupGap > thinkTime: one per session)", () => {
    const page: ClassInput = {
      name: "pages",
      clients: 200_000,
      rate: 0.05,
      pages: 5,
      thinkTime: 1000,
      objects: 3,
      objectGap: 0.1,
    };
    const s = sessionScenario([page], { duration: 7200, start: "cold" }, 30);
    // Pages made: requests more than 500 s after the client's previous one, or its first.
    const r = requestsOf(s.clients.sessions!, s.duration);
    const lastOf = new Map<number, number>();
    let pages = 0;
    r.times.forEach((t, i) => {
      const c = r.clients[i]!;
      const prev = lastOf.get(c);
      if (prev === undefined || t - prev > 500) pages++;
      lastOf.set(c, t);
    });
    const results = runScenario(s);
    expect(results.totals.requests).toBe(r.times.length);
    expect(results.dns.resolverLookups).toBe(pages);
    expect(results.totals.visits).toBe(pages);
    const whole = runScenario(sessionScenario([page], { duration: 7200, start: "cold" }, 2000));
    expect(whole.totals.visits).toBe(r.sessions);
  });

  it("per-client counts per 60 s window are over-dispersed (index ≫ 1); pages = 1, objects = 0 gives ≈ 1", () => {
    const H = 120_000;
    const window = 60;
    const clients = 20;
    /** Pooled index of dispersion of each client's per-window request counts. */
    const dispersion = (c: Partial<ClassInput>) => {
      const spec = sessionScenario([{ ...browsers, clients, skew: 0, rate: 0.2, ...c }]).clients
        .sessions!;
      const r = requestsOf(spec, H);
      const bins = H / window;
      const counts = new Float64Array(clients * bins);
      r.times.forEach((t, i) => {
        counts[r.clients[i]! * bins + Math.floor(t / window)]!++;
      });
      let variance = 0;
      let mean = 0;
      for (let k = 0; k < clients; k++) {
        const row = counts.subarray(k * bins, (k + 1) * bins);
        const m = row.reduce((a, b) => a + b, 0) / bins;
        variance += row.reduce((a, b) => a + (b - m) ** 2, 0) / (bins - 1);
        mean += m;
      }
      return variance / mean;
    };
    const poisson = dispersion({ pages: 1, objects: 0 });
    // Pooled over 20 clients × 2000 windows: standard error about sqrt(2 / 40000).
    expect(Math.abs(poisson - 1)).toBeLessThan(4 * Math.sqrt(2 / (clients * (H / window - 1))));
    expect(dispersion({})).toBeGreaterThan(3);
  });

  it("pages = 1, objects = 0 is a Poisson visit stream: resolver hit ratio λL/(1+λL)", () => {
    const clients = 200;
    const rate = 2; // sessions/s for the class: λ = 0.01/s per client
    const ttl = 60;
    const s = sessionScenario(
      [{ name: "visits", clients, rate, pages: 1, thinkTime: 0, objects: 0 }],
      { duration: 7200, dns: { ttl, order: "cyclic" }, start: "steady" },
      1e-6,
    );
    const results = runScenario(s);
    const lambdaL = (rate / clients) * ttl;
    const p = lambdaL / (1 + lambdaL);
    const n = results.dns.resolverLookups;
    expect(n).toBeGreaterThan(10_000);
    expect(Math.abs(results.dns.resolverHitRatio - p)).toBeLessThan(
      4 * Math.sqrt((p * (1 - p)) / n),
    );
  });
});

describe("session workload: conservation", () => {
  it("every request made ends exactly once: made = served + failed (random classes, outages)", () => {
    const count = fc.oneof(
      fc.integer({ min: 1, max: 4 }),
      fc.record({
        dist: fc.constant("geometric" as const),
        mean: fc.double({ min: 1, max: 4, noNaN: true }),
      }),
      fc.record({
        dist: fc.constant("lognormal" as const),
        median: fc.double({ min: 1, max: 4, noNaN: true }),
        sigma: fc.double({ min: 0, max: 1.5, noNaN: true }),
      }),
    );
    const duration = fc.oneof(
      fc.double({ min: 0, max: 50, noNaN: true }),
      fc.record({
        dist: fc.constant("exponential" as const),
        mean: fc.double({ min: 0.1, max: 50, noNaN: true }),
      }),
      fc.record({
        dist: fc.constant("pareto" as const),
        alpha: fc.double({ min: 0.5, max: 3, noNaN: true }),
        min: fc.double({ min: 0.1, max: 10, noNaN: true }),
        max: fc.constant(500),
      }),
    );
    const cls = fc.record({
      clients: fc.integer({ min: 1, max: 30 }),
      skew: fc.double({ min: 0, max: 2, noNaN: true }),
      rate: fc.double({ min: 0.01, max: 1, noNaN: true }),
      pages: count,
      thinkTime: duration,
      objects: count,
      objectGap: duration,
      resolver: fc.constantFrom("own" as const, "shared" as const),
    });
    fc.assert(
      fc.property(
        fc.array(cls, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom("steady" as const, "cold" as const),
        fc.constantFrom(0, 50),
        (classes, seed, start, warmup) => {
          const s = sessionScenario(
            classes.map((c, i) => ({ ...c, name: `c${i}` })),
            {
              duration: 300,
              seed,
              start,
              warmup,
              failures: [{ server: "10.0.0.2", at: 100, duration: 100, mode: "blackhole" }],
            },
            20,
          );
          const preRoll = start === "steady" ? preRollSeconds(s, s.clients.sessions!) : 0;
          const made = requestsOf(s.clients.sessions!, s.duration, seed, preRoll);
          // Requests before the warm-up's end (the pre-roll's included) are warm-up,
          // those of bursts under way then too; every later one is measured.
          const measured = made.times.filter((t) => t >= warmup).length;
          const r = runScenario(s);
          expect(r.totals.requests).toBe(measured);
          expect(r.totals.served + r.totals.failed).toBe(r.totals.requests);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("session workload: swaps change the answer", () => {
  it("pareto vs lognormal think times, skew 0 vs 1", () => {
    const spec = (c: Partial<ClassInput>) =>
      sessionScenario([{ ...browsers, ...c }]).clients.sessions!;
    const a = requestsOf(spec({ thinkTime: { dist: "lognormal", median: 30, sigma: 1.5 } }), 3600);
    const b = requestsOf(spec({ thinkTime: { dist: "pareto", alpha: 1.4, min: 15 } }), 3600);
    expect(b.times).not.toEqual(a.times);
    const top = (r: { clients: number[] }) =>
      r.clients.filter((c) => c === 0).length / r.clients.length;
    const flat = requestsOf(spec({ skew: 0, objects: 0, rate: 5 }), 3600);
    const zipf = requestsOf(spec({ skew: 1, objects: 0, rate: 5 }), 3600);
    // Client 0's share of sessions: 1/500 with skew 0, 1/H(500) ≈ 0.147 with skew 1.
    expect(top(flat)).toBeLessThan(0.01);
    expect(top(zipf)).toBeGreaterThan(0.1);
  });
});

describe("session workload: start: steady pre-rolls the workload", () => {
  const cls: ClassInput = {
    ...browsers,
    clients: 2000,
    rate: 0.3,
    thinkTime: { dist: "lognormal", median: 30, sigma: 1.5, max: 900 },
  };
  /** Per seed: mean served per 60 s bin over the first 5 minutes minus over minutes 10 to 60. */
  const dips = (start: "steady" | "cold") =>
    Array.from({ length: 12 }, (_, i) => {
      const r = runScenario(
        sessionScenario([cls], { duration: 3600, window: 60, start, seed: 100 + i }),
      );
      const perBin = r.timeseries.servedByServer[0]!.map((_, b) =>
        r.timeseries.servedByServer.reduce((a, row) => a + row[b]!, 0),
      );
      const mean = (from: number, to: number) =>
        perBin.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
      return mean(0, 5) - mean(10, 60);
    });
  const tStat = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
    return m / Math.sqrt(v / xs.length);
  };

  it("the load right after t = 0 is the load later on (cold: it dips while sessions build up)", () => {
    expect(Math.abs(tStat(dips("steady")))).toBeLessThan(4);
    expect(tStat(dips("cold"))).toBeLessThan(-4);
  });

  it("the sessions arriving from t = 0 on are the same whatever the pre-roll's length", () => {
    const spec = sessionScenario([cls]).clients.sessions!;
    const key = (r: { times: number[]; clients: number[] }) =>
      r.times.flatMap((t, i) => (t >= 0 ? [`${t}:${r.clients[i]}`] : []));
    const alone = key(requestsOf(spec, 1800, 5));
    for (const preRoll of [600, 4000]) {
      const rolled = new Set(key(requestsOf(spec, 1800, 5, preRoll)));
      expect(alone.filter((k) => !rolled.has(k))).toEqual([]);
      // The sessions under way at 0 add requests of their own.
      expect(rolled.size).toBeGreaterThan(alone.length);
    }
  });

  it("sizes the pre-roll by the length-biased sessions under way: E[(S - P)+] = 5% of E[S]", () => {
    // Fixed spans S = 9 × 100 s: P = 0.95 S.
    const fixed = sessionScenario([{ ...cls, pages: 10, thinkTime: 100, objects: 0 }]);
    expect(sessionCoverage(fixed.clients.sessions!.classes[0]!)).toBeCloseTo(855, 6);
    // S = one exponential think time (two pages, mean 1000 s): E[(S - P)+] = 1000 e^(-P/1000),
    // so P = 1000 ln 20 = 2996 s, to the sampling error of 20,000 spans (a few percent).
    const exp = sessionScenario([
      { ...cls, pages: 2, thinkTime: { dist: "exponential", mean: 1000 }, objects: 0 },
    ]);
    expect(
      relativeError(sessionCoverage(exp.clients.sessions!.classes[0]!), 1000 * Math.log(20)),
    ).toBeLessThan(0.05);
  });

  it("pre-rolls at least the longest record life plus a lookup gap, at most a day", () => {
    const s = sessionScenario([cls], { dns: { ttl: 3600, order: "cyclic" } });
    expect(preRollSeconds(s, s.clients.sessions!)).toBeGreaterThanOrEqual(3600 + 300);
    const heavy = sessionScenario([{ ...cls, thinkTime: { dist: "pareto", alpha: 0.9, min: 5 } }]);
    expect(preRollSeconds(heavy, heavy.clients.sessions!)).toBe(86400);
  });

  it("a failure costs the same failed attempts at t = 30 as at t = 1800", () => {
    const failedAt = (at: number, start: "steady" | "cold" = "steady") =>
      Array.from({ length: 12 }, (_, i) => {
        const r = runScenario(
          sessionScenario([cls], {
            duration: 2400,
            start,
            seed: 200 + i,
            failures: [{ server: "10.0.0.2", at, duration: 300, mode: "blackhole" }],
          }),
        );
        return r.failures[0]!.failedAttempts;
      });
    const early = failedAt(30);
    const late = failedAt(1800);
    expect(Math.abs(tStat(early.map((e, i) => e - late[i]!)))).toBeLessThan(4);
    // The neighbour: from cold caches and no sessions under way, the early failure costs less.
    const coldEarly = failedAt(30, "cold");
    const coldLate = failedAt(1800, "cold");
    expect(tStat(coldEarly.map((e, i) => e - coldLate[i]!))).toBeLessThan(-4);
  });
});

describe("session workload: limits", () => {
  it("estimates work from sessions × requests per session, and refuses the infeasible on clients.sessions", () => {
    // From cold caches: no pre-roll (its work is tested in pre-roll.test.ts).
    const s = sessionScenario([{ ...browsers, pages: 4, objects: 2 }], {
      duration: 1000,
      start: "cold",
    });
    const work = estimateWork(s);
    expect(work.visits).toBeCloseTo(500, 6);
    expect(work.requests).toBeCloseTo(500 * 4 * 3, 6);
    const huge = sessionScenario([{ ...browsers, rate: 1e6, pages: 1000, objects: 100 }], {
      duration: 86400,
    });
    const problems = limitProblems(huge);
    expect(problems[0]?.path).toEqual(["clients", "sessions"]);
    expect(problems[0]?.message).toMatch(/sessions/);
  });
});

describe("session workload: runs", () => {
  it("is deterministic and steppable: runUntil in pieces gives the same results", () => {
    const s = sessionScenario([browsers], { duration: 1200 });
    const one = runScenario(s);
    const sim = new Simulation(s);
    for (let t = 0; t <= 1200; t += 77) sim.runUntil(t);
    sim.run();
    expect(sim.snapshot()).toEqual(one);
    expect(runScenario(s)).toEqual(one);
  });
});
