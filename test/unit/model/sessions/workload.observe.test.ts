import { describe, expect, it } from "vitest";
import { RandomStreams, Simulator } from "../../../../src/engine/index.js";
import { CountDraw, meanCount, SessionWorkload } from "../../../../src/model/index.js";
import {
  type ScenarioInput,
  type SessionSpec,
  scenarioSchema,
} from "../../../../src/scenario/index.js";
import { baseInput } from "../../../helpers.js";

type SessionsInput = NonNullable<ScenarioInput["clients"]["sessions"]>;

function spec(sessions: SessionsInput): SessionSpec {
  return scenarioSchema.parse(baseInput({ clients: { rate: 0, selection: "failover", sessions } }))
    .clients.sessions!;
}

const classes: SessionsInput["classes"] = [
  {
    name: "browsers",
    clients: 300,
    skew: 0.8,
    rate: 0.2,
    pages: { dist: "lognormal", median: 2, sigma: 1, max: 50 },
    thinkTime: { dist: "lognormal", median: 20, sigma: 1 },
    objects: { dist: "geometric", mean: 3, max: 100 },
    objectGap: { dist: "exponential", mean: 1 },
  },
];

function requestsOf(s: SessionSpec, horizon: number) {
  const times: number[] = [];
  const clients: number[] = [];
  const sim = new Simulator();
  const w = new SessionWorkload(s, 7, sim, horizon, {
    request(t, host) {
      times.push(t);
      clients.push(host);
    },
  });
  w.start(0);
  sim.run(horizon);
  return { times, clients, unobserved: w.requestsUnobserved, sessions: w.sessionsStarted };
}

describe("session workload: observation windows (clients.sessions.observe)", () => {
  const observe = { period: 600, length: 60, offset: 100 };
  const inside = (t: number) => (t - 100 + 600 * 10) % 600 < 60;

  it("makes exactly the unmasked workload's requests that fall inside a window, no other", () => {
    const horizon = 20_000;
    const all = requestsOf(spec({ classes }), horizon);
    const masked = requestsOf(spec({ classes, observe }), horizon);
    // The same sessions (the mask draws nothing): the masked requests are the unmasked ones, filtered.
    expect(masked.sessions).toBe(all.sessions);
    const kept = all.times.map((t, i) => [t, all.clients[i]!] as const).filter(([t]) => inside(t));
    expect(masked.times).toEqual(kept.map(([t]) => t));
    expect(masked.clients).toEqual(kept.map(([, c]) => c));
    expect(masked.unobserved).toBe(all.times.length - kept.length);
    for (const t of masked.times) expect(inside(t)).toBe(true);
    // Requests inside keep the unmasked rate: about length/period of them (a tenth) are made.
    expect(masked.times.length).toBeGreaterThan(0.07 * all.times.length);
    expect(masked.times.length).toBeLessThan(0.13 * all.times.length);
  });

  it("a window as long as the period masks nothing (byte-identical requests)", () => {
    const all = requestsOf(spec({ classes }), 5000);
    const full = requestsOf(spec({ classes, observe: { period: 600, length: 600 } }), 5000);
    expect(full.times).toEqual(all.times);
    expect(full.unobserved).toBe(0);
  });

  it("refuses a window longer than its period or an offset past it", () => {
    const bad = (o: object) =>
      scenarioSchema.safeParse(
        baseInput({
          clients: {
            rate: 0,
            selection: "failover",
            sessions: { classes, observe: o as SessionsInput["observe"] },
          },
        }),
      ).success;
    expect(bad({ period: 60, length: 61 })).toBe(false);
    expect(bad({ period: 60, length: 10, offset: 60 })).toBe(false);
    expect(bad({ period: 60, length: 10, offset: 59 })).toBe(true);
  });
});

describe("count law: empirical", () => {
  const law = { dist: "empirical" as const, values: [0, 5, 9], weights: [6, 3, 1] };

  it("its mean is the weighted mean, and each value comes with its weight's share", () => {
    expect(meanCount(law, 0)).toBeCloseTo((0 * 6 + 5 * 3 + 9 * 1) / 10, 12);
    const draw = new CountDraw(law, 0, new RandomStreams(3).stream("test"));
    const n = 200_000;
    const seen = new Map<number, number>();
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const k = draw.draw();
      sum += k;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([0, 5, 9]);
    // 4 standard errors of a share p over n draws: 4·√(p(1−p)/n) < 0.005.
    expect(seen.get(0)! / n).toBeCloseTo(0.6, 2);
    expect(Math.abs(seen.get(5)! / n - 0.3)).toBeLessThan(0.005);
    expect(Math.abs(seen.get(9)! / n - 0.1)).toBeLessThan(0.005);
    // sd of the law ≈ 3.1, so 4 s.e. of the mean ≈ 0.028.
    expect(Math.abs(sum / n - 2.4)).toBeLessThan(0.03);
  });

  it("is schema-checked: one weight per value, values at least the count's minimum", () => {
    const parse = (pages: unknown) =>
      scenarioSchema.safeParse(
        baseInput({
          clients: {
            rate: 0,
            selection: "failover",
            sessions: {
              classes: [
                { ...classes[0]!, pages: pages as SessionsInput["classes"][number]["pages"] },
              ],
            },
          },
        }),
      ).success;
    expect(parse({ dist: "empirical", values: [1, 6], weights: [3, 1] })).toBe(true);
    expect(parse({ dist: "empirical", values: [1, 6], weights: [3] })).toBe(false);
    expect(parse({ dist: "empirical", values: [0, 6], weights: [3, 1] })).toBe(false);
    expect(parse({ dist: "empirical", values: [1], weights: [0] })).toBe(false);
  });
});
