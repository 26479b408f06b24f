import { FINE_BUCKETS } from "../metrics/index.js";
import {
  type IntervalMethod,
  replicationSeeds,
  type Summary,
  summarizeSample,
  upperBound,
} from "../run/index.js";
import { type Scenario, UserError } from "../scenario/index.js";
import { type Executor, inProcessExecutor } from "./execute.js";
import {
  applicableAlternatives,
  type PlanAlternative,
  withAlternative,
} from "./plan-alternatives.js";
import { classifyCause, isImbalance, type PlanCause } from "./plan-cause.js";
import type { PlanRun, SloMetric } from "./plan-run.js";
import { runPlanTask } from "./plan-worker.js";
import { firstLook, limitVerdict } from "./sequential.js";

export { SLO_METRICS, type SloMetric } from "./plan-run.js";

export interface Slo {
  readonly metric: SloMetric;
  /** Seconds. */
  readonly limit: number;
}

/** Parses "p99<0.5s", "p95<200ms", "mean<1": seconds unless the unit says ms. */
export function parseSlo(text: string): Slo {
  const m = /^\s*(mean|p50|p95|p99|p99\.9|p999)\s*<\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(text);
  if (!m)
    throw new UserError(
      `--slo ${text}: expected e.g. "p99<0.5s" (mean, p50, p95, p99 or p99.9; s or ms)`,
    );
  const metric = (m[1] === "p99.9" ? "p999" : m[1]) as SloMetric;
  const value = Number(m[2]);
  const limit = m[3] === "ms" ? value / 1000 : value;
  if (!(limit > 0)) throw new UserError(`--slo ${text}: the limit must be positive`);
  return { metric, limit };
}

/** Parses "2..16" (inclusive) or a single count. */
export function parseServerRange(text: string): { from: number; to: number } {
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+))?\s*$/.exec(text);
  const from = m ? Number(m[1]) : Number.NaN;
  const to = m ? Number(m[2] ?? m[1]) : Number.NaN;
  if (!m || from < 1 || to < from || to > 256)
    throw new UserError(`--servers ${text}: expected a range such as 2..16 (1 to 256 servers)`);
  return { from, to };
}

/** Parses "0.1%" or "0.001" as a fraction of requests. */
export function parseFraction(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%)?\s*$/.exec(text);
  const x = m ? Number(m[1]) / (m[2] ? 100 : 1) : Number.NaN;
  if (!m || !(x >= 0 && x <= 1))
    throw new UserError(`${flag} ${text}: expected a share such as 0.1% or 0.001`);
  return x;
}

function nextAddress(address: string, step: number): string {
  const parts = address.split(".").map(Number);
  let n = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
  n = (n + step) >>> 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/**
 * The scenario with n servers: the first n of its own, then copies of its
 * first server (same capacity and overrides) at the next addresses. Failures
 * of servers left out are dropped. With `nPlusOne` the first server is down
 * for the whole run (connections refused), so the others carry the load as
 * DNS allows: with plain round robin the dead address is still handed out
 * and failover clients move on, with health-checked DNS it is withdrawn.
 */
export function withServers(s: Scenario, n: number, nPlusOne: boolean): Scenario {
  const template = s.servers[0]!;
  const taken = new Set(s.servers.map((sv) => sv.address));
  const servers = s.servers.slice(0, n);
  let step = 1;
  while (servers.length < n) {
    let address = nextAddress(template.address, step++);
    while (taken.has(address)) address = nextAddress(template.address, step++);
    taken.add(address);
    servers.push({ ...template, address });
  }
  const kept = new Set(servers.map((sv) => sv.address));
  const failures = s.failures.filter((f) => f.server === "all" || kept.has(f.server));
  if (nPlusOne)
    failures.push({ server: servers[0]!.address, at: 0, duration: s.duration, mode: "refused" });
  return { ...s, servers, failures };
}

export interface PlanOptions {
  readonly slo: Slo;
  /** Most failed requests, as a share of all requests. */
  readonly maxErrors: number;
  readonly servers: { readonly from: number; readonly to: number };
  readonly nPlusOne: boolean;
  /** Most independent seeds per count (sequential stopping may use fewer, never below 3). */
  readonly replications: number;
  readonly seed: number;
}

export interface PlanCandidate {
  readonly servers: number;
  /** Servers not down for the whole run (servers − 1 with --n-plus-one). */
  readonly liveServers: number;
  /** Replications run before the CIs cleared the limits (or the most allowed). */
  readonly replications: number;
  /** The SLO statistic of the overall response time, over replications. */
  readonly latency: Summary;
  /** Failed requests / requests. */
  readonly errors: Summary;
  /**
   * Peak-window utilisation: of the busiest live server in its busiest
   * window, and of the live fleet as a whole (mean over live servers; a dead
   * server's idle capacity carries nothing) in its busiest window. Far
   * apart, DNS split the load unevenly; close, the load itself is too high.
   */
  readonly busiestUtilisation: Summary;
  readonly meanUtilisation: Summary;
  /** The busiest live server's share of the served requests × live servers: 1 = its fair share. */
  readonly imbalance: Summary;
  /** p99 response time at the busiest live server, seconds. */
  readonly busiestP99: Summary;
  /** The 95% CI's upper bounds meet both limits. */
  readonly meets: boolean;
  /** What breaks the SLO at this count; null when it meets it. */
  readonly cause: PlanCause | null;
}

/** A change of setup tried at the counts that failed on imbalance, and the fewest servers that then meet the SLO. */
export interface PlanAlternativeResult {
  readonly alternative: PlanAlternative;
  /** Fewest servers that meet the SLO with it, among those tried; null when none did. */
  readonly servers: number | null;
  /** The counts tried with it, upwards from the first failure not due to capacity. */
  readonly candidates: readonly PlanCandidate[];
}

export interface CapacityPlan {
  readonly options: PlanOptions;
  readonly candidates: readonly PlanCandidate[];
  /** Smallest server count that meets the SLO, or null. */
  readonly recommended: number | null;
  /** The cause at the largest count that failed: what forced the count. Null when the first count meets. */
  readonly cause: PlanCause | null;
  /** When the cause is imbalance: the obvious alternatives and what each needs. */
  readonly alternatives: readonly PlanAlternativeResult[];
  /** Plain words: what forced the count (or why none works). */
  readonly reason: string;
}

/** Utilisations and response times: never negative (a peak window's utilisation can pass 1). */
const NON_NEGATIVE: IntervalMethod = { kind: "mean", low: 0 };
const QUANTILE: IntervalMethod = { kind: "quantile", buckets: FINE_BUCKETS };

/**
 * Finds the smallest number of servers that meets the SLO. Counts are tried
 * upwards; each is replicated on the common seeds until the 95% CIs of the
 * response-time statistic and of the error share are clear of their limits
 * (sequential stopping: at least 3 seeds, at most `replications`), and it
 * meets the SLO when both upper bounds are within the limits. When the count
 * below the recommendation failed on imbalance, the obvious alternatives are
 * tried upwards from the first count that failed on anything but capacity.
 * `executor` runs the seeds (in this thread by default: pass a pool of
 * worker threads on dist/study/plan-worker.js for speed; the numbers are the
 * same). `onRun` reports progress.
 */
export async function planCapacity(
  s: Scenario,
  options: PlanOptions,
  executor: Executor<PlanRun> = inProcessExecutor(runPlanTask),
  onRun: (done: number) => void = () => {},
  /** Each count's summary as soon as it is decided (the CLI streams it). */
  onCandidate: (candidate: PlanCandidate) => void = () => {},
): Promise<CapacityPlan> {
  let done = 0;
  const judge = (scenario: Scenario, n: number): Promise<PlanCandidate> =>
    evaluateCount(scenario, n, options, executor, () => onRun(++done));
  const candidates: PlanCandidate[] = [];
  for (let n = options.servers.from; n <= options.servers.to; n++) {
    const candidate = await judge(withServers(s, n, options.nPlusOne), n);
    candidates.push(candidate);
    onCandidate(candidate);
    // Past the first count that meets the SLO, larger ones only cost more.
    if (candidate.meets) break;
  }
  const recommended = candidates.find((c) => c.meets)?.servers ?? null;
  const cause = candidates.filter((c) => !c.meets).at(-1)?.cause ?? null;
  const alternatives: PlanAlternativeResult[] = [];
  if (cause !== null && isImbalance(cause)) {
    // Below the first count that failed on something other than capacity, no
    // setup change can help: those counts are short of servers, however spread.
    const from = candidates.find((c) => c.cause !== null && c.cause !== "capacity")!.servers;
    const to = (recommended ?? options.servers.to + 1) - 1;
    for (const alternative of applicableAlternatives(s, options.nPlusOne)) {
      const tried: PlanCandidate[] = [];
      for (let n = from; n <= to; n++) {
        const c = await judge(withAlternative(withServers(s, n, options.nPlusOne), alternative), n);
        tried.push(c);
        if (c.meets) break;
      }
      alternatives.push({
        alternative,
        servers: tried.find((c) => c.meets)?.servers ?? null,
        candidates: tried,
      });
    }
  }
  const plan = { options, candidates, recommended, cause, alternatives };
  return { ...plan, reason: explain(s, plan) };
}

/**
 * Runs one count on the common seeds, `executor.concurrency` at a time, and
 * stops as soon as the first n runs (n ≥ 3, in seed order) clear both limits
 * either way. Runs beyond that n that happened to run in parallel are not
 * used, so the answer does not depend on the number of workers.
 */
async function evaluateCount(
  scenario: Scenario,
  n: number,
  o: PlanOptions,
  executor: Executor<PlanRun>,
  onRun: () => void,
): Promise<PlanCandidate> {
  const seeds = replicationSeeds(o.seed, o.replications);
  const signal = new AbortController().signal;
  const runs: PlanRun[] = [];
  let look = firstLook(o.replications);
  for (;;) {
    const want = Math.min(o.replications, Math.max(look, runs.length + executor.concurrency));
    const batch = seeds.slice(runs.length, want).map(async (seed) => {
      const run = await executor.run({ scenario, seed }, signal);
      onRun();
      return run;
    });
    runs.push(...(await Promise.all(batch)));
    for (; look <= runs.length; look++) {
      const candidate = summarizeCandidate(scenario, n, runs.slice(0, look), o);
      if (candidate.decided || look === o.replications) return candidate.candidate;
    }
  }
}

function summarizeCandidate(
  scenario: Scenario,
  n: number,
  runs: readonly PlanRun[],
  o: PlanOptions,
): { candidate: PlanCandidate; decided: boolean } {
  // No request answered at all: as bad as it gets.
  const latency = summarizeSample(
    runs.map((r) => r.latency[o.slo.metric] ?? Number.POSITIVE_INFINITY),
    // The mean is exact; quantiles are histogram buckets, with their resolution in the CI.
    o.slo.metric === "mean" ? NON_NEGATIVE : QUANTILE,
  );
  const errors = summarizeSample(
    runs.map((r) => (r.requests > 0 ? r.failed / r.requests : 0)),
    { kind: "share", trials: runs.map((r) => r.requests) },
  );
  const busiest = summarizeSample(
    runs.map((r) => r.busiest.peak),
    NON_NEGATIVE,
  );
  const fleet = summarizeSample(
    runs.map((r) => r.fleetPeak),
    NON_NEGATIVE,
  );
  // The busiest live server's share over the fair share: at least 1.
  const imbalance = summarizeSample(
    runs.map((r) => r.busiest.share * r.live),
    { kind: "mean", low: 1 },
  );
  const busiestP99 = summarizeSample(
    runs.map((r) => r.busiest.p99),
    QUANTILE,
  );
  const latencyHigh = upperBound(latency);
  const errorsHigh = upperBound(errors);
  // summarizeSample leaves non-finite values out, so a replication that answered
  // nothing (Infinity above) must fail the count here, not vanish from its sample.
  const allAnswered = latency.n === runs.length;
  const meets =
    allAnswered &&
    latencyHigh !== null &&
    latencyHigh <= o.slo.limit &&
    errorsHigh !== null &&
    errorsHigh <= o.maxErrors;
  const latencyVerdict = limitVerdict(latency, o.slo.limit);
  const errorsVerdict = limitVerdict(errors, o.maxErrors);
  const decided =
    (latencyVerdict === "meets" && errorsVerdict === "meets" && allAnswered) ||
    latencyVerdict === "breaks" ||
    errorsVerdict === "breaks" ||
    !allAnswered;
  const selection = scenario.clients.selection;
  const cause = meets
    ? null
    : classifyCause({
        fleetPeak: fleet.mean ?? 0,
        busiestPeak: busiest.mean ?? 0,
        busiestShareRatio: imbalance.mean ?? 1,
        followsDead: runs.filter((r) => r.busiestFollowsDead).length / runs.length,
        clientsFailOver: selection === "failover" || selection === "sorted",
      });
  return {
    candidate: {
      servers: n,
      liveServers: runs[0]?.live ?? n,
      replications: runs.length,
      latency,
      errors,
      busiestUtilisation: busiest,
      meanUtilisation: fleet,
      imbalance,
      busiestP99,
      meets,
      cause,
    },
    decided,
  };
}

/** Which effect forced the count, in plain words, with its figures and CIs. */
function explain(s: Scenario, plan: Omit<CapacityPlan, "reason">): string {
  const { options: o, candidates, recommended, cause, alternatives } = plan;
  const sloText = `${o.slo.metric} < ${o.slo.limit} s`;
  const failing = candidates.filter((c) => !c.meets).at(-1);
  const why = failing && cause ? causeText(s, failing, cause, o) : "";
  const fixes = alternatives.filter((a) => a.servers !== null);
  const orWith = fixes.map((a) => `${a.servers} with ${ALTERNATIVE_WORDS[a.alternative]}`);
  const alternativesText =
    alternatives.length === 0
      ? ""
      : ` Tried instead: ${alternatives.map((a) => alternativeResultText(a, o.slo.metric)).join("; ")}.`;
  if (recommended === null) {
    const hint =
      o.nPlusOne && s.clients.selection === "first" && !s.dns.healthCheck
        ? " With one server down, clients that do not fail over (selection first) lose the dead address's share whatever the count, since plain round-robin DNS keeps handing it out: use failover clients or health-checked DNS."
        : fixes.length > 0
          ? ""
          : " Try a wider --servers range or faster servers.";
    const fixed = fixes.length > 0 ? ` It takes ${orWith.join(", or ")}.` : "";
    return `No count from ${o.servers.from} to ${o.servers.to} meets ${sloText} with at most ${o.maxErrors * 100}% errors${why ? `; at ${failing!.servers} servers: ${why}` : ""}.${fixed}${alternativesText}${hint}`;
  }
  if (!failing)
    return `${recommended} servers (the smallest in the range) already meet ${sloText}.`;
  const headline = [`${recommended} servers`, ...orWith].join(", or ");
  return `${headline} are the fewest that meet ${sloText}; what forced it: ${why}.${alternativesText}`;
}

const ALTERNATIVE_WORDS: Record<PlanAlternative, string> = {
  "health-check": "health-checked DNS",
  "random-order": "order: random",
  "rotating-resolvers": "rotating resolvers",
};

function alternativeResultText(a: PlanAlternativeResult, metric: SloMetric): string {
  const words = ALTERNATIVE_WORDS[a.alternative];
  const last = a.candidates.at(-1);
  if (a.servers !== null && last)
    return `${words} meets it at ${a.servers} servers (${metric} ${summaryText(last.latency, 3)} s)`;
  const tried = a.candidates.map((c) => c.servers);
  const range = tried.length > 1 ? `${tried[0]}–${tried.at(-1)}` : `${tried[0]}`;
  return `${words} does not meet it at ${range} servers`;
}

function causeText(s: Scenario, c: PlanCandidate, cause: PlanCause, o: PlanOptions): string {
  const at = `at ${c.servers} servers`;
  const live =
    c.liveServers < c.servers
      ? `the ${c.liveServers} live servers (one is down)`
      : `the ${c.servers} servers`;
  const busiest = `the busiest server peaks at ${pctText(c.busiestUtilisation)} of its capacity, its p99 ${summaryText(c.busiestP99, 3)} s, carrying ${summaryText(c.imbalance, 2)} × its fair share (1/${c.liveServers}) of the requests`;
  const fleet = `${live} as a whole peak at ${pctText(c.meanUtilisation)}`;
  switch (cause) {
    case "capacity":
      return `${hasPeak(s) ? "the peak of the rate profile" : "the load"}: ${at}, ${fleet} of their capacity in the busiest window, so even a perfect spread leaves them full`;
    case "failover-concentration":
      return `failover concentration: ${at}, with ${o.nPlusOne ? "one server down" : "a server down"} its clients all fail over to its neighbour in the cyclic answer order; ${busiest}, while ${fleet}`;
    case "frozen-resolvers":
      return `imbalance from frozen or skewed resolvers (caches that keep one address order for a whole TTL): ${at}, ${busiest} in its busiest window, while ${fleet}`;
    case "queueing":
      return `queueing delay: ${at} no server is full (${live} peak at ${pctText(c.meanUtilisation)}, the busiest at ${pctText(c.busiestUtilisation)}), but at that utilisation requests wait in queues long enough that the ${o.slo.metric} is ${summaryText(c.latency, 3)} s`;
  }
}

function hasPeak(s: Scenario): boolean {
  return typeof s.clients.rate === "object";
}

/** mean [low, high], or the lone mean. */
function summaryText(x: Summary, digits: number, scale = 1): string {
  if (x.mean === null) return "n/a";
  const m = (x.mean * scale).toFixed(digits);
  if (x.ci95Low === null || x.ci95High === null) return m;
  return `${m} [${(x.ci95Low * scale).toFixed(digits)}, ${(x.ci95High * scale).toFixed(digits)}]`;
}

function pctText(x: Summary): string {
  return `${summaryText(x, 0, 100)}%`.replace(/^(\d+) \[(\d+), (\d+)\]%$/, "$1% [$2%, $3%]");
}
