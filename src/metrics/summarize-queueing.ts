import type { Scenario } from "../scenario/index.js";
import { FINE_BUCKETS, type LogBuckets, WINDOW_BUCKETS } from "./log-histogram.js";
import { IN_SYSTEM_SLOTS, type QueueStats } from "./queue-stats.js";
import type { Recorder } from "./recorder.js";
import { ATTEMPT_ERROR } from "./recording.js";
import type { LatencyResult, QueueingResult } from "./results.js";
import { tidy } from "./tidy.js";

/** A server's queueing parameters as summarized (the model's ServerModel, passed in by the run layer). */
export interface QueueModelInfo {
  readonly workers: number;
  readonly queue: number;
  readonly overflow: "refuse" | "drop";
  readonly speed: number;
  readonly meanService: number;
}

export interface QueueSummaryInput {
  readonly scenario: Scenario;
  readonly recorder: Recorder;
  readonly stats: QueueStats;
  readonly models: readonly QueueModelInfo[];
  readonly client: {
    readonly timeout: number;
    readonly onError: "next" | "retry" | "give-up";
    readonly retries: number;
    readonly retryDelay: number;
  };
}

const orNull = (x: number | null): number | null => (x === null ? null : tidy(x));

function latency(
  buckets: LogBuckets,
  counts: ArrayLike<number>,
  offset: number,
  sum: number,
  n: number,
): LatencyResult {
  return {
    mean: n > 0 ? tidy(sum / n) : null,
    p50: orNull(buckets.quantile(counts, offset, 0.5)),
    p95: orNull(buckets.quantile(counts, offset, 0.95)),
    p99: orNull(buckets.quantile(counts, offset, 0.99)),
    p999: orNull(buckets.quantile(counts, offset, 0.999)),
  };
}

/** The `queueing` section of results: whole run, per server, per bin. Pure. */
export function summarizeQueueing(input: QueueSummaryInput): QueueingResult {
  const { scenario: s, recorder: rec, stats: q, models } = input;
  const n = q.serverCount;
  const measured = s.duration - s.warmup;
  const fine = FINE_BUCKETS.size;
  const erred = (i: number, kind: number) => rec.erred[i * 3 + kind]!;

  const overall = new Float64Array(fine);
  let responseSum = 0;
  let accepted = 0;
  let busy = 0;
  let workerSeconds = 0;
  let meanQueue = 0;
  let arrivals = 0;
  const { acceptedCount, arrivals: arrived } = q;
  const servers = models.map((m, i) => {
    for (let b = 0; b < fine; b++) overall[b]! += q.response[i * fine + b]!;
    responseSum += q.responseSum[i]!;
    accepted += acceptedCount[i]!;
    arrivals += arrived[i]!;
    busy += q.busy[i]!;
    workerSeconds += m.workers * measured;
    meanQueue += q.waitArea[i]! / measured;
    const count = acceptedCount[i]!;
    return {
      address: s.servers[i]!.address,
      workers: m.workers,
      queue: Number.isFinite(m.queue) ? m.queue : null,
      overflow: m.overflow,
      speed: m.speed,
      meanServiceTime: tidy(m.meanService),
      capacityPerSecond: tidy(m.workers / m.meanService),
      arrivals: arrived[i]!,
      accepted: count,
      // Server-side, by arrival time at the server, like arrivals and accepted:
      // the client-side counts (by visit, retries past the horizon included)
      // could exceed the arrivals they are a share of.
      refused: q.refused[i]!,
      dropped: q.dropped[i]!,
      timedOut: erred(i, ATTEMPT_ERROR.TIMED_OUT),
      utilisation: tidy(q.busy[i]! / (m.workers * measured)),
      meanQueue: tidy(q.waitArea[i]! / measured),
      meanInSystem: tidy(q.systemArea[i]! / measured),
      meanWait: count > 0 ? tidy(q.waitSum[i]! / count) : null,
      waitProbability: count > 0 ? tidy(q.waited[i]! / count) : null,
      responseTime: latency(FINE_BUCKETS, q.response, i * fine, q.responseSum[i]!, count),
      inSystemAtArrival: Array.from(
        q.inSystemAtArrival.subarray(i * IN_SYSTEM_SLOTS, (i + 1) * IN_SYSTEM_SLOTS),
      ),
    };
  });

  let refused = 0;
  let dropped = 0;
  let timedOut = 0;
  for (let i = 0; i < n; i++) {
    refused += erred(i, ATTEMPT_ERROR.REFUSED);
    dropped += erred(i, ATTEMPT_ERROR.DROPPED);
    timedOut += erred(i, ATTEMPT_ERROR.TIMED_OUT);
  }

  return {
    requestTimeout: input.client.timeout,
    onError: input.client.onError,
    retries: input.client.retries,
    retryDelay: input.client.retryDelay,
    totals: {
      arrivals,
      accepted,
      refused,
      dropped,
      timedOut,
      retries: rec.retries,
      utilisation: tidy(workerSeconds > 0 ? busy / workerSeconds : 0),
      meanQueue: tidy(meanQueue),
      responseTime: latency(FINE_BUCKETS, overall, 0, responseSum, accepted),
    },
    servers,
    timeseries: queueTimeSeries(q, rec, models),
  };
}

function queueTimeSeries(
  q: QueueStats,
  rec: Recorder,
  models: readonly QueueModelInfo[],
): QueueingResult["timeseries"] {
  const n = q.serverCount;
  const bins = q.binCount;
  const w = q.binSeconds;
  const size = WINDOW_BUCKETS.size;
  // The seconds of bin b inside the measured period (the warm-up and the horizon cut bins short).
  const covered = (b: number): number =>
    Math.max(0, Math.min((b + 1) * w, q.duration) - Math.max(b * w, q.warmup));
  const perServer = <T>(f: (i: number, b: number) => T): T[][] =>
    Array.from({ length: n }, (_, i) => Array.from({ length: bins }, (_, b) => f(i, b)));
  const quantile = (i: number, b: number, p: number) =>
    orNull(WINDOW_BUCKETS.quantile(q.binResponse, (b * n + i) * size, p));
  const overall = new Float64Array(size);
  const p99: (number | null)[] = [];
  for (let b = 0; b < bins; b++) {
    overall.fill(0);
    for (let i = 0; i < n; i++) {
      const offset = (b * n + i) * size;
      for (let k = 0; k < size; k++) overall[k]! += q.binResponse[offset + k]!;
    }
    p99.push(orNull(WINDOW_BUCKETS.quantile(overall, 0, 0.99)));
  }
  const kind = (k: number) => Array.from({ length: bins }, (_, b) => rec.binErred[b * 3 + k]!);
  return {
    utilisationByServer: perServer((i, b) => {
      const c = covered(b);
      return c > 0 ? tidy(q.binBusy[b * n + i]! / (models[i]!.workers * c)) : 0;
    }),
    meanQueueByServer: perServer((i, b) => {
      const c = covered(b);
      return c > 0 ? tidy(q.binWaitArea[b * n + i]! / c) : 0;
    }),
    meanResponseByServer: perServer((i, b) => {
      const count = q.binAccepted[b * n + i]!;
      return count > 0 ? tidy(q.binResponseSum[b * n + i]! / count) : null;
    }),
    p50ByServer: perServer((i, b) => quantile(i, b, 0.5)),
    p95ByServer: perServer((i, b) => quantile(i, b, 0.95)),
    p99ByServer: perServer((i, b) => quantile(i, b, 0.99)),
    p99,
    refused: kind(ATTEMPT_ERROR.REFUSED),
    dropped: kind(ATTEMPT_ERROR.DROPPED),
    timedOut: kind(ATTEMPT_ERROR.TIMED_OUT),
    retries: Array.from(rec.binRetries.subarray(0, bins)),
  };
}
