import { describe, expect, it } from "vitest";
import { Recorder } from "../../../src/metrics/index.js";

describe("Recorder", () => {
  // 100 s in bins of 30 s: four bins, the last one 10 s long, plus the overflow bin.
  const make = (maxTimeouts?: number): Recorder => new Recorder(2, 100, 30, maxTimeouts);

  it("has ceil(duration / width) bins and puts each time in its bin", () => {
    const r = make();
    expect(r.binCount).toBe(4);
    expect([0, 29.999, 30, 89.9, 90, 99.999].map((t) => r.bin(t))).toEqual([0, 0, 1, 2, 3, 3]);
    // Before 0 (never happens) clamps to the first bin.
    expect(r.bin(-5)).toBe(0);
  });

  it("sends times at or past the horizon to the overflow bin, not the last one", () => {
    const r = make();
    expect(r.bin(100)).toBe(4);
    expect(r.bin(1e9)).toBe(4);
    r.serve(0, 0, 150);
    expect(r.servedRequests).toBe(1);
    expect(r.binServed[3 * 2 + 0]).toBe(0);
    expect(r.binServed[4 * 2 + 0]).toBe(1);
  });

  it("counts a served request at its address and its host, in totals and in its bin", () => {
    const r = make();
    r.serve(0, 1, 45); // address 0 answered by host 1 (IP takeover)
    expect([...r.attempts]).toEqual([1, 0]);
    expect([...r.served]).toEqual([1, 0]);
    expect([...r.hostLoad]).toEqual([0, 1]);
    expect(r.binAttempts[1 * 2 + 0]).toBe(1);
    expect(r.binServed[1 * 2 + 0]).toBe(1);
    expect(r.binHostLoad[1 * 2 + 1]).toBe(1);
    expect(r.binHostLoad[1 * 2 + 0]).toBe(0);
    expect(r.totalAttempts).toBe(1);
  });

  it("counts failed attempts apart from failed requests", () => {
    const r = make();
    r.failedAttempt(1, 61);
    r.failedAttempt(1, 62);
    r.failedRequest(62, 3);
    expect(r.totalAttempts).toBe(2);
    expect(r.totalFailedAttempts).toBe(2);
    expect([...r.failedAttempts]).toEqual([0, 2]);
    expect(r.binFailedAttempts[2 * 2 + 1]).toBe(2);
    expect(r.binAttempts[2 * 2 + 1]).toBe(2);
    expect(r.failedRequests).toBe(3);
    expect(r.binFailedRequests[2]).toBe(3);
    expect(r.servedRequests).toBe(0);
  });

  it("counts visits, lookups, hits, stale answers, authoritative queries and unresolved visits", () => {
    const r = make();
    r.visit(5, 3);
    r.visit(35, 2);
    r.lookup(5, true, false);
    r.lookup(35, false, false);
    r.lookup(36, true, true);
    r.authQuery(35);
    r.unresolved(95, true);
    r.unresolved(96, false);
    expect([r.visits, r.requests]).toEqual([2, 5]);
    expect([...r.binVisits.subarray(0, 4)]).toEqual([1, 1, 0, 0]);
    expect([...r.binRequests.subarray(0, 4)]).toEqual([3, 2, 0, 0]);
    expect([r.lookups, r.hits, r.staleAnswers, r.authQueries]).toEqual([3, 2, 1, 1]);
    expect([...r.binHits.subarray(0, 2)]).toEqual([1, 1]);
    expect(r.binStale[1]).toBe(1);
    expect(r.binAuthQueries[1]).toBe(1);
    expect([r.unresolvedVisits, r.servfailVisits, r.noAnswerVisits]).toEqual([2, 1, 1]);
    expect(r.binUnresolved[3]).toBe(2);
  });

  it("keeps a histogram of timeouts per visit whose last slot collects the rest, with exact sum and max", () => {
    const r = make(3);
    expect(r.timeoutHistogram.length).toBe(4);
    for (const k of [0, 0, 1, 2, 3, 5, 9]) r.visitEnded(10, k > 0, k);
    expect([...r.timeoutHistogram]).toEqual([2, 1, 1, 3]);
    expect(r.timeoutSum).toBe(20);
    expect(r.maxTimeouts).toBe(9);
    expect(r.failedVisits).toBe(5);
    expect(r.binFailedVisits[0]).toBe(5);
  });

  it("servedAtOnce counts what visit, a hit's lookup, serve and visitEnded count", () => {
    const quick = make();
    const slow = make();
    // A taken-over address (server 0 served by host 1) and a plain one, in two bins.
    for (const [t, server, host] of [
      [12.5, 0, 1],
      [45, 1, 1],
    ] as const) {
      quick.servedAtOnce(t, server, host);
      slow.visit(t, 1);
      slow.lookup(t, true, false);
      slow.serve(server, host, t);
      slow.visitEnded(t, false, 0);
    }
    expect(quick).toEqual(slow);
    expect(quick.binServed[0 * 2 + 0]).toBe(1);
    expect(quick.binHostLoad[1 * 2 + 1]).toBe(1);
    expect([quick.visits, quick.hits, quick.servedRequests, quick.timeoutHistogram[0]]).toEqual([
      2, 2, 2, 2,
    ]);
  });

  it("sums its totals from the bins: every kind of attempt, serve and visit, the overflow bin included", () => {
    const r = make();
    r.visit(5, 3);
    r.visit(150, 2); // past the horizon: the overflow bin
    r.lookup(5, true, false);
    r.lookup(150, false, true);
    r.serve(0, 1, 10); // taken over: host 1 carries address 0
    r.serve(1, 1, 120);
    r.failedAttempt(0, 40);
    r.erredAttempt(1, 70, 0);
    r.servedInBin(0, 2, 4);
    r.unservedInBin(3, 2);
    expect([...r.attempts]).toEqual([6, 2]);
    expect([...r.served]).toEqual([5, 1]);
    expect([...r.hostLoad]).toEqual([4, 2]);
    expect([r.totalAttempts, r.servedRequests]).toEqual([8, 6]);
    expect([r.visits, r.requests, r.lookups, r.hits]).toEqual([2, 11, 2, 1]);
    // Each read is a fresh sum: a reader's changes do not reach the recorder.
    r.attempts[0] = 99;
    expect(r.attempts[0]).toBe(6);
  });
});
