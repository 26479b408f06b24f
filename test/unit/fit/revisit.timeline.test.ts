import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/engine/index.js";
import {
  SessionStarts,
  simulateSessions,
  simulateTimeline,
  timelineStarts,
} from "../../../src/fit/revisit.js";
import { quietPreRollSeconds, SessionWorkload } from "../../../src/model/index.js";
import type { SessionSpec } from "../../../src/scenario/index.js";

const HORIZON = 24 * 3600;

/** A sampled log's fitted workload in small: regulars with return visits and one-shot visitors, a quiet pre-roll, hourly windows. */
function spec(regulars: number, skew: number, visitors: number): SessionSpec {
  const laws = {
    rate: 0.05,
    pages: { dist: "geometric", mean: 3, max: 100 },
    thinkTime: { dist: "pareto", alpha: 0.8, min: 5, max: 1800 },
    objects: { dist: "geometric", mean: 2, max: 50 },
    objectGap: { dist: "lognormal", median: 1.5, sigma: 1, max: 600 },
    resolver: "own",
  } as const;
  return {
    lookupGap: 300,
    observe: { period: 3600, length: 60, offset: 30 },
    preRoll: "quiet",
    classes: [
      {
        name: "clients",
        clients: regulars,
        skew,
        ...laws,
        revisit: { probability: 0.8, gap: { dist: "exponential", mean: 900 } },
      },
      { name: "visitors", clients: visitors, skew: 0, ...laws },
    ],
  } as SessionSpec;
}

/** The sessions the log's rule rebuilds from the plain workload's requests (no timeline). */
function direct(s: SessionSpec, seed: number): SessionStarts {
  const starts = new SessionStarts(
    s.classes.reduce((n, c) => n + c.clients, 0),
    1800,
  );
  const sim = new Simulator();
  const w = new SessionWorkload(s, seed, sim, HORIZON, {
    request: (t, host) => starts.request(t, host),
  });
  w.start(quietPreRollSeconds(s), true);
  sim.run(HORIZON);
  return starts;
}

const columns = (s: SessionStarts) => ({
  hosts: Array.from(s.hosts.subarray(0, s.count)),
  times: Array.from(s.times.subarray(0, s.count)),
  requestsOfHost: Array.from(s.requestsOfHost),
  requests: s.requests,
});

describe("session timelines: one simulation for every client population of the same laws", () => {
  it("rebuilds exactly the sessions of simulating each population afresh", () => {
    const timeline = simulateTimeline(spec(300, 0.9, 5000), HORIZON, 4);
    expect(timeline.count).toBeGreaterThan(200);
    for (const [regulars, skew, visitors] of [
      [300, 0.9, 5000],
      [40, 0.2, 17],
      [2000, 1.4, 90_000],
    ] as const) {
      const s = spec(regulars, skew, visitors);
      const want = columns(direct(s, 4));
      expect(columns(timelineStarts(timeline, s, 1800))).toEqual(want);
      expect(columns(simulateSessions(s, HORIZON, 4, 1800))).toEqual(want);
    }
  });
});
