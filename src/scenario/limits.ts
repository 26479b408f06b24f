/*
 * The estimates of a run's work and memory that enforce the bounds of
 * bounds.ts: what exceeds them is refused up front, with the estimate and
 * the limit in the message (docs/guides/limits.md).
 */
import {
  MAX_BINS,
  MAX_EVENTS,
  MAX_MEMORY_BYTES,
  MAX_OUTAGES,
  MAX_RANDOM_OUTAGES,
  MAX_REQUESTS,
  MAX_SERIES_VALUES,
} from "./bounds.js";
import { expectedVisitsOver, peakRate, rateAt } from "./rate-profile.js";
import { clientErrorHandling, hasServiceModel, sessionPreRoll } from "./resolve.js";
import type { CountDistribution, RateProfile, Scenario, SessionSpec } from "./schema.js";
import { preRollLength, quietPreRollLength } from "./session-pre-roll.js";

/** Expected work of a run, to refuse the infeasible and to decide whether to show progress. */
export interface WorkEstimate {
  /** Expected visits over the whole run (warmup included; a session workload's pre-roll too). */
  readonly visits: number;
  /** Expected requests (visits × requestsPerVisit). */
  readonly requests: number;
  /** Expected simulator events: arrival draws including thinning candidates, outage begin/end. */
  readonly events: number;
  /** A session workload's pre-roll (`clients.sessions.preRoll`), whose work the totals above include. */
  readonly preRoll?: PreRollWork;
}

/** The unrecorded run before t = 0 of a session workload (warm, or quiet). */
export interface PreRollWork {
  /** Its length, at least (the caches' part, or the shortest quiet one: the sessions' part is sampled by the model). */
  readonly seconds: number;
  /** Quiet: its sessions draw their requests (each an event) without making them. */
  readonly quiet: boolean;
  readonly sessions: number;
  /** Requests made (none in a quiet pre-roll). */
  readonly requests: number;
  readonly events: number;
}

/** Simulator events per attempt at a server with capacity: its arrival in the queue, and its completion or timeout. */
export const EVENTS_PER_ATTEMPT = 2;

/**
 * Events per request at servers with capacity (0 without: a request is then
 * served inside its visit's event): each attempt's events, and a request
 * refused or timed out is tried again up to `clients.retries` times (CLIENT_DEFAULTS.retries by
 * default) unless onError is give-up. Counted at the worst, every attempt
 * failing until the budget is spent, since that is what a retry storm does:
 * a scenario overloaded on purpose must not pass as a tenth of its work.
 */
export function eventsPerRequest(s: Scenario): number {
  if (!hasServiceModel(s)) return 0;
  const client = clientErrorHandling(s.clients);
  const retries = client.onError === "give-up" ? 0 : client.retries;
  return EVENTS_PER_ATTEMPT * (1 + retries);
}

/** The expected work of running `s` for its duration. */
export function estimateWork(s: Scenario): WorkEstimate {
  const d = s.duration;
  if (s.clients.sessions) return estimateSessionWork(s, s.clients.sessions);
  const visits = expectedVisitsOver(s.clients.rate, d);
  const requests = visits * s.clients.requestsPerVisit;
  const events =
    arrivalDraws(s.clients.rate, d, visits) +
    requests * eventsPerRequest(s) +
    2 * expectedOutages(s).total;
  return { visits, requests, events };
}

/**
 * A session workload's work: per class, its sessions (arrivals × 1/(1 − q)
 * with return visits of probability q) × E[pages] × (1 + E[objects])
 * requests, each one event, and the pre-roll's (`clients.sessions.preRoll`,
 * as resolve decides it): its sessions arrive at the class's rate at t = 0
 * for the pre-roll's length (each one event). A warm pre-roll makes its
 * requests; a quiet one draws them (each still an event) and makes none,
 * so the sessions under way at t = 0 simulate their pre-history. Means are
 * rough upper bounds here (the exact ones are the model's,
 * src/model/sessions/draws.ts): enough to refuse the infeasible. The
 * pre-roll's length is the model's formula (preRollLength) with its caches'
 * part only (the longest record plus a lookup gap), and a quiet one's
 * shortest (quietPreRollLength, MIN_PRE_ROLL): the sessions' part is
 * sampled from the session laws in the model, which this layer cannot draw
 * from, so the pre-roll is counted at its shortest and a refusal is never
 * for work the run would not do.
 */
function estimateSessionWork(s: Scenario, spec: SessionSpec): WorkEstimate {
  let visits = 0;
  let requests = 0;
  let events = 2 * expectedOutages(s).total;
  const mode = sessionPreRoll(s, spec);
  const quiet = mode === "quiet";
  const seconds = mode === "warm" ? preRollLength(s, spec, 0) : quiet ? quietPreRollLength(0) : 0;
  const pre = { seconds, quiet, sessions: 0, requests: 0, events: 0 };
  // Each request is an event; at servers with capacity, its attempts' too.
  const perRequest = Math.max(1, eventsPerRequest(s));
  for (const c of spec.classes) {
    // With return visits `rate` counts visits, each a geometric number of
    // sessions: 1 / (1 − q) on average (q ≤ 0.99 by the schema).
    const perVisit = 1 / (1 - (c.revisit?.probability ?? 0));
    const arrivals = expectedVisitsOver(c.rate, s.duration);
    const sessions = arrivals * perVisit;
    const w = c.heavy?.weight ?? 0;
    const objects =
      (1 - w) * roughMeanCount(c.objects, 0) +
      (c.heavy ? w * roughMeanCount(c.heavy.objects, 0) : 0);
    const perSession = roughMeanCount(c.pages, 1) * (1 + objects);
    visits += sessions;
    requests += sessions * perSession;
    events += arrivalDraws(c.rate, s.duration, arrivals) + sessions * perSession * perRequest;
    // One arrival event per visit (a return visit reuses its session's slot).
    const arrivalsBefore = rateAt(c.rate, 0) * seconds;
    const before = arrivalsBefore * perVisit;
    pre.sessions += before;
    // A quiet pre-roll's requests are drawn, each an event, and never made.
    if (!quiet) pre.requests += before * perSession;
    pre.events += arrivalsBefore + before * perSession * (quiet ? 1 : perRequest);
  }
  return {
    visits: visits + pre.sessions,
    requests: requests + pre.requests,
    events: events + pre.events,
    ...(seconds > 0 ? { preRoll: pre } : {}),
  };
}

/** A count law's mean, at least as large as the exact one (capped at its max). */
function roughMeanCount(spec: CountDistribution, lo: number): number {
  if (typeof spec === "number") return spec;
  if (spec.dist === "empirical") return Math.max(lo, ...spec.values);
  let mean: number;
  if (spec.dist === "geometric") mean = spec.mean;
  else if (spec.dist === "lognormal") mean = spec.median * Math.exp((spec.sigma * spec.sigma) / 2);
  else mean = spec.alpha > 1 ? (spec.alpha * spec.min) / (spec.alpha - 1) : spec.max;
  return Math.max(lo, Math.min(mean, spec.max));
}

/** Clients of a session workload, and the resolvers of their own (resolver: own). */
function sessionClients(s: Scenario): { clients: number; own: number } {
  let clients = 0;
  let own = 0;
  for (const c of s.clients.sessions?.classes ?? []) {
    clients += c.clients;
    if (c.resolver === "own") own += c.clients;
  }
  return { clients, own };
}

/** Estimated bytes of simulator state and results, by the part that needs them. */
export interface MemoryEstimate {
  readonly resolvers: number;
  readonly clients: number;
  readonly bins: number;
  readonly outages: number;
  readonly total: number;
}

export function estimateMemory(s: Scenario): MemoryEstimate {
  const n = s.servers.length;
  const session = sessionClients(s);
  const r = (s.resolvers.weights?.length ?? s.resolvers.count) + session.own;
  // Per resolver: its cached answer (4 B per server), expiry, TTL end, rotation,
  // flags, stale TTL, behaviour, violator extra, weight and alias-table slot.
  const resolvers = r * (4 * n + 80);
  // Per client: its resolver, cached answer, answer length, expiry.
  // A session client's per-host burst state (as a trace host's): answer, times, counters.
  // With sessions the session clients are the cache population (clients.cache.population unused).
  const cached = s.clients.cache
    ? s.clients.sessions
      ? session.clients
      : s.clients.cache.population
    : 0;
  const clients = cached * (4 * n + 16) + session.clients * (4 * n + 60);
  // Recorder bins, plus the results' series as numbers and as JSON text.
  const bins = binCount(s) * (4 * n + 13) * (8 + 40);
  // Per outage: two drain series at 1 s (at most 20,000 bins each), plus its records.
  const expected = expectedOutages(s);
  const outages = expected.drainBins * 16 + expected.total * 1024;
  return { resolvers, clients, bins, outages, total: resolvers + clients + bins + outages };
}

/** A limit that `s` exceeds, as a field path and a message, or nothing. */
export interface LimitProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Everything in `s` that would not finish in reasonable time or memory. */
export function limitProblems(s: Scenario): LimitProblem[] {
  const problems: LimitProblem[] = [];
  const work = estimateWork(s);
  const rate: PropertyKey[] = s.clients.sessions ? ["clients", "sessions"] : ["clients", "rate"];
  const unit = s.clients.sessions ? "sessions" : "visits";
  if (!(work.events <= MAX_EVENTS)) {
    const pre = preRollPart(work, s.duration, work.events - MAX_EVENTS, work.preRoll?.events);
    problems.push({
      path: rate,
      message: `about ${count(work.events)} simulator events (${count(work.visits)} ${unit}${pre.where ?? ` in ${s.duration} s`}${retryNote(s)}); at most ${count(MAX_EVENTS)} can be simulated in reasonable time${pre.only ? `, and the run alone would fit: ${pre.shorter} or lower the rate` : ": lower the rate or the duration"}`,
    });
  } else if (!(work.requests <= MAX_REQUESTS)) {
    const pre = preRollPart(work, s.duration, work.requests - MAX_REQUESTS, work.preRoll?.requests);
    problems.push({
      path: ["clients", "requestsPerVisit"],
      message: s.clients.sessions
        ? `about ${count(work.requests)} requests (${count(work.visits)} sessions${pre.where ?? ""}); at most ${count(MAX_REQUESTS)} can be simulated in reasonable time${pre.only ? `, and the run alone would fit: ${pre.shorter}` : ""}`
        : `about ${count(work.requests)} requests (${count(work.visits)} visits × ${s.clients.requestsPerVisit}); at most ${count(MAX_REQUESTS)} can be simulated in reasonable time`,
    });
  }
  const series = binCount(s) * (4 * s.servers.length + 13);
  // Too many bins alone is the cross-check's message (binCountProblem); no second one.
  if (binCount(s) <= MAX_BINS && !(series <= MAX_SERIES_VALUES)) {
    problems.push({
      path: ["window"],
      message: `${binCount(s)} time bins × ${s.servers.length} servers make ${count(series)} numbers in the results' time series (at most ${count(MAX_SERIES_VALUES)}); use a wider window`,
    });
  }
  const outages = expectedOutages(s);
  if (!(outages.largestCount <= MAX_RANDOM_OUTAGES)) {
    const f = s.failures[outages.largest[1] as number]!;
    const servers = f.server === "all" ? s.servers.length : 1;
    problems.push({
      path: outages.largest,
      message: `about ${count(outages.largestCount)} outages in ${s.duration} s (at most ${MAX_RANDOM_OUTAGES}); mtbf + mttr must be at least ${Math.ceil((s.duration * servers) / MAX_RANDOM_OUTAGES)} s`,
    });
  } else if (!(outages.total <= MAX_OUTAGES)) {
    problems.push({
      path: outages.largest,
      message: `about ${count(outages.total)} server outages in ${s.duration} s (at most ${count(MAX_OUTAGES)}, which the report can still show)`,
    });
  }
  const memory = estimateMemory(s);
  if (!(memory.total <= MAX_MEMORY_BYTES)) {
    problems.push({
      path: memoryCulprit(s, memory),
      message: `needs about ${gib(memory.total)} of memory (resolvers ${gib(memory.resolvers)}, client caches ${gib(memory.clients)}, time bins ${gib(memory.bins)}, outages ${gib(memory.outages)}); at most ${gib(MAX_MEMORY_BYTES)}`,
    });
  }
  return problems;
}

/** ", each request up to N attempts at servers with capacity": why the events exceed the visits. */
function retryNote(s: Scenario): string {
  const perRequest = eventsPerRequest(s);
  if (perRequest === 0) return "";
  const attempts = perRequest / EVENTS_PER_ATTEMPT;
  return `, ${count(s.clients.requestsPerVisit)} request(s) each, up to ${attempts} attempt(s) per request at servers with capacity (clients.retries), ${EVENTS_PER_ATTEMPT} events per attempt`;
}

const SHORTER_PRE_ROLL =
  "shorten the pre-roll (start: cold, or a shorter dns.ttl or resolvers.ttl.max)";
const NO_QUIET_PRE_ROLL = "drop the pre-roll (clients.sessions.preRoll: none)";

/**
 * Where a session workload's sessions are, when a pre-roll counts
 * (": N in D s and M in the P s pre-roll ..."), and whether the pre-roll's
 * share `part` of the work is what puts it `over` the limit.
 */
function preRollPart(
  work: WorkEstimate,
  duration: number,
  over: number,
  part = 0,
): { where: string | undefined; only: boolean; shorter: string } {
  const pre = work.preRoll;
  const shorter = pre?.quiet ? NO_QUIET_PRE_ROLL : SHORTER_PRE_ROLL;
  if (!pre || !(pre.sessions > 0)) return { where: undefined, only: false, shorter };
  const what = pre.quiet
    ? "that the quiet pre-roll (clients.sessions.preRoll: quiet) simulates without making their requests, at its shortest"
    : "that start: steady pre-rolls, the longest record a resolver keeps plus a lookup gap";
  return {
    where: `: ${count(work.visits - pre.sessions)} in ${duration} s and ${count(pre.sessions)} in the ${pre.seconds} s before t = 0 ${what}`,
    only: part >= over,
    shorter,
  };
}

/** Time bins of a run (the last one may be partial). */
function binCount(s: Scenario): number {
  return Math.ceil(s.duration / s.window);
}

/** A message when duration / window would make too many time bins, else undefined. */
export function binCountProblem(duration: number, window: number): string | undefined {
  const bins = Math.ceil(duration / window);
  if (bins <= MAX_BINS) return undefined;
  return `${duration} s in windows of ${window} s makes ${bins} time bins (at most ${MAX_BINS}); use a window of at least ${Math.ceil(duration / MAX_BINS)} s`;
}

/**
 * Arrival draws: one per visit, plus the rejected candidates of thinning (the
 * diurnal envelope is the daily peak; a flash crowd's is the peak while it rises).
 */
function arrivalDraws(profile: RateProfile, duration: number, visits: number): number {
  if (typeof profile === "number" || profile.profile === "steps" || profile.profile === "periodic")
    return visits;
  if (profile.profile === "diurnal") return Math.max(visits, peakRate(profile) * duration);
  const rising = Math.max(0, Math.min(duration - profile.at, profile.rise));
  return visits + ((profile.peak - profile.base) * rising) / 2;
}

interface OutageEstimate {
  readonly total: number;
  /** Seconds of drain series (1 s bins, at most 20,000 per outage). */
  readonly drainBins: number;
  /** The failure spec that contributes most, to point the message at. */
  readonly largest: readonly PropertyKey[];
  readonly largestCount: number;
}

/** Server outages a run is expected to have: scheduled ones, and random ones by renewal theory. */
function expectedOutages(s: Scenario): OutageEstimate {
  let total = 0;
  let drainBins = 0;
  let largest: readonly PropertyKey[] = ["failures"];
  let largestCount = 0;
  s.failures.forEach((f, i) => {
    if ("at" in f) {
      total += 1;
      const span = Math.max(0, Math.min(f.duration, s.duration - f.at));
      drainBins += Math.min(span, 20_000) + 1;
      return;
    }
    const servers = f.server === "all" ? s.servers.length : 1;
    const cycle = f.mtbf + f.mttr;
    const n = (servers * s.duration) / cycle;
    total += n;
    drainBins += Math.min((servers * s.duration * f.mttr) / cycle + n, n * 20_000);
    if (!(n <= largestCount)) {
      largestCount = n;
      largest = ["failures", i, "mtbf"];
    }
  });
  return { total, drainBins, largest, largestCount };
}

function memoryCulprit(s: Scenario, m: MemoryEstimate): readonly PropertyKey[] {
  const parts: [number, readonly PropertyKey[]][] = [
    [m.resolvers, ["resolvers", s.resolvers.weights ? "weights" : "count"]],
    [m.clients, s.clients.sessions ? ["clients", "sessions"] : ["clients", "cache", "population"]],
    [m.bins, ["window"]],
    [m.outages, ["failures"]],
  ];
  return parts.reduce((a, b) => (b[0] > a[0] ? b : a))[1];
}

/** A count for a message: exact below a million, else like 3.6e15. */
function count(x: number): string {
  if (!Number.isFinite(x)) return "more than 1e308";
  if (x < 1e6) return String(Math.round(x));
  const [mantissa, exponent] = x.toExponential(1).split("e");
  return `${mantissa!.replace(/\.0$/, "")}e${Number(exponent)}`;
}

function gib(bytes: number): string {
  if (!Number.isFinite(bytes)) return "more than 1e308 bytes";
  if (bytes < 1024 ** 3) return `${Math.ceil(bytes / 1024 ** 2)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}
