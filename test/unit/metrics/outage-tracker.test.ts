import { describe, expect, it } from "vitest";
import { OutageTracker } from "../../../src/metrics/index.js";

/**
 * Drain time against hand-computed cases. One outage of 100 s from t = 100
 * on 4 servers: fine bins of 1 s; requests arrive at 4 per second, so the
 * fair-share baseline is 1 per fine bin and 10 per 10 s window.
 */
function tracker(deadAt: readonly number[], requestsPerSecond = 4): OutageTracker {
  const t = new OutageTracker([{ start: 100, end: 200 }], 1000, 4);
  t.begin(0);
  for (let s = 100; s < 200; s++) t.requestsArrived(s + 0.5, requestsPerSecond);
  for (const at of deadAt) t.deadAttempt(0, at);
  t.end(0);
  return t;
}
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i + 0.5);

describe("OutageTracker", () => {
  it("follows the outage in fine bins of max(1 s, span / maxBins)", () => {
    const t = new OutageTracker(
      [
        { start: 0, end: 50 },
        { start: 0, end: 1e6 },
      ],
      1e6,
      2,
      1000,
    );
    expect([...t.resolution]).toEqual([1, 1000]);
    expect(t.baseline[0]!.length).toBe(50);
    expect(t.deadAttempts[1]!.length).toBe(1000);
  });

  it("drains at the end of the last 10 s window with at least 1% of the fair share", () => {
    // Dead attempts during the first 30 s: windows 0–2 busy, drained at 30 s.
    expect(tracker(range(100, 130)).drainSeconds(0, 10)).toBe(30);
    // One stray attempt in window 6 (1 of a baseline of 10: 10% ≥ 1%) moves it to 70 s.
    expect(tracker([...range(100, 130), 165]).drainSeconds(0, 10)).toBe(70);
  });

  it("ignores a trickle below 1% of the fair share", () => {
    // One attempt at 155 s: at 111.2 requests/s the window's baseline is 278, so 0.36%.
    const below = tracker([...range(100, 120), 155], 111.2);
    expect(below.drainSeconds(0, 10)).toBe(20);
    // The same attempt against a baseline of 10 is 10%: busy, drained at 60 s.
    const above = tracker([...range(100, 120), 155], 4);
    expect(above.drainSeconds(0, 10)).toBe(60);
  });

  it("is 0 when the dead address got nothing, null when it was still busy in the final window", () => {
    expect(tracker([]).drainSeconds(0, 10)).toBe(0);
    expect(tracker([199]).drainSeconds(0, 10)).toBeNull();
  });

  it("cuts the outage at the horizon and never reports a drain past its end", () => {
    // 25 s until the horizon: windows of 10, 10 and 5 s.
    const t = new OutageTracker([{ start: 0, end: 500 }], 25, 1);
    t.begin(0);
    for (let s = 0; s < 25; s++) t.requestsArrived(s, 1);
    t.deadAttempt(0, 12);
    expect(t.drainSeconds(0, 10)).toBe(20);
    t.deadAttempt(0, 24);
    expect(t.drainSeconds(0, 10)).toBeNull();
    expect(t.ends[0]).toBe(25);
  });

  it("counts towards active outages only, and counts failed attempts and visits per outage", () => {
    const t = new OutageTracker(
      [
        { start: 0, end: 10 },
        { start: 5, end: 10 },
      ],
      10,
      2,
    );
    t.begin(0);
    t.requestsArrived(1, 2);
    t.begin(1);
    expect(t.activeOutages).toBe(2);
    t.requestsArrived(6, 4);
    t.end(0);
    t.requestsArrived(7, 2);
    expect(t.activeOutages).toBe(1);
    expect(t.baseline[0]!.reduce((a, b) => a + b, 0)).toBe(1 + 2);
    expect(t.baseline[1]!.reduce((a, b) => a + b, 0)).toBe(2 + 1);
    t.deadAttempt(1, 6);
    t.deadAttempt(1, 7);
    t.visitFailed(1);
    expect([...t.failedAttempts]).toEqual([0, 2]);
    expect([...t.failedVisits]).toEqual([0, 1]);
  });
});
