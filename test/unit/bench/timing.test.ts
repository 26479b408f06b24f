import { describe, expect, it } from "vitest";
import { perSecond, timed } from "../../../src/bench/timing.js";

describe("bench timing", () => {
  it("returns the call's result with its wall and CPU seconds; a busy loop uses CPU about its wall time", () => {
    const t = timed(() => {
      let x = 0;
      const end = process.hrtime.bigint() + 50_000_000n;
      while (process.hrtime.bigint() < end) x++;
      return x;
    });
    expect(t.result).toBeGreaterThan(0);
    expect(t.seconds).toBeGreaterThanOrEqual(0.05);
    // One thread spinning: CPU time cannot exceed wall time by much (GC threads aside), and is positive.
    expect(t.cpuSeconds).toBeGreaterThan(0);
    expect(t.cpuSeconds).toBeLessThan(t.seconds * 2 + 0.05);
  });

  it("a sleeping call takes wall time but almost no CPU", () => {
    const t = timed(() => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      return "slept";
    });
    expect(t.result).toBe("slept");
    expect(t.seconds).toBeGreaterThanOrEqual(0.09);
    expect(t.cpuSeconds).toBeLessThan(t.seconds / 2);
  });

  it("formats a rate per second rounded, with thousands separators", () => {
    expect(perSecond(2_500_000, 2)).toBe("1,250,000");
    expect(perSecond(10, 3)).toBe("3");
  });
});
