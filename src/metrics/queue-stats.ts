import { perServerSums, rowSums } from "./bin-sums.js";
import { FINE_BUCKETS, WINDOW_BUCKETS } from "./log-histogram.js";
import type { ServerRecording } from "./recording.js";

/** The histograms' sizes, read once (a per-request index needs no property load). */
const FINE_SIZE = FINE_BUCKETS.size;
const WINDOW_SIZE = WINDOW_BUCKETS.size;

// One float's bits as two 32-bit words, for the two indices below (little-endian: [1] is the high word).
const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * FINE_BUCKETS.index (1 µs, 64 per octave, 40 octaves) with its constants
 * written in: the same bucket for every value (test/unit/metrics/
 * queue-stats.test.ts holds them to it), about 35 fewer instructions per
 * call than the general method's field and module loads.
 */
export function fineIndex(value: number): number {
  // 1 / 1e-6 is 1e6 exactly, so the scale is the general method's.
  const x = value * 1e6;
  if (!(x >= 1)) return 0;
  float[0] = x;
  const high = words[HIGH]!;
  const e = ((high >>> 20) & 0x7ff) - 1023;
  if (e >= 40) return 40 * 64 + 1;
  return 1 + e * 64 + ((high >>> 14) & 63);
}

/** WINDOW_BUCKETS.index (0.1 ms, 8 per octave, 24 octaves) with its constants written in, as fineIndex. */
export function windowIndex(value: number): number {
  // 1 / 1e-4 is 1e4 exactly.
  const x = value * 1e4;
  if (!(x >= 1)) return 0;
  float[0] = x;
  const high = words[HIGH]!;
  const e = ((high >>> 20) & 0x7ff) - 1023;
  if (e >= 24) return 24 * 8 + 1;
  return 1 + e * 8 + ((high >>> 17) & 7);
}

/** Arrivals that found 0 .. IN_SYSTEM_SLOTS − 2 requests at the server; the last slot: that many or more. */
export const IN_SYSTEM_SLOTS = 65;

/**
 * The server-side view of servers with capacity, streamed into fixed arrays:
 * busy worker-seconds and waiting request-seconds (utilisation and
 * time-averaged queue length), response times (arrival at the server to the
 * answer, of every accepted request, including those whose client had given
 * up) in log-bucket histograms for the whole run and per window, and how
 * many requests each arrival found there (P(N ≥ k), by PASTA).
 *
 * Counted from the warm-up on: arrivals by their time, busy and waiting
 * intervals clipped to [warmup, duration) and split over the bins they span.
 */
export class QueueStats implements ServerRecording {
  readonly binCount: number;
  readonly refused: Float64Array;
  readonly dropped: Float64Array;
  /** Worker-seconds spent serving, per server. */
  readonly busy: Float64Array;
  /** Request-seconds spent waiting, and in the system (waiting or served), per server. */
  readonly waitArea: Float64Array;
  readonly systemArea: Float64Array;
  /** Sum of response times and of waits of the accepted requests, per server. */
  readonly responseSum: Float64Array;
  readonly waitSum: Float64Array;
  /** Requests that waited at all, per server. */
  readonly waited: Float64Array;
  /** FINE_BUCKETS histogram per server (index server * size + bucket). */
  readonly response: Float64Array;
  /** inSystemAtArrival[server * IN_SYSTEM_SLOTS + k]. */
  readonly inSystemAtArrival: Float64Array;
  // Per bin and server (index (bin * servers + server)).
  readonly binBusy: Float64Array;
  readonly binWaitArea: Float64Array;
  readonly binAccepted: Float64Array;
  readonly binResponseSum: Float64Array;
  /** WINDOW_BUCKETS histogram per bin and server (index ((bin * servers + server) * size + bucket)). */
  readonly binResponse: Uint32Array;

  constructor(
    readonly serverCount: number,
    readonly duration: number,
    readonly binSeconds: number,
    readonly warmup: number,
  ) {
    const n = serverCount;
    this.binCount = Math.max(1, Math.ceil(duration / binSeconds));
    const cells = this.binCount * n;
    this.refused = new Float64Array(n);
    this.dropped = new Float64Array(n);
    this.busy = new Float64Array(n);
    this.waitArea = new Float64Array(n);
    this.systemArea = new Float64Array(n);
    this.responseSum = new Float64Array(n);
    this.waitSum = new Float64Array(n);
    this.waited = new Float64Array(n);
    this.response = new Float64Array(n * FINE_BUCKETS.size);
    this.inSystemAtArrival = new Float64Array(n * IN_SYSTEM_SLOTS);
    this.binBusy = new Float64Array(cells);
    this.binWaitArea = new Float64Array(cells);
    this.binAccepted = new Float64Array(cells);
    this.binResponseSum = new Float64Array(cells);
    this.binResponse = new Uint32Array(cells * WINDOW_BUCKETS.size);
  }

  /**
   * Accepted requests per server, summed from their bins when read (every
   * accepted request counted is counted in its bin; an integer sum, exact):
   * one typed-array increment fewer per request. Read once, not per server.
   */
  get acceptedCount(): Float64Array {
    return perServerSums(this.binAccepted, this.serverCount);
  }

  /**
   * Arrivals per server in the measured period: the sum of its row of
   * `inSystemAtArrival`, where each arrival is counted once (integer sums,
   * exact), so that no running total is incremented per request.
   */
  get arrivals(): Float64Array {
    return rowSums(this.inSystemAtArrival, this.serverCount);
  }

  arrived(host: number, t: number, inSystem: number): void {
    if (t < this.warmup || t >= this.duration) return;
    const k = inSystem < IN_SYSTEM_SLOTS ? inSystem : IN_SYSTEM_SLOTS - 1;
    this.inSystemAtArrival[host * IN_SYSTEM_SLOTS + k]!++;
  }

  accepted(host: number, t: number, start: number, end: number): void {
    const warmup = this.warmup;
    if (t >= warmup && end < this.duration) {
      this.acceptedWithin(host, t, start, end);
      return;
    }
    this.acceptedClipped(host, t, start, end);
  }

  /**
   * `accepted` for a request wholly inside the measured period (the usual
   * case): the same sums as `acceptedClipped`, in the same order, with no
   * clipping to test.
   */
  private acceptedWithin(host: number, t: number, start: number, end: number): void {
    const w = this.binSeconds;
    // t and start are in [warmup, duration) here: truncation is the floor,
    // and an int32 keeps the cells' index arithmetic in integers.
    const bin = (t / w) | 0;
    // A start in the first half of t's bin is in that bin: its quotient by w
    // is below bin + 1 for all the rounding, so the division is skipped.
    // A span inside one bin (nearly every one: a bin is a window, a span a
    // service or a wait) is added here, the same sums addSpan would make; the
    // loop's set-up cost about 80 instructions per request (valgrind).
    const last = this.binCount - 1;
    const n = this.serverCount;
    if (end > start) {
      const b = start === t || start <= (bin + 0.5) * w ? bin : (start / w) | 0;
      if (end <= (b + 1) * w) {
        this.busy[host]! += end - start;
        this.binBusy[(b < last ? b : last) * n + host]! += end - start;
      } else this.addSpan(this.binBusy, this.busy, host, start, end, b);
    }
    if (start > t) {
      if (start <= (bin + 1) * w) {
        this.waitArea[host]! += start - t;
        this.binWaitArea[(bin < last ? bin : last) * n + host]! += start - t;
      } else this.addSpan(this.binWaitArea, this.waitArea, host, t, start, bin);
    }
    if (end > t) this.systemArea[host]! += end - t;
    this.counted(host, bin, end - t, start - t);
  }

  /**
   * `accepted` for any request: its intervals clipped to the measured
   * period. Public for the test that holds `acceptedWithin` to it, bit for bit.
   */
  acceptedClipped(host: number, t: number, start: number, end: number): void {
    // Areas count whatever part of the interval lies in the measured period,
    // so the time averages are exact whenever requests arrived.
    const warmup = this.warmup;
    const duration = this.duration;
    const w = this.binSeconds;
    // The bin of t (clipped to the warm-up), divided for once: the wait
    // starts there, and so does the service of a request that did not wait.
    const from = t > warmup ? t : warmup;
    const bin = Math.floor(from / w);
    const busyFrom = start > warmup ? start : warmup;
    const busyTo = end < duration ? end : duration;
    if (busyTo > busyFrom)
      this.addSpan(
        this.binBusy,
        this.busy,
        host,
        busyFrom,
        busyTo,
        busyFrom === from ? bin : Math.floor(busyFrom / w),
      );
    if (start > t) {
      const waitTo = start < duration ? start : duration;
      if (waitTo > from) this.addSpan(this.binWaitArea, this.waitArea, host, from, waitTo, bin);
    }
    // The time in the system: a total only, no bins.
    const to = end < duration ? end : duration;
    if (to > from) this.systemArea[host]! += to - from;
    if (t < warmup || t >= duration) return;
    // t is in the measured period here, so `from` is t and `bin` its bin.
    this.counted(host, bin, end - t, start - t);
  }

  /** An accepted request that arrived in the measured period, in t's `bin`: its counts and response. */
  private counted(host: number, bin: number, response: number, wait: number): void {
    this.responseSum[host]! += response;
    this.waitSum[host]! += wait;
    if (wait > 0) this.waited[host]!++;
    this.response[host * FINE_SIZE + fineIndex(response)]!++;
    const last = this.binCount - 1;
    const cell = (bin < last ? bin : last) * this.serverCount + host;
    this.binAccepted[cell]!++;
    this.binResponseSum[cell]! += response;
    this.binResponse[cell * WINDOW_SIZE + windowIndex(response)]!++;
  }

  overflowed(host: number, t: number, dropped: boolean): void {
    if (t < this.warmup || t >= this.duration) return;
    if (dropped) this.dropped[host]!++;
    else this.refused[host]!++;
  }

  /**
   * Adds [from, to), inside [warmup, duration) and not empty, to a
   * per-server total and its bins; `bin` is Math.floor(from / binSeconds).
   */
  private addSpan(
    bins: Float64Array,
    totals: Float64Array,
    host: number,
    from: number,
    to: number,
    bin: number,
  ): void {
    totals[host]! += to - from;
    const w = this.binSeconds;
    const last = this.binCount - 1;
    const n = this.serverCount;
    let b = bin;
    let t = from;
    while (t < to) {
      const edge = (b + 1) * w;
      const stop = edge < to ? edge : to;
      bins[(b < last ? b : last) * n + host]! += stop - t;
      t = stop;
      b++;
    }
  }
}
