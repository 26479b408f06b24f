import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/engine/simulator.js";

/**
 * A little model run twice, its answers scheduled plainly or on lanes: two
 * "workers" whose answers come a fixed 2 or 3 s after each start, and a
 * timeout 2 s after now (ties with the answers on purpose).
 */
function trace(useLanes: boolean): string[] {
  const sim = new Simulator();
  const log: string[] = [];
  const lanes: number[] = [];
  const at = (lane: number, kind: number, time: number, payload: number): void => {
    if (useLanes) sim.scheduleOn(lanes[lane]!, time, payload);
    else sim.schedule(time, kind, payload);
  };
  const answer = sim.on((p, t) => {
    log.push(`answer ${p}@${t}`);
    if (p < 40) at(p % 2, answer, t + 2 + (p % 2), p + 2);
  });
  const timeout = sim.on((p, t) => {
    log.push(`timeout ${p}@${t}`);
    if (p < 20) at(2, timeout, t + 2, p + 1);
  });
  const other = sim.on((p, t) => log.push(`other ${p}@${t}`));
  lanes.push(sim.lane(answer), sim.lane(answer), sim.lane(timeout));
  at(0, answer, 0, 0);
  at(1, answer, 0, 1);
  at(2, timeout, 0, 0);
  for (let k = 0; k < 30; k++) sim.schedule(k * 1.5, other, k);
  sim.run(1000);
  return log;
}

describe("Simulator lanes", () => {
  it("run events in the order plain scheduling gives, ties included", () => {
    const plain = trace(false);
    expect(plain.length).toBeGreaterThan(80);
    expect(trace(true)).toEqual(plain);
  });

  it("refuse a lane's event before the clock or before its last, and a lane of an unknown kind", () => {
    const sim = new Simulator();
    const kind = sim.on(() => {});
    const lane = sim.lane(kind);
    expect(() => sim.lane(1)).toThrow(RangeError);
    sim.scheduleOn(lane, 5);
    expect(() => sim.scheduleOn(lane, 4)).toThrow(RangeError);
    sim.run(3);
    expect(() => sim.scheduleOn(sim.lane(kind), 2)).toThrow(RangeError);
  });

  it("let claim through only before every lane's head", () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const kind = sim.on((p) => seen.push(p));
    const lane = sim.lane(kind);
    const claims: boolean[] = [];
    const probe = sim.on(() => {
      // The lane's head at 2 is pending: 1.5 goes first, 2 (a tie, scheduled later) does not.
      claims.push(sim.claim(1.5), sim.claim(2));
    });
    sim.schedule(1, probe);
    sim.scheduleOn(lane, 2, 7);
    sim.scheduleOn(lane, 3, 8);
    sim.run(10);
    expect(claims).toEqual([true, false]);
    expect(seen).toEqual([7, 8]);
  });
});
