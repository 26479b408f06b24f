import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/engine/index.js";
import { rateProfile } from "../../../src/fit/rate.js";
import { visitRateSteps } from "../../../src/fit/revisit.js";
import { quietPreRollSeconds, SessionWorkload, worldPreRoll } from "../../../src/model/index.js";
import { resolve, type SessionSpec, scenarioSchema } from "../../../src/scenario/index.js";
import { baseInput } from "../../helpers.js";

/*
 * The fitted run starts in the log's steady state (issue 25, the first
 * window): `clients.sessions.preRoll: quiet` runs the workload before t = 0
 * without making a request, so the sessions under way at t = 0 are there
 * and every cache is as cold as the replayed log's.
 */

/** Sessions at `rate`/s of 3 pages 20 s apart, no objects: a fixed 40 s span (under the 60 s shortest pre-roll). */
function fixedSpec(rate: number, preRoll: "quiet" | "warm" | "none"): SessionSpec {
  const s = scenarioSchema.parse(
    baseInput({
      duration: 600,
      start: "cold",
      clients: {
        rate: 0,
        selection: "failover",
        sessions: {
          preRoll,
          classes: [{ name: "fixed", clients: 500, rate, pages: 3, thinkTime: 20 }],
        },
      },
    }),
  );
  return s.clients.sessions!;
}

/** Requests in [0, w) of one run, and how many were made before 0. */
function firstWindow(spec: SessionSpec, seed: number, w: number, pre: number, quiet: boolean) {
  let inside = 0;
  let before = 0;
  const sim = new Simulator();
  const workload = new SessionWorkload(spec, seed, sim, w, {
    request: (t) => {
      if (t < 0) before++;
      else inside++;
    },
  });
  workload.start(pre, quiet);
  sim.run(w);
  return { inside, before, quiet: workload.requestsQuiet };
}

describe("a quiet pre-roll: the first window at the steady-state rate", () => {
  const rate = 2;
  const w = 60;
  const seeds = Array.from({ length: 300 }, (_, i) => i + 1);
  // Steady state: λ sessions/s × 3 requests each, spread over time: 3λ requests/s.
  const steady = rate * 3 * w;

  function sample(pre: number, quiet: boolean) {
    const spec = fixedSpec(rate, quiet ? "quiet" : "none");
    const counts = seeds.map((seed) => firstWindow(spec, seed, w, pre, quiet));
    const xs = counts.map((c) => c.inside);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    return { mean, se: sd / Math.sqrt(xs.length), counts };
  }

  it("makes 3λ requests/s from t = 0 (closed form), none before 0; from a cold start, 2/3 of that", () => {
    const spec = fixedSpec(rate, "quiet");
    const pre = quietPreRollSeconds(spec);
    expect(pre).toBe(60); // the sessions' 40 s span: the shortest pre-roll covers it whole
    const quiet = sample(pre, true);
    expect(Math.abs(quiet.mean - steady)).toBeLessThan(4 * quiet.se);
    expect(quiet.counts.every((c) => c.before === 0 && c.quiet > 0)).toBe(true);
    // The nearest neighbour, no pre-roll: sessions arriving in [0, 60) make
    // λ(60 + 40 + 20) requests there, 2/3 of the steady state's.
    const cold = sample(0, false);
    expect(Math.abs(cold.mean - (steady * 2) / 3)).toBeLessThan(4 * cold.se);
    expect(quiet.mean - cold.mean).toBeGreaterThan(10 * Math.hypot(quiet.se, cold.se));
  });

  it("with return visits, long enough that the visits begun before it bring 5% of the steady returns: ln(20)·c / (1 − q)", () => {
    const spec = fixedSpec(rate, "quiet");
    const withVisits: SessionSpec = {
      ...spec,
      classes: [
        {
          ...spec.classes[0]!,
          revisit: { probability: 0.9, gap: { dist: "exponential", mean: 960 } },
        },
      ],
    };
    // The cycle: the 40 s span plus the 960 s gap.
    expect(quietPreRollSeconds(withVisits)).toBe(Math.ceil((Math.log(20) * 1000) / 0.1));
    // Capped at a day.
    const long = structuredClone(withVisits);
    long.classes[0]!.revisit!.probability = 0.99;
    expect(quietPreRollSeconds(long)).toBe(86400);
  });

  it("a warm pre-roll draws the same requests but makes them before 0 (warm-up)", () => {
    const spec = fixedSpec(rate, "warm");
    const warm = firstWindow(spec, 7, w, 60, false);
    const quiet = firstWindow(fixedSpec(rate, "quiet"), 7, w, 60, true);
    expect(warm.before).toBeGreaterThan(0);
    expect(warm.before).toBe(quiet.quiet);
    expect(warm.inside).toBe(quiet.inside);
  });

  it("the world picks the pre-roll by clients.sessions.preRoll, else by start", () => {
    const scenario = (start: "steady" | "cold", preRoll?: "quiet" | "warm" | "none") =>
      scenarioSchema.parse(
        baseInput({
          duration: 600,
          start,
          clients: {
            rate: 0,
            selection: "failover",
            sessions: {
              ...(preRoll ? { preRoll } : {}),
              classes: [{ name: "fixed", clients: 500, rate, pages: 3, thinkTime: 20 }],
            },
          },
        }),
      );
    const of = (s: ReturnType<typeof scenario>) => {
      const r = resolve(s);
      return worldPreRoll(r, r.clients.sessions!);
    };
    expect(of(scenario("cold"))).toEqual({ seconds: 0, quiet: false });
    expect(of(scenario("cold", "quiet"))).toEqual({ seconds: 60, quiet: true });
    expect(of(scenario("steady", "none"))).toEqual({ seconds: 0, quiet: false });
    // warm: the caches' part too (the longest record plus a lookup gap).
    expect(of(scenario("steady")).quiet).toBe(false);
    expect(of(scenario("steady")).seconds).toBeGreaterThan(60);
    expect(of(scenario("cold", "warm"))).toEqual(of(scenario("steady")));
  });
});

describe("the fit's rates for a run that starts in steady state", () => {
  it("a whole log's first bin counts the sessions under way at its start: N / (B + E[S])", () => {
    const origin = 1000;
    const bins = [
      { start: origin, end: origin + 3600 },
      { start: origin + 3600, end: origin + 7200 },
    ];
    const starts = [
      ...Array.from({ length: 351 }, (_, i) => origin + i * 9),
      ...Array.from({ length: 360 }, (_, i) => origin + 3600 + i * 10),
    ];
    const withSpan = rateProfile(starts, bins, origin, 300) as { steps: { rate: number }[] };
    expect(withSpan.steps[0]!.rate).toBeCloseTo(351 / 3900, 6);
    expect(withSpan.steps[1]!.rate).toBeCloseTo(0.1, 6);
    const without = rateProfile(starts, bins, origin) as { steps: { rate: number }[] };
    expect(without.steps[0]!.rate).toBeCloseTo(351 / 3600, 6);
  });

  it("return visits: a constant session rate s gives the visit rate s·(1 − q) from t = 0 with a long pre-roll", () => {
    const s = 0.05;
    const q = 0.9;
    const cycle = 2000;
    const steps = Array.from({ length: 24 }, (_, i) => ({ at: i * 3600, rate: s }));
    steps.push({ at: 24 * 3600, rate: 0 });
    // k = (1 − q) / cycle = 5e-5: a pre-roll of 1e6 s leaves e^{−50} of the returns out.
    const steady = visitRateSteps(steps, q, cycle, 1e6);
    for (const step of steady.slice(0, 24)) expect(step.rate).toBeCloseTo(s * (1 - q), 5);
    // From a cold start the first hours need more visits (no returns yet): the nearest neighbour.
    const cold = visitRateSteps(steps, q, cycle, 0);
    expect(cold[0]!.rate).toBeGreaterThan(3 * s * (1 - q));
  });

  it("a pre-roll of finite length P: the first step's visits run from −P (returns level·(1 − e^{−k(t+P)}))", () => {
    const q = 0.8;
    const cycle = 1000;
    const k = (1 - q) / cycle;
    const level = q / (1 - q);
    const P = 3000;
    const d = 600;
    const v = 0.01;
    // The expected sessions of a single step at visit rate v over [0, d) with visits from −P: closed form.
    const expected = v * (d + level * (d - (Math.exp(-k * P) * -Math.expm1(-k * d)) / k));
    const steps = [
      { at: 0, rate: expected / d },
      { at: d, rate: 0 },
    ];
    const solved = visitRateSteps(steps, q, cycle, P);
    expect(solved[0]!.rate).toBeCloseTo(v, 6);
  });
});
