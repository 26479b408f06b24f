import { z } from "zod";
import { MAX_BINS } from "../scenario/index.js";
import { connectionsSchema } from "./connection-results.js";

/**
 * The results contract, defined once: what `rrdns run` writes to
 * results.json (the types below are inferred from it), what `rrdns report`
 * accepts when it reads one back, and the JSON Schema of results
 * (`resultsJsonSchema`). Field names are part of the public interface.
 *
 * Every number is bounded by what a run can produce (counts are non-negative
 * integers, shares lie in [0, 1], times in [0, duration], every series has
 * one value per time bin and there are at most MAX_BINS bins), so that a
 * results file that passes renders in memory proportional to its size,
 * whoever wrote it. The cross-field bounds, and the schema that checks them
 * (`resultsSchema`), live in results-bounds.ts.
 */

/** Bumped when a field changes meaning or name. 1: servers[].requests (now `attempts`). */
export const RESULTS_VERSION = 2;

/** Most servers a scenario may have (as in the scenario schema); bounds per-server series. */
const MAX_SERVERS = 256;

/** A count of events: visits, requests, attempts, queries. */
const count = z.int().nonnegative();
/** A non-negative finite quantity: seconds, rates. */
const amount = z.number().nonnegative().finite();
const fraction = z.number().min(0).max(1);
/** Max/mean of a load vector over at most MAX_SERVERS servers: in [1, N]. */
const maxOverMean = z.number().min(0).max(MAX_SERVERS);
/** Coefficient of variation of at most MAX_SERVERS loads: at most √(N − 1). */
const cov = z.number().min(0).max(Math.sqrt(MAX_SERVERS));
const countSeries = z.array(count);

export const serverResultSchema = z.object({
  address: z.string(),
  attempts: count.describe("Connection attempts sent to this address (served or failed)."),
  served: count.describe("Requests served at this address."),
  failedAttempts: count,
  share: fraction.describe("This address's fraction of all served requests."),
  load: count.describe("Requests this host carried (differs from served under IP takeover)."),
  peakPerSecond: amount.describe(
    "Busiest full time bin's host load (requests the host carried, as `load`) per second.",
  ),
  capacity: z.number().positive().finite().nullable(),
  peakUtilisation: amount
    .nullable()
    .describe("peakPerSecond / capacity, when a capacity is given."),
});

const seconds = z.number().nonnegative().finite();
const time = seconds.nullable();

export type FailureResult = z.infer<typeof failureResultSchema>;

export const failureResultSchema = z.object({
  server: z.string(),
  start: seconds,
  end: seconds,
  mode: z.enum(["blackhole", "refused"]),
  withdrawnAt: time.describe("When health-checked DNS withdrew the address; null: not in the run."),
  restoredAt: time,
  takenOverAt: time,
  failedAttempts: count,
  failedVisits: count,
  drainSeconds: time.describe(
    "Seconds from the failure until the dead address gets < 1% of its fair share; null: never.",
  ),
  drainFromWithdrawalSeconds: time.describe(
    "The same, counted from the withdrawal by health-checked DNS.",
  ),
});

const perServer = z.array(countSeries).max(MAX_SERVERS);
const balanceSeries = (index: z.ZodNumber) => z.array(index.nullable());

export type TimeSeries = z.infer<typeof timeSeriesSchema>;

export const timeSeriesSchema = z.object({
  binSeconds: z.number().positive().finite(),
  start: z.array(seconds).min(1).max(MAX_BINS).describe("Start of each bin, seconds."),
  servedByServer: perServer.describe("Per server (outer index as in `servers`), per bin."),
  attemptsByServer: perServer,
  failedAttemptsByServer: perServer,
  loadByServer: perServer,
  visits: countSeries,
  requests: countSeries,
  failedRequests: countSeries,
  failedVisits: countSeries,
  unresolvedVisits: countSeries,
  authoritativeQueries: countSeries,
  resolverLookups: countSeries,
  resolverHits: countSeries,
  staleAnswers: countSeries,
  maxOverMean: balanceSeries(maxOverMean).describe(
    "Balance of the hosts' load per bin; null where nothing was served or the bin is in the warm-up. Connection-pool runs: over the servers in the DNS answer during the bin and any other that carried load in it.",
  ),
  cov: balanceSeries(cov),
  jain: balanceSeries(fraction),
  afterHorizon: z
    .object({ served: count, failedAttempts: count, failedRequests: count })
    .describe(
      "Requests of visits that arrived before the horizon but ran past it (late requests, retries after connect timeouts): in the totals, not in any bin.",
    ),
});

const windowBalanceSchema = z.object({
  seconds: z.number().positive().finite().describe("Window width: the scenario's `window`."),
  windows: count.describe("Full windows: those that cover `seconds` of the measured period."),
  partialWindows: count
    .optional()
    .describe(
      "Windows cut short by the warm-up or the end of the run: in the means, weighted by the seconds they cover, and left out of the worst (unless no window is full). Absent in version 1.",
    ),
  maxOverMean: maxOverMean.nullable(),
  cov: cov.nullable(),
  jain: fraction.nullable(),
  worstMaxOverMean: maxOverMean.nullable(),
});

export type LatencyResult = z.infer<typeof latencySchema>;

/** Response-time summary from the log-bucket histograms (quantiles to within their bucket, ±0.8% whole-run, ±6% per window). */
const latencySchema = z.object({
  mean: time.describe("Mean response time, seconds; null: no request answered."),
  p50: time,
  p95: time,
  p99: time,
  p999: time,
});

const queueServerSchema = z.object({
  address: z.string(),
  workers: z.int().positive(),
  queue: count.nullable().describe("Most requests waiting; null: unlimited."),
  overflow: z.enum(["refuse", "drop"]),
  speed: amount,
  meanServiceTime: amount.describe("Mean service time at this server's speed, seconds."),
  capacityPerSecond: amount.describe(
    "workers / meanServiceTime: requests per second at 100% utilisation.",
  ),
  arrivals: count.describe("Requests that reached this host (server-side, by arrival time)."),
  accepted: count,
  refused: count.describe(
    "Arrivals at this host refused by a full queue (server-side, by arrival time, like arrivals: arrivals = accepted + refused + dropped).",
  ),
  dropped: count.describe(
    "Arrivals at this host dropped by a full queue (server-side, like refused): the client waited its timeout.",
  ),
  timedOut: count.describe("Attempts at this address answered later than the client's timeout."),
  utilisation: amount.describe("Busy worker-seconds / (workers × measured seconds)."),
  meanQueue: amount.describe("Time-averaged number of requests waiting."),
  meanInSystem: amount.describe("Time-averaged number of requests waiting or in service (L)."),
  meanWait: time.describe("Mean wait before service of the accepted requests, seconds (Wq)."),
  waitProbability: fraction.nullable().describe("Share of accepted requests that waited at all."),
  responseTime: latencySchema.describe(
    "Arrival at the server to its answer, every accepted request (including those whose client had given up).",
  ),
  inSystemAtArrival: countSeries.describe(
    "Arrivals that found k requests at the server (waiting or in service), k = 0, 1, ...; the last entry: that many or more.",
  ),
});

const nullableSeries = z.array(z.array(seconds.nullable())).max(MAX_SERVERS);

export type QueueingResult = z.infer<typeof queueingSchema>;

const queueingSchema = z
  .object({
    requestTimeout: seconds,
    onError: z.enum(["next", "retry", "give-up"]),
    retries: count,
    retryDelay: seconds,
    totals: z.object({
      arrivals: count,
      accepted: count,
      refused: count.describe(
        "Attempts refused by a full queue, client-side (by visit, retries past the horizon included), so totals.attempts = served + failedAttempts + refused + dropped + timedOut; the servers' own counts are by arrival at the server.",
      ),
      dropped: count.describe("Attempts dropped by a full queue, client-side like refused."),
      timedOut: count,
      retries: count.describe("Extra attempts after refusals or timeouts."),
      utilisation: amount.describe("Busy worker-seconds over all workers' measured seconds."),
      meanQueue: amount.describe("Time-averaged requests waiting, summed over servers."),
      responseTime: latencySchema,
    }),
    servers: z.array(queueServerSchema).max(MAX_SERVERS),
    timeseries: z.object({
      utilisationByServer: z.array(z.array(amount)).max(MAX_SERVERS),
      meanQueueByServer: z.array(z.array(amount)).max(MAX_SERVERS),
      meanResponseByServer: nullableSeries,
      p50ByServer: nullableSeries,
      p95ByServer: nullableSeries,
      p99ByServer: nullableSeries,
      p99: z.array(seconds.nullable()).describe("Overall p99 response time per bin."),
      refused: countSeries,
      dropped: countSeries,
      timedOut: countSeries,
      retries: countSeries,
    }),
  })
  .describe("Servers with capacity only: queues, response times, utilisation and errors.");

const nullableShare = fraction.nullable();
const standardError = z.number().min(0).max(0.5).nullable();

const fragmentationSchema = z
  .object({
    sessionGap: seconds.describe("Session gap, seconds (trace seconds for a replay)."),
    thinkTime: seconds.describe(
      "Visit gap (clients.trace.thinkTime or sessions.lookupGap), seconds.",
    ),
    sessions: count.describe("Sessions that started after the warm-up."),
    fragmented: count.describe("Sessions whose requests more than one server served."),
    fragmentedShare: nullableShare,
    fragmentedShareSE: standardError.describe("Binomial standard error √(p(1 − p)/n)."),
    multiVisitSessions: count.describe("Sessions with two or more visits (lookups)."),
    multiVisitFragmented: count,
    multiVisitFragmentedShare: nullableShare,
    multiVisitFragmentedShareSE: standardError,
    visitPairs: count.describe(
      "Consecutive visits of one session: sum over sessions of (visits − 1).",
    ),
    switchedPairs: count.describe("Pairs whose visits were served by different servers."),
    switchedShare: nullableShare,
    switchedShareSE: standardError,
    spacing: z
      .array(
        z.object({
          fromSeconds: seconds,
          toSeconds: z.number().positive(),
          pairs: count,
          switched: count,
          switchedShare: nullableShare,
          switchedShareSE: standardError,
        }),
      )
      .max(64)
      .describe(
        "Visit pairs by spacing (one visit's start to the next's: lookup to lookup), four log bins per decade from 1 s; empty bins left out.",
      ),
  })
  .describe("Session fragmentation (scenario `fragmentation` only).");

const contentSchema = z
  .object({
    objects: count.describe("Objects in the catalogue (distinct request paths for a trace)."),
    browserCache: count.describe("Objects each browser keeps (LRU)."),
    skewed: z.array(z.string()).describe("Servers with Last-Modified times of their own."),
    requests: count.describe("Requests served after the warm-up: firstFetches + repeats."),
    firstFetches: count.describe("200s for objects not in the browser's cache."),
    repeats: count.describe("Conditional requests (If-Modified-Since): redownloads + notModified."),
    redownloads: count.describe(
      "Repeats answered 200 with the whole body (Last-Modified differed).",
    ),
    notModified: count.describe("Repeats answered 304."),
    redownloadShare: nullableShare,
    redownloadShareSE: standardError,
    bytes: amount.describe("Body bytes sent."),
    consistentBytes: amount.describe(
      "Body bytes a site with identical timestamps would have sent for the same requests.",
    ),
    extraBytes: amount.describe("bytes − consistentBytes: the re-downloads."),
    servers: z
      .array(
        z.object({
          address: z.string(),
          ok: count.describe("200 responses."),
          notModified: count.describe("304 responses."),
          firstFetches: count,
          redownloads: count,
          bytes: amount,
          extraBytes: amount,
        }),
      )
      .max(MAX_SERVERS),
  })
  .describe("Content consistency (scenario `content` only).");

/** A field the command line changed for this run (`--set`, `--duration`, `--seed`). */
export const overrideSchema = z.object({
  field: z
    .string()
    .describe("Field path as `rrdns run --set` takes it, e.g. `dns.ttl`; `seed`, `duration`."),
  value: z.union([z.number(), z.string(), z.boolean()]).describe("The value this run used."),
  file: z
    .unknown()
    .optional()
    .describe("The scenario file's value, defaults filled in; absent: the file does not set it."),
});

/** The results' fields and their own bounds; results-bounds.ts adds the cross-field ones. */
export const resultsShape = z.object({
  scenario: z.string(),
  description: z.string(),
  overrides: z
    .array(overrideSchema)
    .max(1000)
    .optional()
    .describe(
      "Fields the command line changed, in the order given (--duration, --seed, then each --set); absent when the run used the scenario file as it is. `description` is the file's and does not reflect them.",
    ),
  seed: count,
  version: z.string(),
  resultsVersion: z.literal(RESULTS_VERSION).describe("Version of this results format."),
  duration: z
    .number()
    .positive()
    .max(365 * 86400)
    .describe("Simulated seconds."),
  warmup: seconds,
  totals: z.object({
    visits: count,
    requests: count,
    served: count,
    failed: count.describe(
      "Requests that failed after every attempt (connection-pool runs: requests whose client had no open connection).",
    ),
    attempts: count.describe(
      "Connection attempts (connection-pool runs: one per request carried over a pooled connection, plus the connects refused by a server that reset its connections).",
    ),
    failedAttempts: count,
    failedVisits: count.describe("Visits with at least one failed request."),
    unresolvedVisits: count,
  }),
  servers: z.array(serverResultSchema).min(1).max(MAX_SERVERS),
  dns: z.object({
    authoritativeQueries: count,
    authoritativeQps: amount.describe("Authoritative queries per second over the measured period."),
    resolverLookups: count,
    resolverHits: count,
    resolverHitRatio: fraction,
    staleAnswers: count,
    unresolvedVisits: count,
    servfailVisits: count,
    noAnswerVisits: count,
    clientCacheHits: count,
    resolvers: count,
    topResolverShare: fraction.describe("Client share of the largest resolver."),
  }),
  balance: z.object({
    maxOverMean: maxOverMean.nullable(),
    cov: cov.nullable(),
    jain: fraction.nullable(),
    window: windowBalanceSchema,
  }),
  delay: z.object({
    connectTimeout: seconds,
    delayedVisits: count,
    meanSeconds: seconds.describe("Mean added seconds over all visits."),
    p99Seconds: seconds,
    maxSeconds: seconds,
    meanDelayedSeconds: seconds.describe(
      "Mean added seconds over the visits that paid at least one timeout.",
    ),
    lookup: z
      .object({
        meanSeconds: seconds.describe(
          "Mean seconds a visit waited for its DNS lookup (0 for a cache hit, the resolver's round trip to the authority on a miss, the stub timeout × attempts when no answer came).",
        ),
        p99Seconds: seconds.describe("99th percentile of the lookup wait, seconds."),
        maxSeconds: seconds.describe("Longest lookup wait, seconds."),
        failedLookupSeconds: seconds.describe(
          "Seconds waited in all by the visits whose lookup failed (unresolved): users' time lost to DNS failures.",
        ),
        meanFailedLookupSeconds: seconds.describe(
          "Mean seconds an unresolved visit waited before giving up.",
        ),
        heldLookups: count
          .optional()
          .describe(
            "Lookups a resolver held while the authority was down and answered once it came back (dnsmasq; Unbound and Knot when it returned during their retries).",
          ),
        lostSeconds: seconds
          .optional()
          .describe(
            "Seconds users lost to DNS trouble in all: the waits of failed lookups plus those of held ones.",
          ),
      })
      .optional()
      .describe(
        "Time spent waiting for DNS lookups, before any request starts (absent in results written before lookups took time).",
      ),
  }),
  failures: z.array(failureResultSchema),
  queueing: queueingSchema.optional(),
  trace: z
    .object({
      file: z.string(),
      lines: count,
      validLines: count,
      malformedLines: count,
      malformedExamples: z.array(count).describe("The first few malformed line numbers (1-based)."),
      lateLines: count.describe("Out of order by more than the reorder window: dropped."),
      outsideLines: count.describe("Outside the replayed range (from/to, offset, duration)."),
      replayedRequests: count,
      hosts: count,
      resolvers: count,
      origin: z.number().describe("Epoch seconds at simulated t = 0."),
      first: z.number().describe("Epoch seconds of the first line in range."),
      last: z.number().describe("Epoch seconds of the last line in range."),
      publicSuffixList: z
        .string()
        .optional()
        .describe(
          "Resolver rule subnet only: the Public Suffix List that grouped host names by registrable domain (the tldts release that bundles it).",
        ),
    })
    .optional()
    .describe("A replayed trace (clients.trace) only: what was read and what was left out."),
  fragmentation: fragmentationSchema.optional(),
  content: contentSchema.optional(),
  connections: connectionsSchema.optional(),
  timeseries: timeSeriesSchema,
  scenarioSpec: z.unknown().describe("The scenario exactly as run, defaults filled in."),
});

export type Results = z.infer<typeof resultsShape>;
export type ServerResult = z.infer<typeof serverResultSchema>;
export type OverrideResult = z.infer<typeof overrideSchema>;
export type FragmentationResults = z.infer<typeof fragmentationSchema>;
export type ContentResults = z.infer<typeof contentSchema>;

/** The JSON Schema of results.json (structure and per-field bounds; the cross-field ones are in prose). */
export function resultsJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(resultsShape, { io: "output", unrepresentable: "any" }),
    title: "rrdns results",
    description:
      "results.json written by `rrdns run`. Beyond this schema, `rrdns report` checks that every time series has one value per time bin (ceil(duration / binSeconds) bins, one series per server), that times lie within [0, duration] and that failures name a server of the run.",
  };
}
