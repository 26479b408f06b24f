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
    // The CPU time is the process's, every thread's: in a test worker that other
    // files' threads share (a worker pool, a decompressor, the collector), one
    // sleep once measured 0.069 CPU-s in 0.1 s. Their bursts come and go, so the
    // least of three sleeps is the call's own.
    const sleeps = [0, 1, 2].map(() =>
      timed(() => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        return "slept";
      }),
    );
    for (const t of sleeps) {
      expect(t.result).toBe("slept");
      expect(t.seconds).toBeGreaterThanOrEqual(0.09);
    }
    const least = sleeps.reduce((a, b) => (b.cpuSeconds < a.cpuSeconds ? b : a));
    expect(least.cpuSeconds).toBeLessThan(least.seconds / 2);
  });

  it("formats a rate per second rounded, with thousands separators", () => {
    expect(perSecond(2_500_000, 2)).toBe("1,250,000");
    expect(perSecond(10, 3)).toBe("3");
  });
});
