import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/engine/simulator.js";

describe("Simulator", () => {
  it("runs handlers in time order and advances the clock", () => {
    const sim = new Simulator();
    const log: string[] = [];
    const tick = sim.on((payload, t) => {
      log.push(`${payload}@${t}`);
      if (payload < 3) sim.schedule(t + 2, tick, payload + 1);
    });
    sim.schedule(1, tick, 0);
    sim.run(100);
    expect(log).toEqual(["0@1", "1@3", "2@5", "3@7"]);
    expect(sim.now).toBe(100);
    expect(sim.eventsProcessed).toBe(4);
  });

  it("leaves events at or after the horizon for later", () => {
    const sim = new Simulator();
    const log: number[] = [];
    const kind = sim.on((p) => log.push(p));
    sim.schedule(10, kind, 1);
    sim.schedule(20, kind, 2);
    sim.run(20);
    expect(log).toEqual([1]);
    sim.run(21);
    expect(log).toEqual([1, 2]);
  });

  it("can be stepped by hand", () => {
    const sim = new Simulator();
    const log: number[] = [];
    const kind = sim.on((p) => log.push(p));
    sim.schedule(2, kind, 7);
    sim.schedule(1, kind, 8);
    expect(sim.step()).toBe(true);
    expect(log).toEqual([8]);
    expect(sim.now).toBe(1);
    expect(sim.step()).toBe(true);
    expect(sim.step()).toBe(false);
  });

  it("refuses to schedule in the past or an unknown kind", () => {
    const sim = new Simulator();
    const kind = sim.on(() => {});
    sim.schedule(5, kind);
    sim.run(6);
    expect(() => sim.schedule(1, kind)).toThrow(RangeError);
    expect(() => sim.schedule(7, 99)).toThrow(RangeError);
  });
});

describe("Simulator.claim", () => {
  /** A source that handles its next event at once while it may, else schedules it: the order seen. */
  function claimedRun(claiming: boolean, until: number): string[] {
    const sim = new Simulator();
    const log: string[] = [];
    const other = sim.on((p, t) => log.push(`other${p}@${t}`));
    let kind = -1;
    const times = [1, 2, 3, 4, 5, 6];
    const arrive = (i: number): void => {
      let k = i;
      for (;;) {
        log.push(`arrival${k}@${sim.now}`);
        if (++k >= times.length) return;
        if (!(claiming && sim.claim(times[k]!))) break;
      }
      sim.schedule(times[k]!, kind, k);
    };
    kind = sim.on((p) => arrive(p));
    // Pending events: one between arrivals, one tied with an arrival (scheduled first, so it goes first).
    sim.schedule(2.5, other, 0);
    sim.schedule(4, other, 1);
    sim.schedule(times[0]!, kind, 0);
    sim.run(until);
    log.push(`processed ${sim.eventsProcessed}, now ${sim.now}`);
    return log;
  }

  it("handles an event at once exactly when run would pop it next: same order, clock and count", () => {
    for (const until of [3.5, 5.5, 100])
      expect(claimedRun(true, until)).toEqual(claimedRun(false, until));
    expect(claimedRun(true, 100)).toEqual([
      "arrival0@1",
      "arrival1@2",
      "other0@2.5",
      "arrival2@3",
      "other1@4",
      "arrival3@4",
      "arrival4@5",
      "arrival5@6",
      "processed 8, now 100",
    ]);
  });

  it("refuses outside run (stepping, or before any run)", () => {
    const sim = new Simulator();
    expect(sim.claim(1)).toBe(false);
    const kind = sim.on(() => expect(sim.claim(2)).toBe(false));
    sim.schedule(1, kind);
    expect(sim.step()).toBe(true);
    expect(sim.now).toBe(1);
  });

  it("refuses in a handler stepped from within a run, and claims again in the run after it", () => {
    const sim = new Simulator();
    const seen: string[] = [];
    const inner = sim.on(() => seen.push(`stepped claim ${sim.claim(2.5)}`));
    const outer = sim.on(() => {
      sim.step();
      seen.push(`run claim ${sim.claim(2.5)}`);
    });
    sim.schedule(1, outer);
    sim.schedule(2, inner);
    sim.run(10);
    expect(seen).toEqual(["stepped claim false", "run claim true"]);
  });

  it("after a run nested in a handler, the outer run's claims go on to its own end", () => {
    const sim = new Simulator();
    const seen: boolean[] = [];
    const kind = sim.on(() => {
      sim.run(1.5);
      seen.push(sim.claim(2), sim.claim(12));
    });
    sim.schedule(1, kind);
    sim.run(10);
    expect(seen).toEqual([true, false]);
  });

  it("a handler that throws ends the run with no claim left open", () => {
    const sim = new Simulator();
    const kind = sim.on(() => {
      throw new Error("handler failed");
    });
    sim.schedule(1, kind);
    expect(() => sim.run(10)).toThrow("handler failed");
    expect(sim.claim(2)).toBe(false);
  });
});
