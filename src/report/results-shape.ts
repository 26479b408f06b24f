import { z } from "zod";
import type { Results } from "../metrics/index.js";

/**
 * The shape of a results.json, as far as the report reads it, so that
 * `rrdns report` can tell a user "this is not a results file" instead of
 * failing halfway through a chart. Extra fields are allowed (and dropped).
 */

const count = z.number().finite();
const maybe = z.number().finite().nullable();
const series = z.array(count);

const server = z.object({
  address: z.string(),
  requests: count,
  served: count,
  failedAttempts: count,
  share: count,
  load: count,
  peakPerSecond: count,
  capacity: maybe,
  peakUtilisation: maybe,
});

const failure = z.object({
  server: z.string(),
  start: count,
  end: count,
  mode: z.enum(["blackhole", "refused"]),
  withdrawnAt: maybe,
  restoredAt: maybe,
  takenOverAt: maybe,
  failedAttempts: count,
  failedVisits: count,
  drainSeconds: maybe,
  drainFromWithdrawalSeconds: maybe,
});

const timeseries = z.object({
  binSeconds: z.number().positive(),
  start: series,
  servedByServer: z.array(series),
  attemptsByServer: z.array(series),
  failedAttemptsByServer: z.array(series),
  loadByServer: z.array(series),
  visits: series,
  requests: series,
  failedRequests: series,
  failedVisits: series,
  unresolvedVisits: series,
  authoritativeQueries: series,
  resolverLookups: series,
  resolverHits: series,
  staleAnswers: series,
  maxOverMean: z.array(maybe),
  cov: z.array(maybe),
  jain: z.array(maybe),
  afterHorizon: z
    .object({ served: count, failedAttempts: count, failedRequests: count })
    .optional(),
});

const shape = z.object({
  scenario: z.string(),
  description: z.string(),
  seed: count,
  version: z.string(),
  duration: z.number().positive(),
  warmup: z.number().nonnegative(),
  totals: z.object({
    visits: count,
    requests: count,
    served: count,
    failed: count,
    attempts: count,
    failedAttempts: count,
    failedVisits: count,
    unresolvedVisits: count,
  }),
  servers: z.array(server).min(1),
  dns: z.object({
    authoritativeQueries: count,
    authoritativeQps: count,
    resolverLookups: count,
    resolverHits: count,
    resolverHitRatio: count,
    staleAnswers: count,
    unresolvedVisits: count,
    servfailVisits: count,
    noAnswerVisits: count,
    clientCacheHits: count,
    resolvers: count,
    topResolverShare: count,
  }),
  balance: z.object({
    maxOverMean: maybe,
    cov: maybe,
    jain: maybe,
    window: z.object({
      seconds: count,
      windows: count,
      maxOverMean: maybe,
      cov: maybe,
      jain: maybe,
      worstMaxOverMean: maybe,
    }),
  }),
  delay: z.object({
    connectTimeout: count,
    delayedVisits: count,
    meanSeconds: count,
    p99Seconds: count,
    maxSeconds: count,
    meanDelayedSeconds: count,
  }),
  failures: z.array(failure),
  timeseries,
  scenarioSpec: z.unknown(),
});

export type ResultsCheck =
  | { readonly ok: true; readonly results: Results }
  | { readonly ok: false; readonly problems: string[] };

/** Checks that a parsed JSON value is a results object the report can draw. */
export function checkResults(value: unknown): ResultsCheck {
  const parsed = shape.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map(
        (i) => `${i.path.length > 0 ? i.path.map(String).join(".") : "(top level)"}: ${i.message}`,
      ),
    };
  const r = parsed.data as Results;
  const problems = seriesLengthProblems(r);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, results: r };
}

/** Every per-bin series must have one value per bin, and one series per server. */
function seriesLengthProblems(r: Results): string[] {
  const ts = r.timeseries;
  const bins = ts.start.length;
  const problems: string[] = [];
  for (const [name, value] of Object.entries(ts)) {
    if (!Array.isArray(value)) continue;
    const perServer = name.endsWith("ByServer");
    if (perServer && value.length !== r.servers.length)
      problems.push(`timeseries.${name}: ${value.length} series for ${r.servers.length} servers`);
    const lists = perServer ? (value as unknown[][]) : [value as unknown[]];
    if (lists.some((list) => list.length !== bins))
      problems.push(`timeseries.${name}: expected ${bins} values, one per bin`);
  }
  return problems;
}
