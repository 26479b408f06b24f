import type { Scenario } from "../scenario/index.js";
import { balanceOf } from "./balance.js";
import { binWeights, coveredSeconds, hasFullBin } from "./bin-coverage.js";
import type { Outage as OutageInfo } from "./outage.js";
import type { OutageTracker } from "./outage-tracker.js";
import type { QueueStats } from "./queue-stats.js";
import type { Recorder } from "./recorder.js";
import {
  type FailureResult,
  RESULTS_VERSION,
  type Results,
  type ServerResult,
  type TimeSeries,
} from "./results.js";
import { type QueueSummaryInput, summarizeQueueing } from "./summarize-queueing.js";
import { tidy } from "./tidy.js";

export interface SummaryInput {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly version: string;
  readonly recorder: Recorder;
  readonly tracker: OutageTracker;
  readonly outages: readonly OutageInfo[];
  readonly resolverShares: ArrayLike<number>;
  /**
   * Pool runs (scenario `connections`): bin × server, 1 when the server was in
   * the DNS answer in that bin. Each window's balance is then taken over those
   * servers and any other that carried load in it (see balanceOf).
   */
  readonly answerMembers?: Uint8Array;
  /** Servers with capacity only: the server-side counters, the servers' models and the client settings. */
  readonly queueing?: Omit<QueueSummaryInput, "scenario" | "recorder"> & { stats: QueueStats };
}

/** Widest window in which drain is judged (s). */
export const DRAIN_WINDOW_SECONDS = 10;

const tidyOrNull = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : tidy(x);

/** Turns the recorder's counters into the results object. Pure. */
export function summarize(input: SummaryInput): Results {
  const { scenario: s, recorder: rec, tracker } = input;
  const n = rec.serverCount;
  const measured = s.duration - s.warmup;
  // Balance and peaks are about the hosts' real load (the same as per address,
  // except under IP takeover, where a live host also carries a dead address).
  // A pool run counts the servers that were ever in its DNS answer (an
  // autoscaled pool lists reserve servers it may never publish).
  // The per-server totals are sums of the recorder's bins, summed at each read: read once here.
  const { attempts, served, hostLoad, servedRequests } = rec;
  const overall = balanceOf(hostLoad, n, 0, everInAnswer(input.answerMembers, n));
  // How much of the measured period each bin covers (see bin-coverage.ts).
  const weights = binWeights(rec.binCount, rec.binSeconds, s.warmup, rec.duration);

  const servers: ServerResult[] = s.servers.map((sv, i) => {
    const peakPerSecond = peakRate(rec, i, weights, s.warmup);
    // With a service model the capacity defaults to what the workers can serve.
    const model = input.queueing?.models[i];
    const capacity = sv.capacity ?? (model ? model.workers / model.meanService : null);
    return {
      address: sv.address,
      attempts: attempts[i]!,
      served: served[i]!,
      failedAttempts: rec.failedAttempts[i]!,
      share: tidy(servedRequests > 0 ? served[i]! / servedRequests : 0),
      load: hostLoad[i]!,
      peakPerSecond: tidy(peakPerSecond),
      capacity: capacity === null ? null : tidy(capacity),
      peakUtilisation: capacity ? tidy(peakPerSecond / capacity) : null,
    };
  });

  const timeseries = buildTimeSeries(rec, weights, input.answerMembers);
  const windowed = meanWindowBalance(timeseries, weights);

  const maxTimeouts = rec.maxTimeouts;
  const timeoutSum = rec.timeoutSum;
  // Every visit ends once in the histogram; those in slot 0 paid no timeout.
  const hist = rec.timeoutHistogram;
  const visitsSeen = rec.visits;
  const { lookups, hits } = rec;
  const delayed = visitsSeen - hist[0]!;
  const p99Timeouts = histogramQuantile(hist, 0.99);
  const timeout = s.clients.connectTimeout;

  const failures: FailureResult[] = input.outages.map((o, i) => {
    // Drain is judged in windows of at most 10 s, so it is read to about 10 s
    // even when the report's bins are an hour wide.
    const drain = tracker.drainSeconds(i, Math.min(rec.binSeconds, DRAIN_WINDOW_SECONDS));
    const withdrawal = Number.isFinite(o.withdrawnAt) ? o.withdrawnAt - o.start : null;
    return {
      server: s.servers[o.server]!.address,
      start: tidy(o.start),
      end: tidy(o.end),
      mode: o.mode,
      withdrawnAt: tidyOrNull(o.withdrawnAt),
      restoredAt: tidyOrNull(o.restoredAt),
      takenOverAt: tidyOrNull(o.takenOverAt),
      failedAttempts: tracker.failedAttempts[i]!,
      failedVisits: tracker.failedVisits[i]!,
      drainSeconds: tidyOrNull(drain),
      drainFromWithdrawalSeconds:
        drain !== null && withdrawal !== null ? tidy(Math.max(0, drain - withdrawal)) : null,
    };
  });

  let topShare = 0;
  for (let i = 0; i < input.resolverShares.length; i++)
    topShare = Math.max(topShare, input.resolverShares[i]!);

  return {
    scenario: s.name,
    description: s.description,
    seed: input.seed,
    version: input.version,
    resultsVersion: RESULTS_VERSION,
    duration: s.duration,
    warmup: s.warmup,
    totals: {
      visits: visitsSeen,
      requests: rec.requests,
      served: servedRequests,
      failed: rec.failedRequests,
      attempts: rec.totalAttempts,
      failedAttempts: rec.totalFailedAttempts,
      failedVisits: rec.failedVisits,
      unresolvedVisits: rec.unresolvedVisits,
    },
    servers,
    dns: {
      authoritativeQueries: rec.authQueries,
      authoritativeQps: tidy(rec.authQueries / measured),
      resolverLookups: lookups,
      resolverHits: hits,
      resolverHitRatio: tidy(lookups > 0 ? hits / lookups : 0),
      staleAnswers: rec.staleAnswers,
      unresolvedVisits: rec.unresolvedVisits,
      servfailVisits: rec.servfailVisits,
      noAnswerVisits: rec.noAnswerVisits,
      clientCacheHits: rec.clientCacheHits,
      resolvers: input.resolverShares.length,
      topResolverShare: tidy(topShare),
    },
    balance: {
      maxOverMean: tidyOrNull(overall?.maxOverMean),
      cov: tidyOrNull(overall?.cov),
      jain: tidyOrNull(overall?.jain),
      window: { seconds: rec.binSeconds, ...windowed },
    },
    delay: {
      connectTimeout: timeout,
      delayedVisits: delayed,
      meanSeconds: tidy(visitsSeen > 0 ? (timeoutSum * timeout) / visitsSeen : 0),
      p99Seconds: tidy(p99Timeouts * timeout),
      maxSeconds: tidy(maxTimeouts * timeout),
      meanDelayedSeconds: tidy(delayed > 0 ? (timeoutSum * timeout) / delayed : 0),
      lookup: {
        meanSeconds: tidy(rec.lookupDelays.mean(visitsSeen)),
        p99Seconds: tidy(rec.lookupDelays.quantile(0.99, visitsSeen)),
        maxSeconds: tidy(rec.lookupDelays.max),
        failedLookupSeconds: tidy(rec.failedLookupSeconds),
        meanFailedLookupSeconds: tidy(
          rec.unresolvedVisits > 0 ? rec.failedLookupSeconds / rec.unresolvedVisits : 0,
        ),
        heldLookups: rec.heldLookups,
        lostSeconds: tidy(rec.failedLookupSeconds + rec.heldLookupSeconds),
      },
    },
    failures,
    ...(input.queueing
      ? { queueing: summarizeQueueing({ ...input.queueing, scenario: s, recorder: rec }) }
      : {}),
    timeseries,
    scenarioSpec: s,
  };
}

/** The smallest k with at least q of the mass at or below it. */
function histogramQuantile(hist: Float64Array, q: number): number {
  let total = 0;
  for (let k = 0; k < hist.length; k++) total += hist[k]!;
  if (total === 0) return 0;
  let seen = 0;
  for (let k = 0; k < hist.length; k++) {
    seen += hist[k]!;
    if (seen >= q * total) return k;
  }
  return hist.length - 1;
}

/**
 * Host `i`'s busiest bin, in requests per second over the seconds the bin
 * covers: over full bins only, since a sliver's rate is a sample of a second
 * or two, not a peak over a window; over the partial ones when none is full.
 */
function peakRate(rec: Recorder, i: number, weights: Float64Array, warmup: number): number {
  const n = rec.serverCount;
  const full = hasFullBin(weights);
  let peak = 0;
  for (let b = 0; b < rec.binCount; b++) {
    const load = rec.binHostLoad[b * n + i]!;
    if (full) {
      if (weights[b] === 1) peak = Math.max(peak, load / rec.binSeconds);
    } else {
      const covered = coveredSeconds(b, rec.binSeconds, warmup, rec.duration);
      if (covered > 0) peak = Math.max(peak, load / covered);
    }
  }
  return peak;
}

function buildTimeSeries(
  rec: Recorder,
  weights: Float64Array,
  members: Uint8Array | undefined,
): TimeSeries {
  const n = rec.serverCount;
  const bins = rec.binCount;
  // Loops, not Array.from with a map function (slow per element: a sampled log's
  // validation run has 5,000 bins, and its hundreds of runs each build these).
  const perServer = (source: Float64Array): number[][] => {
    const all: number[][] = [];
    for (let i = 0; i < n; i++) {
      const one = new Array<number>(bins);
      for (let b = 0; b < bins; b++) one[b] = source[b * n + i]!;
      all.push(one);
    }
    return all;
  };
  const series = (source: Float64Array): number[] => {
    const out = new Array<number>(bins);
    for (let b = 0; b < bins; b++) out[b] = source[b]!;
    return out;
  };
  const overflow = (source: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += source[bins * n + i]!;
    return sum;
  };
  const maxOverMean: (number | null)[] = [];
  const cov: (number | null)[] = [];
  const jain: (number | null)[] = [];
  for (let b = 0; b < bins; b++) {
    // Bins that end before the warm-up does (weight 0) do not count towards balance.
    const indices = weights[b]! > 0 ? balanceOf(rec.binHostLoad, n, b * n, members) : null;
    maxOverMean.push(tidyOrNull(indices?.maxOverMean));
    cov.push(tidyOrNull(indices?.cov));
    jain.push(tidyOrNull(indices?.jain));
  }
  return {
    binSeconds: rec.binSeconds,
    start: binStarts(bins, rec.binSeconds),
    servedByServer: perServer(rec.binServed),
    attemptsByServer: perServer(rec.binAttempts),
    failedAttemptsByServer: perServer(rec.binFailedAttempts),
    loadByServer: perServer(rec.binHostLoad),
    visits: series(rec.binVisits),
    requests: series(rec.binRequests),
    failedRequests: series(rec.binFailedRequests),
    failedVisits: series(rec.binFailedVisits),
    unresolvedVisits: series(rec.binUnresolved),
    authoritativeQueries: series(rec.binAuthQueries),
    resolverLookups: series(rec.binLookups),
    resolverHits: series(rec.binHits),
    staleAnswers: series(rec.binStale),
    maxOverMean,
    cov,
    jain,
    afterHorizon: {
      served: overflow(rec.binServed),
      failedAttempts: overflow(rec.binFailedAttempts),
      failedRequests: rec.binFailedRequests[bins]!,
    },
  };
}

/** Each bin's start, seconds. */
function binStarts(bins: number, binSeconds: number): number[] {
  const out = new Array<number>(bins);
  for (let b = 0; b < bins; b++) out[b] = tidy(b * binSeconds);
  return out;
}

/**
 * The per-window balance indices averaged over the run: each window weighted
 * by the fraction of a window it covers (full windows weigh 1), the worst
 * over full windows only (a sliver's max/mean is noise), unless none is full.
 */
function meanWindowBalance(
  ts: TimeSeries,
  weights: Float64Array,
): {
  windows: number;
  partialWindows: number;
  maxOverMean: number | null;
  cov: number | null;
  jain: number | null;
  worstMaxOverMean: number | null;
} {
  // Full windows and slivers: how many, and the worst max/mean of each.
  const full = { count: 0, worst: 0 };
  const partial = { count: 0, worst: 0 };
  let weightSum = 0;
  let m = 0;
  let c = 0;
  let j = 0;
  ts.maxOverMean.forEach((value, b) => {
    if (value === null) return;
    const w = weights[b]!;
    const kind = w === 1 ? full : partial;
    kind.count++;
    kind.worst = Math.max(kind.worst, value);
    weightSum += w;
    m += w * value;
    c += w * ts.cov[b]!;
    j += w * ts.jain[b]!;
  });
  const windows = { windows: full.count, partialWindows: partial.count };
  if (weightSum === 0)
    return { ...windows, maxOverMean: null, cov: null, jain: null, worstMaxOverMean: null };
  return {
    ...windows,
    maxOverMean: tidy(m / weightSum),
    cov: tidy(c / weightSum),
    jain: tidy(j / weightSum),
    worstMaxOverMean: tidy(full.count > 0 ? full.worst : partial.worst),
  };
}

/** Per server, 1 when it was in the DNS answer in any bin (undefined: not a pool run, every server counts). */
function everInAnswer(members: Uint8Array | undefined, n: number): Uint8Array | undefined {
  if (!members) return undefined;
  const ever = new Uint8Array(n);
  for (let i = 0; i < members.length; i++) if (members[i]) ever[i % n] = 1;
  return ever;
}
