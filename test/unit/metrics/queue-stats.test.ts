import { describe, expect, it } from "vitest";
import { alea } from "../../../src/engine/alea.js";
import {
  FINE_BUCKETS,
  type LogBuckets,
  WINDOW_BUCKETS,
} from "../../../src/metrics/log-histogram.js";
import { fineIndex, QueueStats, windowIndex } from "../../../src/metrics/queue-stats.js";

/** The largest float below x (x > 0). */
function below(x: number): number {
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0]! -= 1n;
  return new Float64Array(bits.buffer)[0]!;
}

/** Every per-server and per-bin array of the statistics, by name. */
function arrays(q: QueueStats): Record<string, number[]> {
  return {
    busy: [...q.busy],
    waitArea: [...q.waitArea],
    systemArea: [...q.systemArea],
    acceptedCount: [...q.acceptedCount],
    responseSum: [...q.responseSum],
    waitSum: [...q.waitSum],
    waited: [...q.waited],
    response: [...q.response],
    binBusy: [...q.binBusy],
    binWaitArea: [...q.binWaitArea],
    binAccepted: [...q.binAccepted],
    binResponseSum: [...q.binResponseSum],
    binResponse: [...q.binResponse],
  };
}

describe("QueueStats.accepted", () => {
  // Bins of 0.1 s (not a power of two: quotients round), warm-up 1 s, 20 s measured.
  const w = 0.1;
  const make = () => new QueueStats(2, 20, w, 1);

  /**
   * Starts just below a bin's edge whose quotient by w rounds up to the next
   * bin: the division decides their bin, so a shortcut that guessed it from
   * the arrival's bin would file them wrongly.
   */
  const roundingUp: number[] = [];
  for (let b = 10; b < 190 && roundingUp.length < 20; b++) {
    const start = below((b + 1) * w);
    if (Math.floor(start / w) !== b) roundingUp.push(b);
  }

  it("adds, inside the measured period, bit for bit what the clipped sums add", () => {
    expect(roundingUp.length).toBeGreaterThan(0);
    const rng = alea("queue-stats");
    const requests: [number, number, number, number][] = [];
    for (let i = 0; i < 20_000; i++) {
      // Arrivals over the whole run and past it, waits and services up to
      // several bins, half of the requests not waiting at all.
      const t = rng() * 21;
      const start = rng() < 0.5 ? t : t + rng() * rng() * 0.5;
      const end = start + rng() * rng() * 0.4;
      requests.push([i % 2, t, start, end]);
    }
    for (const b of roundingUp) {
      const edge = below((b + 1) * w);
      // Arrival early in the bin, start (and service) just below its edge.
      requests.push([0, b * w + 0.01, edge, edge + 0.03]);
      requests.push([1, b * w + 0.06, edge, edge + 1e-9]);
      // Arrival and start just below the edge.
      requests.push([0, edge, edge, edge + 0.2]);
    }
    const fast = make();
    const clipped = make();
    let within = 0;
    for (const [host, t, start, end] of requests) {
      fast.accepted(host, t, start, end);
      clipped.acceptedClipped(host, t, start, end);
      if (t >= 1 && end < 20) within++;
    }
    // Most requests take the shortcut; the rest are clipped at the warm-up or the end.
    expect(within).toBeGreaterThan(requests.length * 0.8);
    expect(within).toBeLessThan(requests.length);
    expect(arrays(fast)).toEqual(arrays(clipped));
  });

  it("files a start just below a bin's edge by its quotient, as the division does", () => {
    const b = roundingUp[0]!;
    const start = below((b + 1) * w);
    const q = make();
    q.accepted(0, b * w + 0.01, start, start + 0.01);
    // The whole service lies in bin b + 1 by the division's rounding.
    expect(q.binBusy[(b + 1) * 2 + 0]).toBeCloseTo(0.01, 12);
    expect(q.binBusy[b * 2 + 0]).toBe(0);
  });
});

describe("QueueStats.acceptedCount", () => {
  it("counts each accepted request that arrived in the measured period, by server, late requests in the last bin", () => {
    // 2 servers, 20 s in bins of 0.1 s, warm-up 1 s.
    const q = new QueueStats(2, 20, 0.1, 1);
    q.accepted(0, 0.5, 0.5, 0.6); // in the warm-up: not counted
    q.accepted(0, 2, 2, 2.05);
    q.accepted(0, 19.99, 19.99, 20.5); // ends past the horizon: counted, in the last bin
    q.accepted(1, 5, 5.2, 5.3);
    q.accepted(1, 20.5, 20.5, 20.6); // after the horizon: not counted
    expect([...q.acceptedCount]).toEqual([2, 1]);
    expect(q.binAccepted[199 * 2 + 0]).toBe(1);
  });
});

describe("QueueStats.arrivals", () => {
  it("counts the arrivals in the measured period, by server, whatever they found there", () => {
    const q = new QueueStats(2, 20, 0.1, 1);
    q.arrived(0, 0.5, 0); // in the warm-up: not counted
    q.arrived(0, 2, 0);
    q.arrived(0, 3, 70); // more than the histogram's slots: its last slot
    q.arrived(1, 5, 3);
    q.arrived(1, 20, 1); // at the horizon: not counted
    expect([...q.arrivals]).toEqual([2, 1]);
    expect(q.inSystemAtArrival[64]).toBe(1);
  });
});

describe("the histograms' written-in indices", () => {
  /** Values around every bucket edge of `buckets` (the edge, the float below, the float above), and odd ones. */
  function edgeValues(buckets: LogBuckets): number[] {
    const values = [
      0,
      -0,
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.MIN_VALUE,
      1e-300,
      1e300,
    ];
    for (let e = -2; e <= buckets.octaves + 2; e++)
      for (let sub = 0; sub < buckets.subBuckets; sub++) {
        const edge = buckets.min * 2 ** e * (1 + sub / buckets.subBuckets);
        values.push(edge, below(edge), -below(-edge));
      }
    return values;
  }

  for (const [name, buckets, index] of [
    ["fineIndex", FINE_BUCKETS, fineIndex],
    ["windowIndex", WINDOW_BUCKETS, windowIndex],
  ] as const) {
    it(`${name} gives LogBuckets.index's bucket for every value`, () => {
      const rng = alea(name);
      const values = edgeValues(buckets);
      // Log-uniform over 1e-12 .. 1e12 seconds, and uniform over the histogram's own range.
      for (let i = 0; i < 200_000; i++) values.push(10 ** (24 * rng() - 12));
      for (let i = 0; i < 200_000; i++) values.push(rng() * buckets.min * 2 ** buckets.octaves);
      const wrong = values.filter((v) => index(v) !== buckets.index(v));
      expect(wrong).toEqual([]);
      // The edges fall in more than one bucket: the test reaches them all.
      expect(new Set(values.map(index)).size).toBe(buckets.size);
    });
  }
});
