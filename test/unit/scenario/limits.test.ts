import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/run/index.js";
import {
  estimateMemory,
  estimateWork,
  expectedVisitsOver,
  limitProblems,
  MAX_EVENTS,
  MAX_MEMORY_BYTES,
  MAX_OUTAGES,
  MAX_REQUESTS,
  MAX_SERIES_VALUES,
  type RateProfile,
  rateAt,
  scenarioSchema,
} from "../../../src/scenario/index.js";
import { MIN_PRE_ROLL } from "../../../src/scenario/session-pre-roll.js";
import { scenario } from "../../helpers.js";

const profiles: [string, RateProfile][] = [
  ["constant", 12.5],
  [
    "steps",
    {
      profile: "steps",
      steps: [
        { at: 100, rate: 5 },
        { at: 4000, rate: 20 },
        { at: 9000, rate: 0 },
      ],
    },
  ],
  ["diurnal", { profile: "diurnal", mean: 30, peakToTrough: 4, peakAt: 20000, period: 86400 }],
  ["flash", { profile: "flash", base: 3, peak: 90, at: 2000, rise: 300, decay: 900 }],
  [
    "flash cut in its rise",
    { profile: "flash", base: 3, peak: 90, at: 7000, rise: 600, decay: 900 },
  ],
];

describe("work estimate", () => {
  it.each(profiles)("expected visits of a %s profile are the integral of its rate", (_, rate) => {
    // A numerical integral of rateAt (20,000 midpoints, h = 0.36 s) against the
    // closed form: the midpoint rule is off by up to Δrate·h/2 at each jump of a
    // step profile (2.7 visits of 1.1e5 here), O(h²) on the smooth ones.
    const closed = expectedVisitsOver(rate, 7200);
    expect(closed).toBeGreaterThan(0);
    const h = 7200 / 20000;
    let numeric = 0;
    for (let i = 0; i < 20000; i++) numeric += rateAt(rate, (i + 0.5) * h) * h;
    expect(Math.abs(closed - numeric) / closed).toBeLessThan(1e-5);
  });

  it("matches a simulated visit count within sampling error", () => {
    // A Poisson count: sd = sqrt(mean); four standard errors.
    const s = scenario({
      duration: 7200,
      clients: { rate: profiles[3]![1], requestsPerVisit: 3 },
    });
    const work = estimateWork(s);
    const results = runScenario(s);
    expect(Math.abs(results.totals.visits - work.visits)).toBeLessThan(4 * Math.sqrt(work.visits));
    expect(work.requests).toBe(3 * work.visits);
  });

  it("counts thinning candidates and outage events", () => {
    const diurnal = scenario({
      duration: 86400,
      clients: { rate: { profile: "diurnal", mean: 10, peakToTrough: 3 } },
    });
    // Envelope 15/s over a day, where the visits average 10/s.
    expect(estimateWork(diurnal).events).toBeCloseTo(15 * 86400, 3);
    const failing = scenario({
      failures: [{ server: "10.0.0.1", at: 10, duration: 20 }],
      clients: { rate: 1 },
    });
    expect(estimateWork(failing).events).toBeCloseTo(600 + 2, 6);
  });

  it("every bundled-size run and a 1e8-visit run are accepted", () => {
    const big = scenario({ duration: 86400, window: 300, clients: { rate: 1e8 / 86400 } });
    expect(estimateWork(big).visits).toBeCloseTo(1e8, 0);
    expect(limitProblems(big)).toEqual([]);
  });
});

describe("limits refuse what cannot finish, naming the estimate and the limit", () => {
  const rateFor = (events: number) => events / 600;

  it("events: just below the limit passes, just above is refused at clients.rate", () => {
    expect(limitProblems(scenario({ clients: { rate: rateFor(MAX_EVENTS * 0.99) } }))).toEqual([]);
    const [p] = limitProblems(scenario({ clients: { rate: rateFor(MAX_EVENTS * 1.01) } }));
    expect(p!.path).toEqual(["clients", "rate"]);
    expect(p!.message).toContain("about 2e9 simulator events");
    expect(p!.message).toContain("at most 2e9");
    const [huge] = limitProblems(scenario({ clients: { rate: 1e12 } }));
    expect(huge!.message).toContain("6e14");
  });

  it("requests: visits × requestsPerVisit, refused at requestsPerVisit", () => {
    const visits = MAX_REQUESTS / 10_000;
    const ok = scenario({ clients: { rate: (visits * 0.99) / 600, requestsPerVisit: 10_000 } });
    expect(limitProblems(ok)).toEqual([]);
    const bad = scenario({ clients: { rate: (visits * 1.01) / 600, requestsPerVisit: 10_000 } });
    expect(limitProblems(bad).map((p) => p.path)).toEqual([["clients", "requestsPerVisit"]]);
  });

  it("memory: client caches of 5e6 clients over 256 servers are refused, 1e6 over 64 pass", () => {
    const servers = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ address: `10.0.${i >> 8}.${i & 255}` }));
    const bad = scenario({
      servers: servers(256),
      clients: { rate: 1, cache: { population: 5_000_000 } },
    });
    expect(estimateMemory(bad).total).toBeGreaterThan(MAX_MEMORY_BYTES);
    const [p] = limitProblems(bad);
    expect(p!.path).toEqual(["clients", "cache", "population"]);
    expect(p!.message).toMatch(/needs about 4\.8 GiB .*at most 2\.0 GiB/);
    const ok = scenario({
      servers: servers(64),
      clients: { rate: 1, cache: { population: 1_000_000 } },
    });
    expect(limitProblems(ok)).toEqual([]);
  });

  it("outages: the expected number of random outages is capped at what the report shows", () => {
    // duration / (mtbf + mttr) outages per server, three servers.
    const cycle = (3 * 600) / MAX_OUTAGES;
    const ok = scenario({
      failures: [{ server: "all", mtbf: cycle * 0.505, mttr: cycle * 0.505 }],
    });
    expect(limitProblems(ok)).toEqual([]);
    const bad = scenario({
      failures: [{ server: "all", mtbf: cycle * 0.495, mttr: cycle * 0.495 }],
    });
    expect(limitProblems(bad).map((p) => p.path)).toEqual([["failures", 0, "mtbf"]]);
    // Several specs, each below the cap, that add up above it.
    const spec = { server: "all" as const, mtbf: cycle * 0.6, mttr: cycle * 0.6 };
    const many = limitProblems(scenario({ failures: [spec, { ...spec, mode: "refused" }] }));
    expect(many[0]!.message).toMatch(/server outages .*at most 10000/);
  });

  it("time series: bins × servers are capped", () => {
    const servers = Array.from({ length: 256 }, (_, i) => ({ address: `10.1.0.${i}` }));
    const bins = Math.ceil(MAX_SERIES_VALUES / (4 * 256 + 13));
    const ok = scenario({ servers, duration: (bins - 1) * 60, clients: { rate: 0.001 } });
    expect(limitProblems(ok)).toEqual([]);
    const bad = scenario({ servers, duration: (bins + 1) * 60, clients: { rate: 0.001 } });
    expect(limitProblems(bad).map((p) => p.path)).toEqual([["window"]]);
  });

  it("the weights list is capped at the resolver limit", () => {
    const base = { ...scenario(), resolvers: { weights: new Array(1_000_001).fill(1) } };
    const parsed = scenarioSchema.safeParse(base);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(["resolvers", "weights"]);
  });
});

describe("a quiet pre-roll's work (clients.sessions.preRoll: quiet)", () => {
  /** Fixed sessions (2 pages of 1 + 2 objects: 6 requests each) over 60 s from cold caches. */
  function quietSessions(
    rate: number,
    preRoll?: "quiet" | "none",
    start: "cold" | "steady" = "cold",
  ) {
    return scenarioSchema.parse({
      name: "quiet",
      duration: 60,
      window: 60,
      start,
      servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }],
      dns: { ttl: 60 },
      clients: {
        rate: 0,
        sessions: {
          ...(preRoll ? { preRoll } : {}),
          classes: [
            { name: "a", clients: 1000, rate, pages: 2, thinkTime: 10, objects: 2, objectGap: 0.5 },
          ],
        },
      },
    });
  }
  const PER_SESSION = 6;

  it("counts the sessions it simulates before t = 0: an event per arrival and per drawn request, no request made", () => {
    const quiet = estimateWork(quietSessions(2, "quiet"));
    // At its shortest (MIN_PRE_ROLL: the model's quiet pre-roll is never shorter).
    expect(quiet.preRoll).toMatchObject({ seconds: MIN_PRE_ROLL, quiet: true, requests: 0 });
    expect(quiet.preRoll!.sessions).toBeCloseTo(2 * MIN_PRE_ROLL, 9);
    expect(quiet.preRoll!.events).toBeCloseTo(2 * MIN_PRE_ROLL * (1 + PER_SESSION), 9);
    const none = estimateWork(quietSessions(2, "none"));
    expect(none.preRoll).toBeUndefined();
    expect(quiet.events - none.events).toBeCloseTo(2 * MIN_PRE_ROLL * (1 + PER_SESSION), 6);
    expect(quiet.visits - none.visits).toBeCloseTo(2 * MIN_PRE_ROLL, 6);
    expect(quiet.requests).toBe(none.requests);
    // start: steady with preRoll: none pre-rolls nothing either.
    expect(estimateWork(quietSessions(2, "none", "steady")).preRoll).toBeUndefined();
  });

  it("a run that only its quiet pre-roll puts over the events limit is refused, saying so", () => {
    // (1 + 6) events per session over the 60 s run and the 60 s pre-roll.
    const limitRate = MAX_EVENTS / ((1 + PER_SESSION) * (60 + MIN_PRE_ROLL));
    const problems = limitProblems(quietSessions(limitRate * 1.01, "quiet"));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toEqual(["clients", "sessions"]);
    const m = problems[0]!.message;
    expect(m).toContain(`in the ${MIN_PRE_ROLL} s before t = 0 that the quiet pre-roll`);
    expect(m).toContain(
      "the run alone would fit: drop the pre-roll (clients.sessions.preRoll: none)",
    );
    expect(limitProblems(quietSessions(limitRate * 1.01, "none"))).toEqual([]);
    expect(limitProblems(quietSessions(limitRate * 0.99, "quiet"))).toEqual([]);
  });
});
