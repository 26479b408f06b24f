import { describe, expect, it } from "vitest";
import { Simulator } from "../../../../src/engine/index.js";
import { preRollSeconds, SessionWorkload, sessionCoverage } from "../../../../src/model/index.js";
import {
  cachePreRoll,
  checkScenario,
  estimateWork,
  limitProblems,
  MAX_EVENTS,
  MAX_PRE_ROLL,
  preRollLength,
  type Scenario,
  type ScenarioInput,
  scenarioSchema,
} from "../../../../src/scenario/index.js";
import { baseInput } from "../../../helpers.js";

/*
 * `start: steady` pre-rolls a session workload before t = 0; the limits
 * estimate counts that work too, with the model's own length formula
 * (preRollLength) at its caches' part: the longest record a resolver keeps
 * plus a lookup gap.
 */

/** One class of fixed sessions (requests per session exact in the estimate): `pages` pages 10 s apart, 2 objects each. */
function fixedSessions(rate: number, overrides: Partial<ScenarioInput> = {}, pages = 2): Scenario {
  return scenarioSchema.parse(
    baseInput({
      duration: 60,
      window: 60,
      dns: { ttl: 3600, order: "cyclic" },
      clients: {
        rate: 0,
        selection: "failover",
        sessions: {
          lookupGap: 300,
          classes: [
            {
              name: "fixed",
              clients: 1000,
              rate,
              pages,
              thinkTime: 10,
              objects: 2,
              objectGap: 0.5,
            },
          ],
        },
      },
      ...overrides,
    }),
  );
}

/** Requests per session of `fixedSessions`: pages × (1 + objects). */
const PER_SESSION = 2 * 3;

describe("pre-roll length: one formula for the model and the estimate", () => {
  it("is the caches' part (longest record + lookup gap) when the sessions need less, else theirs; 60 s to a day", () => {
    const s = fixedSessions(1);
    const spec = s.clients.sessions!;
    // Fixed 2-page sessions span 10 + 2·2·0.5 = 12 s: far below 3600 + 300.
    expect(sessionCoverage(spec.classes[0]!)).toBeLessThan(20);
    expect(cachePreRoll(s, spec)).toBe(3900);
    expect(preRollSeconds(s, spec)).toBe(3900);
    expect(preRollLength(s, spec, 0)).toBe(3900);
    // resolvers.ttl clamps the record the way the resolvers keep it.
    const clamped = fixedSessions(1, { resolvers: { count: 100, ttl: { max: 600 } } });
    expect(preRollLength(clamped, clamped.clients.sessions!, 0)).toBe(900);
    expect(preRollLength(s, spec, 5000.2)).toBe(5001);
    expect(preRollLength(s, spec, Number.POSITIVE_INFINITY)).toBe(MAX_PRE_ROLL);
    const short = fixedSessions(1, { dns: { ttl: 1, order: "cyclic" } });
    expect(preRollLength(short, { ...short.clients.sessions!, lookupGap: 1 }, 0)).toBe(60);
  });

  it("the estimate's requests are the workload's own, pre-roll included, within sampling error", () => {
    const rate = 2;
    const s = fixedSessions(rate, { duration: 600 });
    const spec = s.clients.sessions!;
    const work = estimateWork(s);
    const preRoll = preRollSeconds(s, spec);
    expect(work.preRoll?.seconds).toBe(preRoll);
    // Every request the workload makes, those of the pre-roll (t < 0) included.
    const sim = new Simulator();
    let made = 0;
    const w = new SessionWorkload(spec, 3, sim, s.duration, {
      request() {
        made++;
      },
    });
    w.start(preRoll);
    sim.run(Number.POSITIVE_INFINITY);
    // Sessions are Poisson(rate × (P + duration)), 6 requests each: sd = 6 √mean.
    const sessions = rate * (preRoll + s.duration);
    expect(work.requests).toBeCloseTo(PER_SESSION * sessions, 6);
    expect(Math.abs(made - work.requests)).toBeLessThan(4 * PER_SESSION * Math.sqrt(sessions));
    // The neighbour, the run alone, is off by 2 × 3900 × 6 = 46,800 (sd 0.9k).
    expect(Math.abs(made - PER_SESSION * rate * s.duration)).toBeGreaterThan(
      8 * PER_SESSION * Math.sqrt(sessions),
    );
    // The pre-roll runs at the rate at t = 0 (the workload's rateAtZero), not the run's mean.
    const steps = fixedSessions(0, { duration: 600 });
    steps.clients.sessions!.classes[0]!.rate = {
      profile: "steps",
      steps: [
        { at: 0, rate: 10 },
        { at: 30, rate: 1 },
      ],
    };
    expect(estimateWork(steps).preRoll?.sessions).toBeCloseTo(10 * 3900, 6);
    // start: cold pre-rolls nothing.
    const cold = estimateWork({ ...s, start: "cold" });
    expect(cold.preRoll).toBeUndefined();
    expect(cold.requests).toBeCloseTo(PER_SESSION * rate * s.duration, 6);
  });
});

describe("the estimate with return visits", () => {
  it("counts 1 / (1 − q) sessions per arrival, as the workload makes them, within sampling error", () => {
    const rate = 1;
    const q = 0.75;
    const s = fixedSessions(rate, { duration: 3000, start: "cold" });
    const spec = s.clients.sessions!;
    spec.classes[0]!.revisit = { probability: q, gap: 5 };
    const work = estimateWork(s);
    const sim = new Simulator();
    let made = 0;
    const w = new SessionWorkload(spec, 5, sim, s.duration, {
      request() {
        made++;
      },
    });
    w.start(0);
    sim.run(Number.POSITIVE_INFINITY);
    // Visits are Poisson(rate × duration), sessions per visit geometric with mean
    // 1/(1 − q) = 4 and variance q/(1 − q)² = 12, so sessions per visit have
    // E[K²] = 12 + 16 = 28 and the total's sd is PER_SESSION √(visits · 28). The
    // horizon cuts the last visits' sessions: at most a few visits' worth.
    const visits = rate * s.duration;
    expect(work.requests).toBeCloseTo((PER_SESSION * visits) / (1 - q), 6);
    const sd = PER_SESSION * Math.sqrt(visits * 28);
    expect(Math.abs(made - work.requests)).toBeLessThan(4 * sd);
    // The neighbour, one session per arrival, is off by 3/4 of the total (18,000 of 72,000).
    expect(Math.abs(made - PER_SESSION * visits)).toBeGreaterThan(20 * sd);
    // The pre-roll: 1/(1 − q) sessions per arrival too, but one arrival event per
    // visit (a return visit reuses its session's slot), not one per session.
    const steady = { ...s, start: "steady" as const };
    const pre = estimateWork(steady).preRoll!;
    const arrivalsBefore = rate * pre.seconds;
    expect(pre.sessions).toBeCloseTo(arrivalsBefore / (1 - q), 6);
    expect(pre.events).toBeCloseTo(arrivalsBefore + (arrivalsBefore / (1 - q)) * PER_SESSION, 6);
  });
});

describe("limits: a run refused only because of its pre-roll", () => {
  // Events: (1 + 6) per session over 60 s + 3900 s pre-roll.
  const eventsPerRate = (1 + PER_SESSION) * (60 + 3900);
  const limitRate = MAX_EVENTS / eventsPerRate;

  it("just over the events limit: refused, saying the pre-roll is why and how to shorten it", () => {
    const s = fixedSessions(limitRate * 1.001);
    const problems = limitProblems(s);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toEqual(["clients", "sessions"]);
    const m = problems[0]!.message;
    expect(m).toMatch(/^about 2e9 simulator events \(/);
    expect(m).toContain("in 60 s and");
    expect(m).toContain("in the 3900 s before t = 0 that start: steady pre-rolls");
    expect(m).toContain("the run alone would fit: shorten the pre-roll (start: cold");
    // The same run from cold caches is far under the limit.
    expect(limitProblems({ ...s, start: "cold" })).toEqual([]);
  });

  it("just under the limit: accepted", () => {
    expect(limitProblems(fixedSessions(limitRate * 0.999))).toEqual([]);
  });

  it("over the limit with or without the pre-roll: the usual advice, with the pre-roll's share", () => {
    // 1000× the limit: even the 60 s alone are over.
    const m = limitProblems(fixedSessions(limitRate * 1000))[0]!.message;
    expect(m).toContain("that start: steady pre-rolls");
    expect(m).toMatch(/reasonable time: lower the rate or the duration$/);
    expect(m).not.toContain("the run alone would fit");
  });

  it("validation (the path `validate` and `run` take) refuses it, naming clients.sessions", () => {
    const s = fixedSessions(limitRate * 1.01);
    const check = checkScenario(s, () => ({ file: "x.yaml", line: 1, column: 1 }));
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problems[0]!.field).toBe("clients.sessions");
      expect(check.problems[0]!.message).toContain("that start: steady pre-rolls");
    }
  });
});
