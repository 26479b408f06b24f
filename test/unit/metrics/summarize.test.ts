import { describe, expect, it } from "vitest";
import { OutageTracker, Recorder, type Results, summarize } from "../../../src/metrics/index.js";
import { run, scenario } from "../../helpers.js";

/**
 * summarize() on a recorder filled by hand, so every number is known. Two
 * servers; `loads[b]` is what each host served in bin b.
 */
function summarizeLoads(
  loads: readonly (readonly [number, number])[],
  opts: { duration: number; window: number; warmup?: number },
  fill: (r: Recorder) => void = () => {},
): Results {
  const s = scenario({
    duration: opts.duration,
    window: opts.window,
    warmup: opts.warmup ?? 0,
    servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }],
    clients: { rate: 10, connectTimeout: 21 },
  });
  const rec = new Recorder(2, s.duration, s.window);
  loads.forEach((pair, b) => {
    pair.forEach((count, server) => {
      for (let k = 0; k < count; k++) rec.serve(server, server, b * s.window + 0.5);
    });
  });
  fill(rec);
  return summarize({
    scenario: s,
    seed: 1,
    version: "test",
    recorder: rec,
    tracker: new OutageTracker([], s.duration, 2),
    outages: [],
    resolverShares: [0.5, 0.3, 0.2],
  });
}

describe("summarize", () => {
  it("totals, shares and whole-run balance from the counters", () => {
    const r = summarizeLoads(
      [
        [30, 10],
        [30, 10],
      ],
      { duration: 120, window: 60 },
    );
    expect(r.resultsVersion).toBe(2);
    expect(r.totals.served).toBe(80);
    expect(r.totals.attempts).toBe(80);
    expect(r.servers.map((s) => [s.attempts, s.served, s.load, s.share])).toEqual([
      [60, 60, 60, 0.75],
      [20, 20, 20, 0.25],
    ]);
    // 60 and 20: mean 40, max/mean 1.5, population sd 20 (CoV 0.5), Jain 6400 / (2 · 4000) = 0.8.
    expect(r.balance).toMatchObject({ maxOverMean: 1.5, cov: 0.5, jain: 0.8 });
    expect(r.balance.window).toMatchObject({ windows: 2, partialWindows: 0, maxOverMean: 1.5 });
    expect(r.dns.topResolverShare).toBe(0.5);
    // Busiest bin of host 0: 30 in 60 s.
    expect(r.servers[0]!.peakPerSecond).toBe(0.5);
  });

  it("delay: the mean over all visits and over delayed visits, and percentiles from the histogram", () => {
    const r = summarizeLoads([[1, 1]], { duration: 60, window: 60 }, (rec) => {
      // 100 visits: 96 without a timeout, 2 with one, 2 with two.
      for (let v = 0; v < 100; v++) {
        rec.visit(1, 1);
        rec.visitEnded(1, false, v < 96 ? 0 : v < 98 ? 1 : 2);
      }
    });
    expect(r.delay.delayedVisits).toBe(4);
    expect(r.delay.meanSeconds).toBe((6 * 21) / 100);
    expect(r.delay.meanDelayedSeconds).toBe((6 * 21) / 4);
    // 99th visit of 100 in timeout order paid 2 timeouts (96 + 2 < 99).
    expect(r.delay.p99Seconds).toBe(42);
    expect(r.delay.maxSeconds).toBe(42);
    const fewer = summarizeLoads([[1, 1]], { duration: 60, window: 60 }, (rec) => {
      for (let v = 0; v < 100; v++) rec.visitEnded(1, false, v < 96 ? 0 : v < 99 ? 1 : 2);
    });
    expect(fewer.delay.p99Seconds).toBe(21);
  });

  it("weights a window cut short by the end by the seconds it covers, and leaves it out of the worst", () => {
    // 150 s in windows of 60: two full windows and one of 30 s (weight 1/2).
    // max/mean per window: 1, 40/30, 2 → weighted mean (1 + 4/3 + 2/2) / 2.5.
    const r = summarizeLoads(
      [
        [30, 30],
        [40, 20],
        [25, 0],
      ],
      { duration: 150, window: 60 },
    );
    const w = r.balance.window;
    expect(w.windows).toBe(2);
    expect(w.partialWindows).toBe(1);
    expect(w.maxOverMean).toBeCloseTo((1 + 4 / 3 + 1) / 2.5, 8);
    // Unweighted (1 + 4/3 + 2) / 3 = 1.444 and leaving it out (1 + 4/3) / 2 = 1.167 both differ.
    expect(w.worstMaxOverMean).toBeCloseTo(4 / 3, 8);
    // Jain per window: 1, 3600 / (2 · 2000) = 0.9, 625 / (2 · 625) = 0.5; CoV: 0, 10/30, 12.5/12.5.
    expect(r.timeseries.jain).toEqual([1, 0.9, 0.5]);
    expect(r.timeseries.cov.map((c) => c!.toFixed(9))).toEqual([
      "0.000000000",
      "0.333333333",
      "1.000000000",
    ]);
    // Weighted 1, 1, 1/2: Jain (1 + 0.9 + 0.25) / 2.5 = 0.86 (unweighted 0.8), CoV (0 + 1/3 + 1/2) / 2.5 = 1/3 (unweighted 4/9).
    expect(w.jain).toBeCloseTo(0.86, 8);
    expect(w.cov).toBeCloseTo(1 / 3, 8);
    // The sliver's 25 in 30 s (0.83/s) is no peak; full bins only: 40 / 60.
    expect(r.servers[0]!.peakPerSecond).toBeCloseTo(40 / 60, 8);
  });

  it("weights the window that straddles the end of the warm-up by its measured seconds", () => {
    // Warm-up 45 s: bin 0 covers 15 s (weight 1/4); nothing before 45 s is recorded.
    const r = summarizeLoads(
      [
        [3, 0],
        [30, 30],
        [30, 30],
      ],
      { duration: 180, window: 60, warmup: 45 },
    );
    const w = r.balance.window;
    expect([w.windows, w.partialWindows]).toEqual([2, 1]);
    expect(w.maxOverMean).toBeCloseTo((0.25 * 2 + 1 + 1) / 2.25, 8);
    expect(w.worstMaxOverMean).toBe(1);
  });

  it("with no full window, rates are over the seconds the bins really cover", () => {
    // A 30 s run in 60 s windows: 45 requests at host 0 are 1.5/s, not 0.75/s.
    const r = summarizeLoads([[45, 15]], { duration: 30, window: 60 });
    expect(r.servers[0]!.peakPerSecond).toBe(1.5);
    expect(r.balance.window).toMatchObject({
      windows: 0,
      partialWindows: 1,
      worstMaxOverMean: 1.5,
    });
  });
});

/** The three symptoms of issue 10 item 5, on real runs. */
describe("partial time bins in runs", () => {
  const base = {
    duration: 1800,
    window: 60,
    servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }],
    resolvers: { count: 200, skew: 1, behaviour: "rotate" as const },
    clients: { rate: 40 },
  };

  it("a 1 s window after a 59 s warm-up changes neither the worst window nor the mean much", () => {
    const at59 = run({ ...base, warmup: 59 });
    const at60 = run({ ...base, warmup: 60 });
    expect(at59.balance.window.windows).toBe(29);
    expect(at59.balance.window.partialWindows).toBe(1);
    // Same draws (common random numbers): the full windows are the same ones.
    expect(at59.balance.window.worstMaxOverMean).toBe(at60.balance.window.worstMaxOverMean);
    // The sliver weighs 1/60 of a window in the mean (1/1741 of the measured time).
    const diff = Math.abs(at59.balance.window.maxOverMean! - at60.balance.window.maxOverMean!);
    expect(diff).toBeLessThan((2 - 1) / 29);
  });

  it("a run one second longer has the same full windows plus one partial one", () => {
    const even = run(base);
    const longer = run({ ...base, duration: 1801 });
    expect(longer.balance.window.windows).toBe(30);
    expect(longer.balance.window.partialWindows).toBe(1);
    expect(longer.balance.window.worstMaxOverMean).toBe(even.balance.window.worstMaxOverMean);
    expect(longer.servers.map((s) => s.peakPerSecond)).toEqual(
      even.servers.map((s) => s.peakPerSecond),
    );
  });

  it("a run shorter than one window reports its peak over its real length", () => {
    // 30 s at 100 visits/s on 2 rotating servers: about 50/s each. Each host
    // serves ~1500 in 30 s, sd √1500 ≈ 39, so the rate is 50 ± 1.3/s; the old
    // division by the 60 s width gave about 25/s.
    const r = run({ ...base, duration: 30, clients: { rate: 100 } });
    const peak = Math.max(...r.servers.map((s) => s.peakPerSecond));
    expect(Math.abs(peak - 50)).toBeLessThan(4 * 1.3 + 1);
  });
});
