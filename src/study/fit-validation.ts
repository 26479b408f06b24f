import { parse, stringify } from "yaml";
import { chiSquareUpperTail } from "../conformance/index.js";
import { DEFAULT_RULES, SessionStarts, simulateSessions } from "../fit/index.js";
import { LineParser, ReorderWindow, TraceScan } from "../logs/index.js";
import type { Results } from "../metrics/index.js";
import type { Validation, ValidationRow } from "../report/index.js";
import {
  type RecordedSessions,
  recordSessions,
  replayTrace,
  replicationSeeds,
  runScenario,
  sessionsKey,
  summarizeSample,
} from "../run/index.js";
import {
  loadScenario,
  type Scenario,
  type SessionSpec,
  sessionPreRoll,
} from "../scenario/index.js";

/**
 * The acceptance check of issue 17: the fitted session workload against the
 * same log replayed through the same DNS setup (servers, TTL, windows,
 * start, one resolver per host for the log and `resolver: own` for the
 * fit). Hit ratio and authoritative queries/s with the fitted scenario's
 * resolver behaviour; per-window max/mean with frozen caches, 60 s and 300 s
 * windows. The fitted side is the mean of `replications` seeds.
 */
export interface ValidationSetup {
  /** The log's name, as the replayed scenario's trace file names it. */
  readonly log: string;
  /**
   * The log's lines in batches, read afresh on each call (the caller reads
   * the file: this function touches none); the replays and the log's
   * sessions read it several times.
   */
  readonly lines: () => Iterable<readonly string[]> | AsyncIterable<readonly string[]>;
  readonly format: "clf" | "tsv" | "csv";
  readonly reorderWindow: number;
  readonly replications: number;
  readonly seed: number;
  /**
   * Add the grid (default on): lookup gaps GRID_LOOKUP_GAPS × TTLs GRID_TTLS
   * with frozen caches, set on both sides; off, only the fitted setup's rows.
   */
  readonly grid?: boolean;
  /**
   * Add the grid's rows with rotating caches too (default off here; `rrdns
   * fit --validate` turns it on): hit ratio, queries/s and 60 s max/mean at
   * each lookup gap and TTL, prefixed "rotating caches, ". Only with the grid.
   */
  readonly rotating?: boolean;
  /** Add the population rows (default on): distinct clients, sessions per client, one-session share. */
  readonly population?: boolean;
  /**
   * The fitted scenario was fitted on another log than this one (held-out
   * validation): its hourly profile carries that log's sampling error too,
   * so the requests-per-hour test compares two samples (`hourlyTest`).
   */
  readonly heldOut?: boolean;
  /**
   * Which of the fitted setup's comparisons to run (absent: all, in this
   * order): "queries" (the hit ratio at the fitted TTL, queries/s, requests
   * per hour), "window60" and "window300" (frozen caches' max/mean; the
   * spill note is window60's), "hour" (the TTL 3600 s hit ratio). Each is a
   * replay and runs of its own on the same seeds, so a row is the same
   * whichever others run: a caller that reads a few rows runs only theirs.
   * The grid and population rows have their own switches.
   */
  readonly parts?: readonly ValidationPart[];
  /**
   * Told after each replay of the log and each simulated run: how many so
   * far, and how many there are (a replay per comparison, then each
   * comparison's run on each seed).
   */
  readonly onRun?: (done: number, total: number) => void;
}

/** The fitted setup's comparisons (`ValidationSetup.parts`). */
export type ValidationPart = "queries" | "window60" | "window300" | "hour";

/**
 * The grid's lookup gaps and TTLs (issue 25). At the fit's own lookup gap of
 * 300 s a TTL of 60 or 300 s can never hit (degenerate); 30 s gaps make
 * those rows test the bursts' spacing, and TTL 3600 the returns within the
 * hour. Frozen caches, and with `rotating` rotating ones too: the hit ratio
 * and queries/s do not depend on the answer order (a resolver asks when its
 * record expires either way), the per-window max/mean does.
 */
export const GRID_LOOKUP_GAPS = [30, 300] as const;
export const GRID_TTLS = [60, 300, 3600] as const;

type Input = Record<string, unknown> & { clients: Record<string, unknown> };

interface Changes {
  readonly behaviour?: string;
  readonly window: number;
  readonly ttl?: number;
  /** Both sides: the sessions' lookupGap and the replay's thinkTime (asTrace reads it). */
  readonly lookupGap?: number;
}

function variant(fitted: Input, changes: Changes): Input {
  const resolvers = { ...(fitted.resolvers as Record<string, unknown>) };
  if (changes.behaviour !== undefined) resolvers.behaviour = changes.behaviour;
  const dns = { ...(fitted.dns as Record<string, unknown>) };
  if (changes.ttl !== undefined) dns.ttl = changes.ttl;
  const clients =
    changes.lookupGap === undefined
      ? fitted.clients
      : {
          ...fitted.clients,
          sessions: {
            ...(fitted.clients.sessions as Record<string, unknown>),
            lookupGap: changes.lookupGap,
          },
        };
  return { ...fitted, window: changes.window, resolvers, dns, clients };
}

function asTrace(s: Input, setup: ValidationSetup): Input {
  const sessions = s.clients.sessions as { lookupGap: number };
  const { sessions: _, ...clients } = s.clients;
  return {
    ...s,
    clients: {
      ...clients,
      trace: {
        file: setup.log,
        format: setup.format,
        reorderWindow: setup.reorderWindow,
        thinkTime: sessions.lookupGap,
        resolvers: { rule: "host" },
      },
    },
  };
}

const load = (input: Input): Scenario => loadScenario(stringify(input), "fitted.yaml");

interface Metric {
  readonly metric: string;
  readonly read: (r: Results) => number;
  readonly tolerance: number;
  readonly relative: boolean;
  /** Not in the acceptance table: shown for context. */
  readonly extra?: boolean;
  /** Equal on both sides by construction: marked, not counted as a pass. */
  readonly degenerate?: boolean;
}

/** A metric the results may lack (null: no window had traffic): NaN, which no tolerance passes. */
const num = (x: number | null | undefined) => (x === null || x === undefined ? Number.NaN : x);

/** A per-window max/mean row (the caches' imbalance), within ±10% of the log's. */
function maxOverMeanMetric(metric: string): Metric {
  return { metric, read: (r) => num(r.balance.window.maxOverMean), tolerance: 0.1, relative: true };
}

/**
 * Of a run at 60 s windows: the share of served requests that fall in
 * windows where the replayed log has none, and the mean max/mean over the
 * log's own windows only. A log sampled in short stretches cuts every
 * session at the stretch's end; a synthetic session carries on past it.
 */
export function spillDiagnostics(
  trace: Results,
  run: Results,
): { spill: number; activeMaxOverMean: number } {
  const served = (r: Results, b: number) =>
    r.timeseries.servedByServer.reduce((a, s) => a + s[b]!, 0);
  let inside = 0;
  let outside = 0;
  let sum = 0;
  let n = 0;
  const bins = Math.min(trace.timeseries.start.length, run.timeseries.start.length);
  for (let b = 0; b < bins; b++) {
    const here = served(run, b);
    if (served(trace, b) > 0) {
      inside += here;
      const m = run.timeseries.maxOverMean[b];
      if (m !== null && m !== undefined) {
        sum += m;
        n++;
      }
    } else outside += here;
  }
  return {
    spill: outside / Math.max(1, inside + outside),
    activeMaxOverMean: n > 0 ? sum / n : Number.NaN,
  };
}

/**
 * One comparison: the replayed log and the fitted runs of one variant of
 * the setup, read by `metrics`; `keep` sees each run with the replay's
 * results as it comes (diagnostics that need more than the metrics), and
 * `done` the replay's once every run is in.
 */
interface Comparison {
  readonly changes: Changes;
  readonly metrics: readonly Metric[];
  readonly keep?: (trace: Results, run: Results) => void;
  readonly done?: (trace: Results) => void;
}

/** A comparison's rows: the replay's value against the mean of the runs' (`values[m]`: metric m's, by seed). */
function comparisonRows(
  c: Comparison,
  traced: Results,
  values: readonly (readonly number[])[],
): ValidationRow[] {
  return c.metrics.map((m, i) => {
    const trace = m.read(traced);
    const sample = summarizeSample(values[i]!);
    const fittedMean = sample.mean ?? Number.NaN;
    const standardError = sample.sd === null ? 0 : sample.sd / Math.sqrt(sample.n);
    const gap = m.relative ? Math.abs(fittedMean - trace) / trace : Math.abs(fittedMean - trace);
    return {
      metric: m.metric,
      trace,
      fitted: fittedMean,
      standardError,
      tolerance: m.relative ? `±${m.tolerance * 100}%` : `±${m.tolerance}`,
      pass: !m.degenerate && gap <= m.tolerance,
      ...(m.extra ? { extra: true } : {}),
      ...(m.degenerate ? { degenerate: true } : {}),
    };
  });
}

/**
 * Runs the comparisons: each one's replay, then seed by seed the fitted
 * runs of every comparison, all playing the seed's session requests drawn
 * once (recordSessions: the variants differ in what serves the requests,
 * never in the requests), so a seed's draws are made once instead of once
 * per comparison; `perSeed` is told each seed's record. Only the metrics'
 * values and what `keep` reduces are kept per run, never the results: memory
 * O(one seed's requests + comparisons × seeds). The same numbers as running
 * each comparison's seeds on their own (a played run is the drawn run, byte
 * for byte).
 */
async function runComparisons(
  fitted: Input,
  setup: ValidationSetup,
  comparisons: readonly Comparison[],
  perSeed?: (seed: number, recorded: (s: Scenario) => RecordedSessions) => void,
): Promise<ValidationRow[][]> {
  const synthetic = comparisons.map((c) => load(variant(fitted, c.changes)));
  const seeds = replicationSeeds(setup.seed, setup.replications);
  const total = comparisons.length * (1 + seeds.length);
  let done = 0;
  const ran = () => setup.onRun?.(++done, total);
  const traced: Results[] = [];
  for (const c of comparisons) {
    traced.push(
      (await replayTrace(load(asTrace(variant(fitted, c.changes), setup)), setup.lines)).results,
    );
    ran();
  }
  const values = comparisons.map((c) => c.metrics.map((): number[] => []));
  for (const seed of seeds) {
    // Keyed by what the requests depend on: one record a seed unless a variant's pre-roll differs.
    const records = new Map<string, RecordedSessions>();
    const recorded = (s: Scenario): RecordedSessions => {
      const key = sessionsKey(s);
      let r = records.get(key);
      if (r === undefined) {
        r = recordSessions(s, seed);
        records.set(key, r);
      }
      return r;
    };
    comparisons.forEach((c, i) => {
      const run = runScenario(synthetic[i]!, { seed, sessions: recorded(synthetic[i]!) });
      c.metrics.forEach((m, j) => {
        values[i]![j]!.push(m.read(run));
      });
      c.keep?.(traced[i]!, run);
      ran();
    });
    perSeed?.(seed, recorded);
  }
  return comparisons.map((c, i) => {
    c.done?.(traced[i]!);
    return comparisonRows(c, traced[i]!, values[i]!);
  });
}

export async function validateFit(fittedYaml: string, setup: ValidationSetup): Promise<Validation> {
  const fitted = parse(fittedYaml) as Input;
  const ttl = (fitted.dns as { ttl: number }).ttl;
  const lookupGap = (fitted.clients.sessions as { lookupGap: number }).lookupGap;
  let hourly: HourlyTest | undefined;
  const hourlyRuns: number[][] = [];
  const spills: { spill: number; activeMaxOverMean: number }[] = [];
  let traceMaxOverMean = Number.NaN;
  const part = (p: ValidationPart) => setup.parts === undefined || setup.parts.includes(p);
  const queries: Comparison = {
    changes: { window: 60 },
    metrics: [
      {
        metric: `resolver hit ratio (TTL ${ttl} s${ttl <= lookupGap ? `; 0 by construction: TTL ≤ lookup gap ${lookupGap} s` : ""})`,
        read: (r) => num(r.dns.resolverHitRatio),
        tolerance: 0.05,
        relative: false,
        ...(ttl <= lookupGap ? { degenerate: true } : {}),
      },
      {
        metric: "authoritative queries/s",
        read: (r) => r.dns.authoritativeQps,
        tolerance: 0.15,
        relative: true,
      },
    ],
    keep: (_trace, run) => {
      hourlyRuns.push(requestsPerHour(run));
    },
    done: (trace) => {
      hourly = hourlyTestOfCounts(trace, hourlyRuns, setup.heldOut === true);
    },
  };
  const window60: Comparison = {
    changes: { behaviour: "frozen", window: 60 },
    metrics: [maxOverMeanMetric("frozen caches: mean per-window max/mean, 60 s windows")],
    keep: (trace, run) => {
      spills.push(spillDiagnostics(trace, run));
    },
    done: (trace) => {
      traceMaxOverMean = num(trace.balance.window.maxOverMean);
    },
  };
  const window300: Comparison = {
    changes: { behaviour: "frozen", window: 300 },
    metrics: [maxOverMeanMetric("frozen caches: mean per-window max/mean, 300 s windows")],
  };
  const hour: Comparison = {
    changes: { window: 60, ttl: 3600 },
    metrics: [
      {
        metric: "resolver hit ratio (TTL 3600 s: clients that come back within the hour)",
        read: (r) => num(r.dns.resolverHitRatio),
        tolerance: 0.05,
        relative: false,
      },
    ],
  };
  const fittedSetup = [
    ...(part("queries") ? [queries] : []),
    ...(part("window60") ? [window60] : []),
    ...(part("window300") ? [window300] : []),
    ...(part("hour") ? [hour] : []),
  ];
  const grid = [
    ...(setup.grid === false ? [] : gridComparisons("frozen")),
    ...(setup.grid === false || setup.rotating !== true ? [] : gridComparisons("rotate")),
  ];
  const population = setup.population === false ? undefined : populationRuns(fitted, setup);
  const compared = await runComparisons(
    fitted,
    setup,
    [...fittedSetup, ...grid],
    population?.perSeed,
  );
  const rowsOf = (c: Comparison) => compared[fittedSetup.indexOf(c)] ?? [];
  const spill = spills.length > 0 ? spills.reduce((a, x) => a + x.spill, 0) / spills.length : 0;
  const activeMaxOverMean =
    spills.length > 0
      ? spills.reduce((a, x) => a + x.activeMaxOverMean, 0) / spills.length
      : Number.NaN;
  const rows = [
    ...rowsOf(queries),
    ...(hourly ? hourlyRows(hourly) : []),
    ...rowsOf(window60),
    ...rowsOf(window300),
    ...rowsOf(hour),
    ...compared.slice(fittedSetup.length).flat(),
    ...(population ? await population.rows() : []),
  ];
  const quiet = (fitted.clients.sessions as { preRoll?: string }).preRoll === "quiet";
  const notes: string[] = [
    `The log is replayed with clients.trace (rule host: one caching resolver per host, thinkTime = the fit's lookupGap); the fitted workload gives each client its own resolver (resolver: own). Both start cold, with the fitted scenario's servers, TTL and answer order${quiet ? "; the fitted workload with the sessions under way at t = 0 that the log's first line finds (clients.sessions.preRoll: quiet: run before 0, no request made)" : ""}.`,
  ];
  if (setup.grid !== false)
    notes.push(
      `The grid rows (lookup gap g, TTL) set the lookup gap on both sides (the replay's thinkTime and the sessions' lookupGap) and freeze the caches; a hit ratio where TTL ≤ g is 0 on both sides by construction (a client resolves again only after a silence of at least g) and is marked degenerate, not counted as a pass. ${setup.rotating === true ? "The rows named rotating caches run the same grid with rotating caches (each resolver rotates its cached answer list from one answer to the next): the hit ratios and queries/s are the frozen rows' (the answer order changes where a request goes, not when a resolver asks), the per-window max/mean is not." : "Rotating caches give the same hit ratios and queries/s (the answer order changes where a request goes, not when a resolver asks)."}`,
    );
  if (setup.population !== false)
    notes.push(
      `Who comes, and how often: distinct clients, sessions per client and the share of clients seen in one session only, the log's hosts against the fitted run's clients, both rebuilt by the fit's session rule (${DEFAULT_RULES.sessionGap} s of silence) from the requests made (the fitted side with its observation windows, on the same seeds). A miss means the fitted population spreads its sessions over too few or too many clients: it moves the hit ratio at long TTLs (a returning client's resolver still holds the answer) and how the load splits over resolvers.`,
    );
  if (part("queries") && rows[0]!.trace === 0)
    notes.push(
      `With a ${ttl} s TTL and a lookup gap of ${lookupGap} s, a client resolves again only after a silence of at least the TTL, so every lookup is a miss in both: the first hit-ratio row is 0 against 0 by construction (degenerate: it tests nothing), and the authoritative queries count the bursts.${part("hour") ? " The TTL 3600 s row is the informative one: a lookup hits when its client looked up less than an hour before, so it measures how often the log's hosts come back within the hour against the fitted workload's." : ""}`,
    );
  const observe = (fitted.clients.sessions as { observe?: { period: number; length: number } })
    .observe;
  if (observe)
    notes.push(
      `The log is sampled (${observe.length} s every ${observe.period} s): the fitted workload makes only the requests inside those windows (clients.sessions.observe), with sessions arriving through each whole period at its window's rate, so both sides cover the same time.`,
    );
  if (spill > 0.005)
    notes.push(
      `60 s windows: ${(spill * 100).toFixed(1)}% of the fitted workload's requests fall in windows where the log has none. Over the log's own windows only, the fitted max/mean is ${activeMaxOverMean.toFixed(3)} against the log's ${traceMaxOverMean.toFixed(3)}. A log sampled in short stretches (the shared one keeps one minute an hour) cuts every session at the stretch's end, so its windows never see a session's continuation; a synthetic session carries on, and each window it spills into, lightly loaded, has a high max/mean. 300 s windows hold the continuation in the same window.`,
    );
  return { replications: setup.replications, rows, notes };
}

/** The hour-by-hour test: requests per hour of the log against the fitted runs'. */
export interface HourlyTest {
  /** Two samples: the fitted profile's own log's sampling error counted too (`hourlyTest`). */
  readonly heldOut: boolean;
  readonly hours: number;
  readonly statistic: number;
  readonly p: number;
  /** Mean requests per hour over the hours tested: the log's and the fitted runs'. */
  readonly logMean: number;
  readonly fittedMean: number;
  readonly standardError: number;
  /** Overdispersion φ: a run's per-hour variance over its mean (1 for Poisson counts). */
  readonly dispersion: number;
  /**
   * The total over the hours tested, log − fitted, in standard deviations
   * (the hours' variances summed, or the runs' totals' variance where it is
   * larger: hours that share clients are not independent): the level, where
   * the χ² tests the shape hour by hour and can miss a level shift that is
   * small against one hour's spread.
   */
  readonly level: number;
  /** That standard deviation per hour: the scale of the level, on the mean per hour. */
  readonly levelSd: number;
  /** The hour (from t = 0) whose count is furthest from the fitted, in standard deviations. */
  readonly worst: {
    readonly hour: number;
    readonly log: number;
    readonly fitted: number;
    readonly z: number;
  };
}

/** Below this χ² p-value the hour-by-hour profile misses. */
export const HOURLY_P = 0.01;
/**
 * Farther than this many standard deviations from the log's total over the
 * hours, the fitted level of requests misses: three, as every row's
 * "a few standard errors" (under the hypothesis, a miss about 3 times in 1,000).
 */
export const HOURLY_LEVEL_SD = 3;

/**
 * Requests per hour, the log's against the fitted runs', by Pearson's χ²
 * with the variance the runs show: a session's requests come together, so
 * an hour's count varies more than a Poisson count of its mean; the runs'
 * spread around their mean, pooled over the hours, gives φ in Var = φ·mean
 * (at least 1). X² = Σ_h (L_h − F̄_h)² / (φ·μ̂_h·(1 + 1/R)) over the hours
 * where either side has requests, μ̂_h = (L_h + R·F̄_h) / (R + 1) the hour's
 * mean under the hypothesis, estimated from the log's count and the runs'
 * together (F̄_h alone, the mean of a few runs, puts a run's low hour in
 * the denominator too: a lumpy hour, a heavy host's burst, then weighs as
 * a miss; 3 runs of the shared log's fit missed at p < 0.0001 where 20
 * passed at p 0.23), against χ² with that many degrees of
 * freedom (the profile is fitted per hour, so the test is of the whole
 * shape; a lag of the fitted profile behind the log's fails it). Needs at
 * least two runs.
 *
 * `heldOut`: the fitted profile comes from another log (the other half of
 * the hosts), whose hours are counts of the same kind, so F̄_h carries that
 * log's sampling error as well as the runs': under the hypothesis that both
 * logs' hour h has mean μ_h, Var(L_h − F̄_h) = φ·μ_h (this log) + φ·μ_h (the
 * fitting log's count, which the fitted rate reproduces: a bound, as the
 * profile follows the sessions' count, whose requests vary less than a
 * whole hour's) + φ·μ_h / R (the runs), with μ_h estimated by L_h in
 * the held-out log's term and by F̄_h in the other two (the runs' mean
 * estimates the fitting log's): the two-sample Poisson test's
 * (L − F)² / (L + F), overdispersed by φ. X² = Σ_h (L_h − F̄_h)² / (φ·(L_h +
 * F̄_h·(1 + 1/R))). The total's level (log − fitted, over its standard
 * deviation: the hours' variances summed or the runs' totals', the larger)
 * is judged in a row of its own (`hourlyRows`): the hour-by-hour
 * χ² hardly sees a level shift at large φ (a third more requests moves each
 * hour of 60 requests at φ 12 by half a standard deviation), and a fitted
 * workload that makes a quarter more requests than its log must not pass.
 */
export function hourlyTest(
  trace: Results,
  runs: readonly Results[],
  heldOut = false,
): HourlyTest | undefined {
  return hourlyTestOfCounts(trace, runs.map(requestsPerHour), heldOut);
}

/** Requests served per hour from t = 0 (the results' windows summed over the servers). */
function requestsPerHour(r: Results): number[] {
  const hours: number[] = [];
  r.timeseries.start.forEach((start, b) => {
    const h = Math.floor(start / 3600);
    let served = 0;
    for (const s of r.timeseries.servedByServer) served += s[b]!;
    hours[h] = (hours[h] ?? 0) + served;
  });
  return hours;
}

/** `hourlyTest` of the runs' requests per hour (`requestsPerHour`): what a validation keeps of each run. */
function hourlyTestOfCounts(
  trace: Results,
  sims: readonly (readonly number[])[],
  heldOut: boolean,
): HourlyTest | undefined {
  const window =
    trace.timeseries.start.length > 1 ? trace.timeseries.start[1]! - trace.timeseries.start[0]! : 0;
  if (sims.length < 2 || !(window > 0) || 3600 % window !== 0) return undefined;
  const log = requestsPerHour(trace);
  const count = Math.max(log.length, ...sims.map((x) => x.length));
  const R = sims.length;
  const mean: number[] = [];
  let squares = 0;
  let total = 0;
  for (let h = 0; h < count; h++) {
    let m = 0;
    for (const x of sims) m += (x[h] ?? 0) / R;
    mean.push(m);
    for (const x of sims) squares += ((x[h] ?? 0) - m) ** 2;
    total += m;
  }
  const dispersion = Math.max(1, total > 0 ? squares / (R - 1) / total : 1);
  let statistic = 0;
  let hours = 0;
  let logSum = 0;
  let fittedSum = 0;
  let worst = { hour: 0, log: 0, fitted: 0, z: 0 };
  let totalVariance = 0;
  for (let h = 0; h < count; h++) {
    const l = log[h] ?? 0;
    const f = mean[h]!;
    if (l === 0 && f === 0) continue;
    hours++;
    logSum += l;
    fittedSum += f;
    const variance = heldOut
      ? dispersion * Math.max(l + f * (1 + 1 / R), 1)
      : dispersion * Math.max((l + R * f) / (R + 1), 1) * (1 + 1 / R);
    statistic += (l - f) ** 2 / variance;
    totalVariance += variance;
    const z = (l - f) / Math.sqrt(variance);
    if (Math.abs(z) > Math.abs(worst.z)) worst = { hour: h, log: l, fitted: f, z };
  }
  const runMeans = sims.map((x) => x.reduce((a, b) => a + (b ?? 0), 0) / Math.max(1, hours));
  const sample = summarizeSample(runMeans);
  // The total's variance, summed over the hours, takes them as independent; a
  // client that comes back in later hours correlates them, which the runs'
  // totals show: their variance, counted as the hours' sum counts a run's
  // (once for the log, once more held-out for the fitting log, 1/R for the
  // runs' mean), stands in for the sum when it is the larger.
  const runTotalVariance = sample.sd === null ? 0 : (sample.sd * Math.max(1, hours)) ** 2;
  const levelVariance = Math.max(totalVariance, runTotalVariance * ((heldOut ? 2 : 1) + 1 / R));
  return {
    heldOut,
    hours,
    statistic,
    p: hours > 0 ? chiSquareUpperTail(statistic, hours) : 1,
    logMean: logSum / Math.max(1, hours),
    fittedMean: fittedSum / Math.max(1, hours),
    standardError: sample.sd === null ? 0 : sample.sd / Math.sqrt(sample.n),
    dispersion,
    level: levelVariance > 0 ? (logSum - fittedSum) / Math.sqrt(levelVariance) : 0,
    levelSd: Math.sqrt(levelVariance) / Math.max(1, hours),
    worst,
  };
}

/**
 * The hourly rows: the shape hour by hour (the χ²) and the level (the total
 * over the hours, within HOURLY_LEVEL_SD standard deviations), both on the
 * mean per hour.
 */
export function hourlyRows(t: HourlyTest): ValidationRow[] {
  const p = t.p < 1e-4 ? "< 0.0001" : t.p.toPrecision(2);
  const error = t.heldOut
    ? "two samples: the log's and the fitting log's sampling error"
    : "the log's sampling error and the runs'";
  const shape: ValidationRow = {
    metric: `requests per hour, hour by hour: χ² ${t.statistic.toPrecision(3)} on ${t.hours} hours (p ${p}; variance ${t.dispersion.toPrecision(3)} × the mean, from the runs${t.heldOut ? `; ${error}` : ""}); furthest hour ${t.worst.hour}: ${t.worst.log} in the log against ${t.worst.fitted.toPrecision(4)} fitted (${t.worst.z >= 0 ? "+" : ""}${t.worst.z.toPrecision(2)} s.d.); mean per hour`,
    trace: t.logMean,
    fitted: t.fittedMean,
    standardError: t.standardError,
    tolerance: `χ² p ≥ ${HOURLY_P}`,
    pass: t.p >= HOURLY_P,
  };
  const level: ValidationRow = {
    metric: `requests per hour, the level: the total over ${t.hours} hours, log − fitted, ${t.level >= 0 ? "+" : ""}${t.level.toPrecision(2)} s.d. (${error}); mean per hour`,
    trace: t.logMean,
    fitted: t.fittedMean,
    // The scale the tolerance counts in (the difference's s.d. per hour), not the runs' standard error.
    standardError: t.levelSd,
    tolerance: `±${HOURLY_LEVEL_SD} s.d.`,
    pass: Math.abs(t.level) <= HOURLY_LEVEL_SD,
  };
  return [shape, level];
}

/**
 * The grid: for each lookup gap and TTL, caches of one behaviour at 60 s
 * windows: hit ratio, queries/s, max/mean. Frozen rows are named "g …",
 * rotating ones "rotating caches, g …".
 */
function gridComparisons(behaviour: "frozen" | "rotate"): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const lookupGap of GRID_LOOKUP_GAPS)
    for (const ttl of GRID_TTLS) {
      const at = `${behaviour === "frozen" ? "" : "rotating caches, "}g ${lookupGap} s, TTL ${ttl} s`;
      comparisons.push({
        changes: { behaviour, window: 60, ttl, lookupGap },
        metrics: [
          {
            metric: `${at}: resolver hit ratio${ttl <= lookupGap ? " (0 by construction)" : ""}`,
            read: (r) => num(r.dns.resolverHitRatio),
            tolerance: 0.05,
            relative: false,
            ...(ttl <= lookupGap ? { degenerate: true } : {}),
          },
          {
            metric: `${at}: authoritative queries/s`,
            read: (r) => r.dns.authoritativeQps,
            tolerance: 0.15,
            relative: true,
          },
          // (rotating rows name their caches once, in front)
          maxOverMeanMetric(
            `${at}: ${behaviour === "frozen" ? "frozen caches, " : ""}mean per-window max/mean, 60 s windows`,
          ),
        ],
      });
    }
  return comparisons;
}

/** Distinct clients, sessions per client and the one-session share of a rebuilt session stream. */
function population(starts: SessionStarts): {
  clients: number;
  perClient: number;
  oneSession: number;
} {
  const sessions = new Int32Array(starts.requestsOfHost.length);
  for (let i = 0; i < starts.count; i++) sessions[starts.hosts[i]!]!++;
  let clients = 0;
  let one = 0;
  for (const n of sessions) {
    if (n > 0) clients++;
    if (n === 1) one++;
  }
  return {
    clients,
    perClient: clients > 0 ? starts.count / clients : Number.NaN,
    oneSession: clients > 0 ? one / clients : Number.NaN,
  };
}

/** The log's sessions per host, by the fit's session rule (the reorder window puts lines in time order). */
async function logSessions(setup: ValidationSetup, sessionGap: number): Promise<SessionStarts> {
  const scan = new TraceScan(setup.format);
  for await (const batch of setup.lines()) for (const line of batch) scan.line(line);
  const starts = new SessionStarts(scan.hosts.length, sessionGap);
  const window = new ReorderWindow<null>(setup.reorderWindow, (t, host) => starts.request(t, host));
  const parser = new LineParser(setup.format);
  for await (const batch of setup.lines())
    for (const line of batch) {
      if (!parser.parse(line)) continue;
      window.push(parser.record.time, scan.hostIndex.get(parser.record.host)!, null);
    }
  window.flush();
  return starts;
}

/**
 * The sessions the fit's rule rebuilds from a seed's recorded requests:
 * `simulateSessions` of the same workload and seed, whose timeline is the
 * world's requests when the world's pre-roll makes none (quiet or none).
 */
function recordedStarts(r: RecordedSessions, spec: SessionSpec, sessionGap: number): SessionStarts {
  let clients = 0;
  for (const c of spec.classes) clients += c.clients;
  const starts = new SessionStarts(clients, sessionGap);
  for (let i = 0; i < r.count; i++) starts.request(r.times[i]!, r.hosts[i]!);
  return starts;
}

/**
 * Who comes, and how often: the log's hosts against the fitted workload's
 * clients, both as the fit's session rule rebuilds them from the requests
 * (the fitted side simulated over the scenario's duration, with its
 * observation windows, on the validation's seeds). `perSeed` takes each
 * seed's requests (from the comparisons' record when the world's pre-roll
 * makes no request, as the fit's simulation has it; drawn again otherwise),
 * `rows` gives the rows once every seed is in.
 */
function populationRuns(
  fitted: Input,
  setup: ValidationSetup,
): {
  perSeed: (seed: number, recorded: (s: Scenario) => RecordedSessions) => void;
  rows: () => Promise<ValidationRow[]>;
} {
  const gap = DEFAULT_RULES.sessionGap;
  const scenario = load(fitted);
  const spec = scenario.clients.sessions as SessionSpec;
  const playable = sessionPreRoll(scenario, spec) !== "warm";
  const runs: ReturnType<typeof population>[] = [];
  const perSeed = (seed: number, recorded: (s: Scenario) => RecordedSessions) => {
    runs.push(
      population(
        playable
          ? recordedStarts(recorded(scenario), spec, gap)
          : simulateSessions(spec, scenario.duration, seed, gap),
      ),
    );
  };
  const rows = async (): Promise<ValidationRow[]> => {
    const log = population(await logSessions(setup, gap));
    const row = (
      metric: string,
      trace: number,
      values: number[],
      tolerance: number,
      relative: boolean,
    ): ValidationRow => {
      const sample = summarizeSample(values);
      const fittedMean = sample.mean ?? Number.NaN;
      const off = relative ? Math.abs(fittedMean - trace) / trace : Math.abs(fittedMean - trace);
      return {
        metric,
        trace,
        fitted: fittedMean,
        standardError: sample.sd === null ? 0 : sample.sd / Math.sqrt(sample.n),
        tolerance: relative ? `±${tolerance * 100}%` : `±${tolerance}`,
        pass: off <= tolerance,
      };
    };
    return [
      row(
        `distinct clients (sessions rebuilt with the ${gap} s session gap)`,
        log.clients,
        runs.map((r) => r.clients),
        0.15,
        true,
      ),
      row(
        "sessions per client",
        log.perClient,
        runs.map((r) => r.perClient),
        0.15,
        true,
      ),
      row(
        "share of clients with one session",
        log.oneSession,
        runs.map((r) => r.oneSession),
        0.05,
        false,
      ),
    ];
  };
  return { perSeed, rows };
}
