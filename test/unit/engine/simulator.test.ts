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
