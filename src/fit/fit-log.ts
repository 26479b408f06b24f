import {
  LineParser,
  MALFORMED_EXAMPLES,
  ReorderWindow,
  type TraceFormat,
  TraceScan,
} from "../logs/index.js";
import { classOffsets, meanDuration, quietPreRollSeconds } from "../model/index.js";
import {
  type DurationDistribution,
  MAX_RATE_STEPS,
  MAX_RESOLVERS,
  type SessionSpec,
  UserError,
} from "../scenario/index.js";
import { fitCensored, meanBelow } from "./censored.js";
import { sessionClassEntry } from "./class-entry.js";
import {
  countMean,
  type DistributionSpec,
  type FittedDistribution,
  fitCount,
  fitDuration,
  type Law,
} from "./distributions.js";
import { fitHeavy, type HeavyFit } from "./heavy.js";
import { detectObserveWindows, type ObserveWindows, observedRateProfile } from "./observe.js";
import {
  fitMixture,
  fitPopulation,
  type PopulationFit,
  type PopulationMoments,
} from "./population.js";
import {
  type ActiveInterval,
  ActivityTracker,
  type RateStep,
  rateBins,
  rateProfile,
} from "./rate.js";
import {
  fitRevisit,
  type RevisitFit,
  returnCurve,
  type SessionStarts,
  type SessionTimeline,
  simulateSessions,
  simulateTimeline,
  timelineStarts,
  visitRateSteps,
} from "./revisit.js";
import type { ReconstructionRules } from "./rules.js";
import { ClassObservations, SessionReconstructor } from "./sessions.js";
import { fitZipf, type ZipfFit } from "./zipf.js";

/** A log's lines in batches, read afresh on each call (the fit reads it twice). */
export type LogLines = () => Iterable<readonly string[]> | AsyncIterable<readonly string[]>;

export interface FitOptions {
  /** The log's name, for messages and the scenario's description. */
  readonly file: string;
  readonly format: TraceFormat;
  /** Seconds a line may be out of order (as clients.trace.reorderWindow). */
  readonly reorderWindow: number;
  readonly rules: ReconstructionRules;
  /** A host with more than this share of the requests is a class of its own. */
  readonly heavyShare: number;
  /** Seconds without any request that make a silent stretch (rate 0). */
  readonly idleGap: number;
  /** Seconds per step of the rate profile inside an active stretch. */
  readonly rateBin: number;
  /** Detect a periodically sampled log and write its observation windows (observe.ts). */
  readonly observe: boolean;
  /** On a sampled log, fit the laws as right-censored at each window's end (censored.ts). */
  readonly censor: boolean;
  /**
   * With `censor`: read each window's fragment as a fresh start or as the
   * continuation of a session begun before the window (censored.ts, the
   * fragments' likelihood); off: every fragment a session's start, whose
   * fitted load runs a quarter above the log's (docs/fit-validation.md,
   * "Requests per window-cut session").
   */
  readonly fragments: boolean;
  /**
   * With `fragments`: fit a session-level objects law, light and heavy
   * sessions (heavy.ts), to the fragments' inner and last pages; off: each
   * page's objects drawn independently of its session's.
   */
  readonly heavy: boolean;
  /** On a sampled log, fit the population's return visits to the log's return curve (revisit.ts). */
  readonly revisit: boolean;
  /**
   * Fit the population's clients and Zipf exponent to the log's distinct hosts
   * and one-session share (population.ts); off: the hosts seen, the skew of
   * their ranked session counts.
   */
  readonly population: boolean;
  /**
   * With `revisit` and `population`: once the population is split into
   * one-shot visitors and returning regulars, fit the regulars' return
   * visits again with the visitors in the simulation, and re-size (absent:
   * off; it brings the TTL 3600 s hit ratios to the log's, but held-out
   * B → A's max/mean then misses: docs/fit-validation.md, "Return visits
   * fitted with the visitors").
   */
  readonly mixtureRevisit?: boolean;
  /**
   * Start the fitted workload in the log's steady state
   * (`clients.sessions.preRoll: quiet`: sessions under way at t = 0, caches
   * cold), with the first rate step and the visit rate fitted for it; off: no
   * session under way at t = 0 (absent: on).
   */
  readonly preRoll?: boolean;
}

/** Session rate of a class: a number or a steps profile (contract 1 accepts any clients.rate profile). */
export type FittedRate = number | { profile: "steps"; steps: RateStep[] };

export interface ClassFit {
  readonly name: string;
  /** The host itself for a heavy host's class; empty for the population. */
  readonly host: string;
  readonly clients: number;
  readonly requests: number;
  readonly sessions: number;
  readonly zipf: ZipfFit;
  readonly rate: FittedRate;
  /** Sessions per second over the active time. */
  readonly meanRate: number;
  readonly pages: FittedDistribution;
  readonly objects: FittedDistribution;
  readonly thinkTime: FittedDistribution;
  readonly objectGap: FittedDistribution;
  /** The session-level objects law (heavy.ts): absent, every page draws from `objects`. */
  readonly heavy?: HeavyFit;
  /**
   * Observed mean requests per session, and the fitted E[pages]·(1 + E[objects]);
   * on a sampled log also `cut`: the fitted workload's sessions as the log
   * shows them (simulated with the windows, rebuilt by the same session rule).
   */
  readonly requestsPerSession: {
    readonly observed: number;
    readonly model: number;
    readonly cut?: number;
  };
  /** The population's return visits, fitted to a sampled log's return curve (absent: none). */
  readonly revisit?: RevisitFit;
  /**
   * The population class's size and skew fitted to the log's distinct hosts
   * and one-session share (population.ts); `clients` and the written skew
   * are its. Absent for a heavy host's class (one client).
   */
  readonly population?: PopulationFit;
  /**
   * While fitting: the population's one-shot visitors (population.ts,
   * `solveMixture`), a share of its sessions at its session rate, each
   * visitor a client of its own, without return visits. The result holds
   * them as a class of their own ("visitors", after the population).
   */
  readonly oneShot?: OneShotVisitors;
  /**
   * The class whose fitted laws this one draws (the visitors draw the
   * population's): the report shows those laws once, under that class.
   */
  readonly lawsOf?: string;
}

export interface OneShotVisitors {
  /** Share of the population's sessions. */
  readonly share: number;
  readonly clients: number;
  /** The population's session rate before any return-visit deconvolution (the visitors' at share 1). */
  readonly sessionRate: FittedRate;
}

export interface FitResult {
  readonly options: FitOptions;
  readonly lines: number;
  readonly validLines: number;
  readonly malformedLines: number;
  readonly malformedExamples: readonly number[];
  readonly lateLines: number;
  readonly requests: number;
  readonly hosts: number;
  readonly sessions: number;
  /** Epoch seconds: the first request (t = 0 of the scenario) and the end of the last active stretch. */
  readonly origin: number;
  readonly end: number;
  readonly intervals: readonly ActiveInterval[];
  readonly activeSeconds: number;
  /** A sampled log's observation windows (absent when not detected or `observe` is off). */
  readonly observe?: ObserveWindows;
  readonly classes: readonly ClassFit[];
}

/**
 * E[S], a session's mean span from its first request to its last under the
 * fitted laws (as the engine draws them): (E[pages] − 1)·E[think] for the
 * think times plus E[pages]·E[objects]·E[gap] for the bursts' gaps.
 */
export function meanSpan(
  pages: DistributionSpec,
  objects: DistributionSpec,
  think: DistributionSpec,
  gap: DistributionSpec,
): number {
  const p = countMean(pages, 1);
  const duration = (d: DistributionSpec) => meanDuration(d as DurationDistribution);
  return (p - 1) * duration(think) + p * countMean(objects, 0) * duration(gap);
}

/**
 * The window-seen span of a session: a session with gaps g₁…gₙ is seen in a
 * window of length L iff it starts within a set of measure L + Σ min(gᵢ, L)
 * before the window's end (the union of [−oⱼ, L − oⱼ) over its requests'
 * offsets oⱼ), so a stationary stream at rate λ shows λ(L + E[Σ min(gᵢ, L)])
 * sessions per window: (E[pages] − 1)·E[min(T, L)] + E[pages]·E[objects]·
 * E[min(G, L)]. It is `meanSpan` when every gap is below L.
 */
export function seenSpan(
  pages: DistributionSpec,
  objects: DistributionSpec,
  think: Law,
  gap: Law,
  length: number,
): number {
  const p = countMean(pages, 1);
  return (p - 1) * meanBelow(think, length) + p * countMean(objects, 0) * meanBelow(gap, length);
}

/** The most classes contract 1 allows: the population plus 63 heavy hosts. */
const MAX_HEAVY = 63;

/** A host as a class name: [A-Za-z0-9._-]+ (IPv6 colons and the rest become "_"). */
export function className(host: string): string {
  return `host-${host.replace(/[^A-Za-z0-9._-]/g, "_")}`.slice(0, 64);
}

/**
 * Fits the session workload of contract 1 to an access log. First pass: the
 * hosts and their request counts (the heavy hosts become classes); second
 * pass: lines → the reorder window → sessions per host (rules.ts) →
 * per-class observations → maximum-likelihood fits. Memory: O(hosts) for the
 * per-host state, O(sessions) for the session start times (the rate
 * profile), O(distinct values) for the samples and the reorder window's
 * lines. Pure: the caller opens the file.
 */
export async function fitLog(
  lines: LogLines,
  options: FitOptions,
  /** Told after each run of the return-visit fit (the slow part): runs so far, the most it takes. */
  onRevisitRun?: (done: number, atMost: number) => void,
): Promise<FitResult> {
  const scan = new TraceScan(options.format, undefined, undefined, options.file);
  for await (const batch of lines()) for (const line of batch) scan.line(line);
  if (scan.parser.valid === 0) {
    const why = scan.parser.headerError ? ` (${scan.parser.headerError})` : "";
    throw new UserError(
      `${options.file}: no valid ${options.format} line in ${scan.parser.lines} line(s)${why}`,
    );
  }
  const bins = Math.ceil((scan.last - scan.first) / options.rateBin);
  if (bins > MAX_RATE_STEPS)
    throw new UserError(
      `--rate-bin: ${options.rateBin} s over the log's ${Math.round(scan.last - scan.first)} s makes ${bins} rate steps (at most ${MAX_RATE_STEPS}, MAX_RATE_STEPS); use at least ${Math.ceil((scan.last - scan.first) / MAX_RATE_STEPS)} s`,
    );
  const total = scan.requests;
  const heavy = scan.hosts
    .map((_, i) => i)
    .filter((i) => scan.counts[i]! / total > options.heavyShare)
    .sort((a, b) => scan.counts[b]! - scan.counts[a]! || a - b)
    .slice(0, MAX_HEAVY);
  const classOf = new Int32Array(scan.hosts.length);
  heavy.forEach((host, k) => {
    classOf[host] = k + 1;
  });
  const observations = Array.from({ length: heavy.length + 1 }, () => new ClassObservations());
  const sessions = new SessionReconstructor(options.rules, classOf, observations);
  const activity = new ActivityTracker(options.idleGap, options.format === "clf" ? 1 : 0.001);
  const window = new ReorderWindow<{ path: string; referer: string }>(
    options.reorderWindow,
    (t, host, item) => {
      activity.request(t);
      sessions.request(t, host, item.path, item.referer);
    },
  );
  const parser = new LineParser(options.format);
  for await (const batch of lines()) {
    for (const line of batch) {
      if (!parser.parse(line)) continue;
      const host = scan.hostIndex.get(parser.record.host)!;
      window.push(parser.record.time, host, {
        path: parser.path(line),
        referer: parser.referer(line),
      });
    }
  }
  window.flush();
  sessions.finish();
  const intervals = activity.finish();
  const origin = intervals[0]!.start;
  const end = intervals[intervals.length - 1]!.end;
  let activeSeconds = 0;
  for (const iv of intervals) activeSeconds += iv.end - iv.start;
  const rateSteps = rateBins(intervals, options.rateBin);
  const preRoll = options.preRoll !== false;
  const resolution = options.format === "clf" ? 1 : 0.001;
  const observe = options.observe ? detectObserveWindows(intervals, origin, resolution) : undefined;

  const perClassCounts: number[][] = observations.map(() => []);
  for (let h = 0; h < scan.hosts.length; h++) {
    const n = sessions.sessionsPerHost[h]!;
    if (n > 0) perClassCounts[classOf[h]!]!.push(n);
  }
  const classes = observations.map((obs, k): ClassFit => {
    const host = k === 0 ? "" : scan.hosts[heavy[k - 1]!]!;
    const naive = {
      pages: fitCount("pages per session", "pages", obs.pages, 1),
      objects: fitCount("embedded objects per page", "objects", obs.objects, 0),
      thinkTime: fitDuration("think time between pages", obs.thinkTime),
      objectGap: fitDuration("gap between a page's requests", obs.objectGap),
    };
    const censored = observe !== undefined && options.censor;
    const censoring = censored && {
      windows: observe,
      origin,
      sessionGap: options.rules.sessionGap,
      fragments: options.fragments,
    };
    const laws = censoring ? fitCensored(obs, naive, censoring) : naive;
    const { pages, objects, thinkTime, objectGap } = laws;
    const heavySessions =
      censoring && options.fragments && options.heavy ? fitHeavy(obs, laws, censoring) : undefined;
    // E[S] of the rate N / (L + E[S]); censored laws have gaps past the window,
    // of which the window sees at most L each (seenSpan).
    const span = censored
      ? seenSpan(pages.spec, objects.spec, thinkTime.law, objectGap.law, observe.length)
      : meanSpan(pages.spec, objects.spec, thinkTime.spec, objectGap.spec);
    return {
      name: k === 0 ? "clients" : className(host),
      host,
      clients: Math.max(1, perClassCounts[k]!.length),
      requests: obs.requests,
      sessions: obs.sessionStarts.length,
      zipf: fitZipf(perClassCounts[k]!),
      rate: observe
        ? observedRateProfile(obs.sessionStarts, intervals, observe, origin, span)
        : rateProfile(obs.sessionStarts, rateSteps, origin, preRoll ? span : 0),
      meanRate: obs.sessionStarts.length / activeSeconds,
      pages,
      objects,
      thinkTime,
      objectGap,
      ...(heavySessions && { heavy: heavySessions }),
      requestsPerSession: {
        observed: obs.requestsPerSession.mean,
        model: countMean(pages.spec, 1) * (1 + countMean(objects.spec, 0)),
      },
    };
  });
  const horizon = horizonOf(origin, end);
  const sessionGap = options.rules.sessionGap;
  const revisits = observe !== undefined && options.revisit;
  // Sized before the return visits too: the return curve they are fitted to is
  // a share of the clients, so fitted on the hosts seen they come out too
  // strong (held-out: 578 distinct clients against 876, sized once after them).
  const sized = options.population
    ? fitPopulationSize(classes, perClassCounts[0]!, { observe, horizon, sessionGap, preRoll })
    : classes;
  const revisited = revisits
    ? fitPopulationRevisit(sized, observations[0]!, {
        observe,
        intervals,
        origin,
        end,
        options,
        onRun: onRevisitRun,
      })
    : sized;
  // Return visits cluster a client's sessions: the size is fitted again with
  // them, as a mixture of one-shot visitors and returning regulars
  // (population.ts, fitMixture): one geometric visit law fitted to the return
  // curve keeps every client in long visits, seen in several windows, where
  // most of the log's hosts come once.
  const sizeOptions = {
    observe,
    horizon,
    sessionGap,
    preRoll,
    // The visitors come at the log's session rate, not the regulars' deconvolved visit rate.
    sessionRate: classes[0]!.rate,
  };
  let withVisits =
    options.population && revisited[0]?.revisit && revisited[0].revisit.probability > 0
      ? fitPopulationSize(revisited, perClassCounts[0]!, sizeOptions)
      : revisited;
  // The return visits above were fitted to the whole population's return
  // curve, but only the regulars make them: the one-shot visitors, split off
  // after, dilute the regulars' curve (the TTL 3600 s hit ratios fell with
  // the mixture). So (q, g) is fitted again with the visitors in the
  // simulation at their share π, the regulars' clients and skew solved for
  // each (q, g) on the same runs (fitted jointly: the return curve and who
  // comes trade off), then π chosen again for the (q, g) found; until
  // neither moves, at most MIXTURE_REVISIT_ROUNDS times.
  if (revisits && options.population && options.mixtureRevisit === true) {
    const log = logMoments(perClassCounts[0]!);
    for (let round = 0; round < MIXTURE_REVISIT_ROUNDS; round++) {
      const mixture = withVisits[0]!;
      const before = mixture.revisit;
      const share = mixture.oneShot?.share ?? 0;
      if (!(before && before.probability > 0 && share > 0)) break;
      const sim = new PopulationSimulator(sizeOptions, log.sessions);
      const refit = fitPopulationRevisit(
        // The regulars' visit rate is solved afresh from the log's session rate for each (q, g).
        [{ ...mixture, rate: classes[0]!.rate }, ...withVisits.slice(1)],
        observations[0]!,
        {
          observe: observe!,
          intervals,
          origin,
          end,
          options,
          onRun: onRevisitRun,
          start: before,
          size: (visits, seeds) => {
            sim.forget();
            const fit = fitPopulation(
              log,
              (n, skew) => sim.moments(sim.withSize(visits, n, skew, share), seeds),
              undefined,
              share,
            );
            return sim.withSize(visits, fit.clients, fit.skew, share);
          },
          simulate: (spec, seed) => sim.starts(spec, seed),
        },
      );
      sim.forget();
      const after = refit[0]!.revisit!;
      const still = after.probability === before.probability && after.gap === before.gap;
      // (q, g) standing still at π, the mixture sized for (q, g) last is the size for it
      // (the same runs); otherwise π and the size are chosen again for the new (q, g).
      withVisits = still
        ? [{ ...mixture, revisit: after }, ...withVisits.slice(1)]
        : fitPopulationSize(refit, perClassCounts[0]!, sizeOptions);
      if (still) break;
    }
  }
  const expanded = withVisits.flatMap(expandMixture);
  const cut = observe
    ? cutRequestsPerSession(expanded, observe, origin, end, options.rules.sessionGap, preRoll)
    : expanded;
  // Names must be unique: two hosts can sanitise alike ("a:b", "a_b") or share a 64-character prefix.
  const taken = new Set<string>();
  const named = cut.map((c, k) => {
    let name = c.name;
    if (taken.has(name)) name = `${name.slice(0, 58)}-${k}`;
    taken.add(name);
    return name === c.name ? c : { ...c, name };
  });
  // The population class may be empty (every host heavy): leave it out then.
  const kept = named.filter((c) => c.sessions > 0);
  return {
    options,
    lines: parser.lines,
    validLines: parser.valid,
    malformedLines: parser.malformed,
    malformedExamples: parser.malformedLines.slice(0, MALFORMED_EXAMPLES),
    lateLines: window.late,
    requests: total - window.late,
    hosts: scan.hosts.length,
    sessions: kept.reduce((s, c) => s + c.sessions, 0),
    origin,
    end,
    intervals,
    activeSeconds,
    ...(observe ? { observe } : {}),
    classes: kept,
  };
}

export type { DistributionSpec };

/** The run's length in seconds (as the scenario writer writes it). */
function horizonOf(origin: number, end: number): number {
  return Math.max(1, Math.ceil(end - origin));
}

/** A rate times a factor (a steps profile step by step). */
function scaleRate(rate: FittedRate, factor: number): FittedRate {
  const scale = (r: number) => Number((r * factor).toPrecision(4));
  return typeof rate === "number"
    ? scale(rate)
    : { profile: "steps", steps: rate.steps.map((s) => ({ at: s.at, rate: scale(s.rate) })) };
}

/**
 * A population with one-shot visitors as two classes: its regulars (the
 * rest of its sessions, its return visits and Zipf population) and the
 * visitors (the one-shot share of its session rate, skew 0 over clients
 * enough that a visitor seldom comes twice, no return visits). Any other
 * class as it is.
 */
export function expandMixture(c: ClassFit): ClassFit[] {
  const { oneShot, ...rest } = c;
  if (oneShot === undefined || !(oneShot.share > 0)) return [rest];
  const visitorSessions = Math.round(oneShot.share * c.sessions);
  const regulars: ClassFit = {
    ...rest,
    rate: scaleRate(c.rate, 1 - oneShot.share),
    sessions: c.sessions - visitorSessions,
    requests: Math.round((1 - oneShot.share) * c.requests),
    meanRate: (1 - oneShot.share) * c.meanRate,
  };
  const { revisit: _revisit, population: _population, ...laws } = rest;
  const visitors: ClassFit = {
    ...laws,
    name: "visitors",
    lawsOf: c.name,
    clients: oneShot.clients,
    zipf: { ...c.zipf, skew: 0, low: 0, high: 0 },
    rate: scaleRate(oneShot.sessionRate, oneShot.share),
    sessions: visitorSessions,
    requests: c.requests - regulars.requests,
    meanRate: oneShot.share * c.meanRate,
  };
  return [regulars, visitors];
}

/**
 * The most refits of the regulars' return visits with the visitors in the
 * simulation (each then re-sized): π and the visits' length trade off along
 * a ridge that each round walks a step along (the shared log settles in the
 * third round, at the grid's largest q; held-out A → B had not settled by
 * then: docs/fit-validation.md, "Return visits fitted with the visitors").
 */
const MIXTURE_REVISIT_ROUNDS = 3;

/** Visitors' clients per visitor session: a visitor comes twice in about 1 / (2·this) of the sessions. */
const CLIENTS_PER_VISITOR = 100;

function workloadSpec(
  classes: readonly ClassFit[],
  observe: ObserveWindows | undefined,
  preRoll: boolean,
): SessionSpec {
  return {
    lookupGap: 300,
    classes: classes.flatMap(expandMixture).map((c) => sessionClassEntry(c, "own")),
    ...(observe ? { observe } : {}),
    preRoll: preRoll ? "quiet" : "none",
  } as SessionSpec;
}

/** Seeds of the population fit's simulated runs. */
const POPULATION_SEEDS = [1, 2];

/** Distinct clients and clients in exactly one session of a rebuilt session stream. */
function populationMoments(starts: SessionStarts): Required<PopulationMoments> {
  const sessions = new Int32Array(starts.requestsOfHost.length);
  for (let i = 0; i < starts.count; i++) sessions[starts.hosts[i]!]!++;
  let distinct = 0;
  let one = 0;
  let two = 0;
  for (const n of sessions) {
    if (n > 0) distinct++;
    if (n === 1) one++;
    if (n === 2) two++;
  }
  return { distinct, one, two };
}

/** How the population class is simulated for its size (`fitPopulationSize`). */
interface PopulationSizeOptions {
  readonly observe: ObserveWindows | undefined;
  /** Seconds simulated: the log's time. */
  readonly horizon: number;
  readonly sessionGap: number;
  readonly preRoll: boolean;
  /**
   * The population's session rate (before any return-visit deconvolution):
   * fit it as a mixture of one-shot visitors at a share of this rate and
   * regulars (fitMixture); absent: one Zipf population.
   */
  readonly sessionRate?: FittedRate;
}

/** The log's population moments: its sessions, distinct hosts, hosts seen in one and in two sessions. */
function logMoments(sessionCounts: readonly number[]) {
  let one = 0;
  let two = 0;
  let sessions = 0;
  for (const n of sessionCounts) {
    sessions += n;
    if (n === 1) one++;
    if (n === 2) two++;
  }
  return { sessions, distinct: sessionCounts.length, one, two };
}

/**
 * Simulated population moments of a population class at any size: each
 * (laws, seed) simulated once, its timeline given each size's clients
 * (timelineStarts: the same sessions as simulating it again; a size changes
 * the classes' clients and skews alone, not the request times).
 */
class PopulationSimulator {
  private readonly timelines = new Map<string, SessionTimeline>();

  constructor(
    private readonly o: PopulationSizeOptions,
    /** The log's sessions (the visitors' clients scale with them). */
    private readonly sessions: number,
  ) {}

  visitorClients(share: number): number {
    return Math.max(1, Math.ceil(CLIENTS_PER_VISITOR * share * this.sessions));
  }

  /** The class at a size: clients, Zipf exponent and, for share > 0 with a session rate, one-shot visitors. */
  withSize(population: ClassFit, clients: number, skew: number, share: number): ClassFit {
    const { oneShot: _oneShot, ...rest } = population;
    const { sessionRate } = this.o;
    return {
      ...rest,
      clients,
      zipf: { ...population.zipf, skew },
      ...(share > 0 && sessionRate !== undefined
        ? {
            oneShot: {
              share,
              clients: Math.max(1, Math.min(MAX_RESOLVERS - clients, this.visitorClients(share))),
              sessionRate,
            },
          }
        : {}),
    };
  }

  /** A spec's sessions on a seed, by the log's rule. */
  starts(spec: SessionSpec, seed: number): SessionStarts {
    const laws = JSON.stringify({
      ...spec,
      classes: spec.classes.map(({ clients: _clients, skew: _skew, ...rest }) => rest),
    });
    const key = `${seed} ${laws}`;
    let timeline = this.timelines.get(key);
    if (timeline === undefined) {
      timeline = simulateTimeline(spec, this.o.horizon, seed);
      this.timelines.set(key, timeline);
    }
    return timelineStarts(timeline, spec, this.o.sessionGap);
  }

  /** Mean distinct, one- and two-session clients over the seeds. */
  moments(sized: ClassFit, seeds: readonly number[]): Required<PopulationMoments> {
    const spec = workloadSpec([sized], this.o.observe, this.o.preRoll);
    let distinct = 0;
    let one = 0;
    let two = 0;
    for (const seed of seeds) {
      const m = populationMoments(this.starts(spec, seed));
      distinct += m.distinct / seeds.length;
      one += m.one / seeds.length;
      two += m.two / seeds.length;
    }
    return { distinct, one, two };
  }

  /** Drops the timelines kept so far (the next laws share none of them). */
  forget(): void {
    this.timelines.clear();
  }
}

/**
 * The population class's clients and Zipf exponent fitted to the log's
 * distinct hosts and one-session hosts (population.ts), the class simulated
 * alone over the log's time (with its windows and return visits, if any) and
 * its sessions rebuilt by the log's rule, as the validation counts them.
 */
function fitPopulationSize(
  classes: readonly ClassFit[],
  sessionCounts: readonly number[],
  o: PopulationSizeOptions,
): readonly ClassFit[] {
  const population = classes[0];
  if (population === undefined || population.host !== "" || sessionCounts.length < 2)
    return classes;
  const log = logMoments(sessionCounts);
  const sim = new PopulationSimulator(o, log.sessions);
  const simulate = (clients: number, skew: number, share: number) =>
    sim.moments(sim.withSize(population, clients, skew, share), POPULATION_SEEDS);
  const fit = o.sessionRate
    ? fitMixture(
        log,
        simulate,
        undefined,
        (regulars, share) => MAX_RESOLVERS - regulars >= sim.visitorClients(share),
      )
    : fitPopulation(log, (clients, skew) => simulate(clients, skew, 0));
  return [
    { ...sim.withSize(population, fit.clients, fit.skew, fit.oneShot), population: fit },
    ...classes.slice(1),
  ];
}

/** Which of the windows from t = 0 on the log has (a lag to a window it lacks is not at risk). */
function activeWindows(
  intervals: readonly ActiveInterval[],
  observe: ObserveWindows,
  origin: number,
  end: number,
): Uint8Array {
  const count = Math.max(1, Math.ceil((end - origin - observe.offset) / observe.period));
  const active = new Uint8Array(count);
  for (const iv of intervals) {
    const w = Math.floor((iv.start - origin - observe.offset) / observe.period);
    if (w >= 0 && w < count) active[w] = 1;
  }
  return active;
}

/** The log's windows and time the population's return visits are fitted over (`fitPopulationRevisit`). */
interface PopulationRevisitOptions {
  readonly observe: ObserveWindows;
  /** The log's active stretches. */
  readonly intervals: readonly ActiveInterval[];
  /** The log's first and last time (s). */
  readonly origin: number;
  readonly end: number;
  readonly options: FitOptions;
  /** Told after each simulated run (fitRevisit's onRun). */
  readonly onRun?: ((done: number, atMost: number) => void) | undefined;
  /** The grid point a refit starts from (fitRevisit's start). */
  readonly start?: { readonly probability: number; readonly gap: number };
  /** The class with (q, g) at the size its runs on these seeds fit (absent: as it is). */
  readonly size?: (visits: ClassFit, seeds: readonly number[]) => ClassFit;
  /** Runs a spec on a seed (fitRevisit's simulate). */
  readonly simulate?: (spec: SessionSpec, seed: number) => SessionStarts;
}

/**
 * The population class's return visits (revisit.ts), fitted to the log's
 * return curve; its rate becomes the visit rate that keeps its session
 * rate (`visitRateSteps`, cycle = the mean session span + the gap). The
 * population alone is simulated: classes draw from streams of their own
 * and share no client, so the others cannot change its curve.
 */
function fitPopulationRevisit(
  classes: readonly ClassFit[],
  obs: ClassObservations,
  o: PopulationRevisitOptions,
): readonly ClassFit[] {
  const { observe, intervals, origin, end, options } = o;
  const population = classes[0];
  if (population === undefined || population.host !== "" || population.clients < 2) return classes;
  const rate = population.rate;
  if (typeof rate === "number") return classes;
  const active = activeWindows(intervals, observe, origin, end);
  const times = obs.sessionStarts.map((t) => t - origin);
  const log = returnCurve(obs.sessionHosts, times, observe, active);
  const span = meanSpan(
    population.pages.spec,
    population.objects.spec,
    population.thinkTime.spec,
    population.objectGap.spec,
  );
  const preRoll = options.preRoll !== false;
  const withVisits = (q: number, g: number): ClassFit => {
    const visits: ClassFit = { ...population, revisit: { probability: q, gap: g } as RevisitFit };
    if (!(q > 0)) return visits;
    // The visits under way at t = 0 (a quiet pre-roll of the class's first
    // visit rate) are in the visit rate's solution, as the run will have them.
    const before = preRoll ? quietPreRollSeconds(workloadSpec([visits], observe, true)) : 0;
    return {
      ...visits,
      rate: { profile: "steps", steps: visitRateSteps(rate.steps, q, g + span, before) },
    };
  };
  const fit = fitRevisit({
    log,
    hostsLog: new Set(obs.sessionHosts).size,
    build: (q, g, seeds) =>
      workloadSpec([o.size ? o.size(withVisits(q, g), seeds) : withVisits(q, g)], observe, preRoll),
    horizon: horizonOf(origin, end),
    windows: observe,
    active,
    sessionGap: options.rules.sessionGap,
    ...(o.onRun ? { onRun: o.onRun } : {}),
    ...(o.start ? { start: o.start } : {}),
    ...(o.simulate ? { simulate: o.simulate } : {}),
  });
  const fitted: ClassFit = { ...withVisits(fit.probability, fit.gap), revisit: fit };
  return [fitted, ...classes.slice(1)];
}

/** Seeds of the simulated window-cut sessions (the report's requests per session). */
const CUT_SEEDS = [1, 2, 3, 4, 5];

/**
 * Each class's requests per session as the log would show the fitted
 * workload: simulated over the log's time with its windows (5 seeds), the
 * sessions rebuilt from the requests made by the log's session rule. Like
 * with like against the log's window-cut sessions, which E[pages]·(1 +
 * E[objects]) of the censored (whole-session) laws is not.
 */
function cutRequestsPerSession(
  classes: readonly ClassFit[],
  observe: ObserveWindows,
  origin: number,
  end: number,
  sessionGap: number,
  preRoll: boolean,
): readonly ClassFit[] {
  const spec = workloadSpec(classes, observe, preRoll);
  const offsets = classOffsets(spec);
  const requests = new Float64Array(classes.length);
  const sessions = new Float64Array(classes.length);
  const classOfHost = new Int32Array(offsets[classes.length]!);
  classes.forEach((_, k) => {
    classOfHost.fill(k, offsets[k]!, offsets[k + 1]!);
  });
  for (const seed of CUT_SEEDS) {
    const run = simulateSessions(spec, horizonOf(origin, end), seed, sessionGap);
    for (let i = 0; i < run.count; i++) sessions[classOfHost[run.hosts[i]!]!]!++;
    for (let h = 0; h < classOfHost.length; h++)
      requests[classOfHost[h]!]! += run.requestsOfHost[h]!;
  }
  return classes.map((c, k) => ({
    ...c,
    requestsPerSession: {
      ...c.requestsPerSession,
      cut: sessions[k]! > 0 ? requests[k]! / sessions[k]! : Number.NaN,
    },
  }));
}
