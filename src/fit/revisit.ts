import { Simulator } from "../engine/index.js";
import { drawClients, quietPreRollSeconds, RequestTape, SessionWorkload } from "../model/index.js";
import type { SessionSpec } from "../scenario/index.js";
import type { ObserveWindows } from "./observe.js";

/**
 * Return visits of a sampled log (`clients.sessions.classes[].revisit`).
 *
 * What the log shows: for the hosts that start a session in observation
 * window w, the share that start one again in window w + k (the **return
 * curve**, k = 1, 2, … periods later). On the shared log (one minute an
 * hour) it is 0.16 one hour later and 0.12 three hours later, where
 * Zipf-weighted Poisson sessions give a flat 0.06 at every lag: a host's
 * sessions come in visits (a few hours of activity, then gone), not as a
 * Poisson stream over the whole log. `revisit` models that (a session's
 * client starts another after an exponential gap with probability q), and
 * this module fits (q, gap mean) to the log's return curve.
 *
 * The estimator is a simulated minimum distance (McFadden 1989): a window
 * sees a session only if it falls in it, so the gaps between a host's
 * sessions are not observed, only the curve; for each (q, g) of a grid the
 * fitted workload (all other laws as fitted, the rate deconvolved for the
 * visits, below) is simulated over the log's time with its windows, on
 * fixed seeds, and its curve rebuilt from its requests by the same session
 * rule as the log's. The distance is Σₖ (R_sim(k) − R_log(k))² /
 * (v_log(k) + v_sim(k)), v the binomial variance R(1 − R) / n of each
 * share; the estimate is the grid point of least distance, its 95% set the
 * grid points within χ²₂(0.95) = 5.99 of it (approximate: the lags share
 * hosts, so they are not independent).
 */

/**
 * Lags (periods) the return curve is fitted over: the next window, which
 * decides whether a TTL up to one period hits, and the one after, which
 * tells a long visit from a frequent one (two lags, two parameters). Later
 * lags are the few regulars' plateau (0.09–0.11 out to 30 hours on the
 * shared log), which one geometric visit law cannot follow: fitted to 3, 6
 * or 12 lags the visits get longer (q 0.925–0.98, gaps 900–1800 s) and the
 * frozen caches' 300 s max/mean falls further below the log's (−10.3% to −11%).
 */
export const RETURN_LAGS = 2;
/** Lags the curves are measured and reported over (the report shows where the fit departs). */
export const CURVE_LAGS = 12;
/**
 * The grid: revisit probabilities and mean gaps (s); q = 0 is the model
 * without return visits. A coarse pass (every other value, two seeds) finds
 * the region, a fine pass (two more seeds, common random numbers) the
 * estimate and its confidence set, from the coarse optimum's 3 × 3
 * neighbourhood grown until no point of the set has an unevaluated
 * neighbour (at most the whole grid). On one seed, the coarse pass sent half
 * the shared log's hosts (held-out B) to a region whose best fine distance
 * was 4.99, where the two seeds' region has 2.69.
 */
const PROBABILITIES = [0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.925, 0.95, 0.96, 0.97, 0.98];
const GAPS = [300, 450, 600, 900, 1200, 1800, 2700, 3600];
const COARSE_SEEDS = [1, 4];
const FINE_SEEDS = [2, 3];
/**
 * The fine pass is not capped: it may evaluate every grid point (q = 0 is one
 * point for all gaps). Its confidence set may run along the ridge where a
 * longer gap trades for a higher q; capped at 30 points, the set of a
 * workload with q 0.9 and gaps of 900 s stopped at 1,200 s when the coarse
 * pass (on two seeds) started it further along the ridge
 * (test/unit/fit/revisit.test.ts). The progress bar's bound counts the grid
 * as PROBABILITIES × GAPS, q = 0 with every gap: a few runs above the most.
 */
const MAX_FINE_POINTS = PROBABILITIES.length * GAPS.length;
/** The most simulated runs a fit takes (for a progress bar): the coarse grid, q = 0, the fine points. */
const MAX_RUNS =
  (1 + Math.ceil((PROBABILITIES.length - 2) / 2) * Math.floor(GAPS.length / 2)) *
    COARSE_SEEDS.length +
  (1 + MAX_FINE_POINTS) * FINE_SEEDS.length;
/** χ²(0.95) with 2 degrees of freedom: the confidence set's bound on the distance. */
const CHI2_2_95 = 5.991;

/** A limit of the return visits' grid that a fit meets: its estimate there, or only its 95% set. */
export interface GridEdge {
  /** The limit, as read: `the largest revisit probability (0.98)`. */
  readonly limit: string;
  /** The estimate is at the limit (else only the 95% set reaches it). */
  readonly estimate: boolean;
}

/**
 * Where a fit meets the grid's limits (the grid holds what it holds: a log
 * whose visits are longer, or whose gaps are shorter or longer, than any of
 * its points gets the nearest): the estimate at the largest revisit
 * probability or the shortest or longest gap, or its 95% set reaching one.
 * There the estimate, or its range, is a bound, not a value. q = 0 (no
 * return visits) is a value of the model, not a limit.
 */
export function gridEdges(
  r: Pick<RevisitFit, "probability" | "gap" | "probabilityRange" | "gapRange">,
): GridEdge[] {
  if (!(r.probability > 0)) return [];
  const top = PROBABILITIES[PROBABILITIES.length - 1]!;
  const shortest = GAPS[0]!;
  const longest = GAPS[GAPS.length - 1]!;
  const s = (x: number) => x.toLocaleString("en-US");
  const limits: [boolean, boolean, string][] = [
    [
      r.probability === top,
      r.probabilityRange[1] === top,
      `the largest revisit probability (${top})`,
    ],
    [r.gap === longest, r.gapRange[1] === longest, `the longest mean gap (${s(longest)} s)`],
    [r.gap === shortest, r.gapRange[0] === shortest, `the shortest mean gap (${s(shortest)} s)`],
  ];
  return limits.flatMap(([estimate, set, limit]) => (estimate || set ? [{ limit, estimate }] : []));
}

/** The share of host-windows followed by the same host in the window k periods later. */
export interface ReturnCurve {
  /** returned[k − 1]: host-windows whose host starts a session again k periods later. */
  readonly returned: readonly number[];
  /** atRisk[k − 1]: host-windows whose window k periods later is one of the log's. */
  readonly atRisk: readonly number[];
}

export function returnShare(c: ReturnCurve, k: number): number {
  const n = c.atRisk[k - 1]!;
  return n > 0 ? c.returned[k - 1]! / n : Number.NaN;
}

/**
 * The return curve of session starts (`hosts[i]` started a session at
 * `times[i]` seconds from the scenario's t = 0): each start falls in the
 * window floor((t − offset) / period); a host counts once per window.
 * `active[w]`: the log has window w (a lag to a window the log lacks is not
 * at risk). O(starts · lags).
 */
export function returnCurve(
  hosts: ArrayLike<number>,
  times: ArrayLike<number>,
  windows: ObserveWindows,
  active: Uint8Array,
  lags = CURVE_LAGS,
): ReturnCurve {
  const n = hosts.length;
  const keys: number[] = [];
  const windowCount = active.length;
  for (let i = 0; i < n; i++) {
    const w = Math.floor((times[i]! - windows.offset) / windows.period);
    if (w >= 0 && w < windowCount) keys.push(hosts[i]! * windowCount + w);
  }
  keys.sort((a, b) => a - b);
  const returned = new Array<number>(lags).fill(0);
  const atRisk = new Array<number>(lags).fill(0);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && keys[i] === keys[i - 1]) continue;
    const host = Math.floor(keys[i]! / windowCount);
    const w = keys[i]! - host * windowCount;
    for (let k = 1; k <= lags; k++) {
      if (w + k >= windowCount || !active[w + k]) continue;
      atRisk[k - 1]!++;
    }
    // The same host's later windows follow in the sorted keys.
    for (let j = i + 1; j < keys.length; j++) {
      const hostJ = Math.floor(keys[j]! / windowCount);
      if (hostJ !== host) break;
      if (keys[j] === keys[j - 1]) continue; // a window counts once per host
      const k = keys[j]! - hostJ * windowCount - w;
      if (k > lags) break;
      if (k >= 1 && active[w + k]) returned[k - 1]!++;
    }
  }
  return { returned, atRisk };
}

/** Richardson–Lucy iterations of the visit rate (each O(steps²); converged well before). */
const VISIT_ITERATIONS = 300;

/**
 * The visit rate that gives a class the session rate `steps` (sessions/s,
 * piecewise constant) when each session brings another after a cycle of
 * mean `cycle` s (its span plus the revisit gap) with probability q. With
 * exponential cycles, visits at rate v make sessions at rate
 * s = v + (q / c)·∫ v(t − u) e^{−(1 − q)u / c} du (a visit's returns decay
 * at (1 − q) / c): a linear map K from the per-step visit rates to the
 * per-step mean session rates, exact per step. The visit rate is the
 * non-negative one whose expected sessions per step best match the log's
 * (Poisson likelihood), by Richardson–Lucy's multiplicative EM (Shepp &
 * Vardi 1982; it keeps v ≥ 0 and the total): v ← v·Kᵀ(n / Kv) / Kᵀ1 on the
 * step counts n. So each window's sessions follow its own N as without
 * return visits, where the steady-state v = s·(1 − q) would spread every
 * window's sessions over the visits of the previous hours (on the shared log
 * the per-minute bursts' s.d. fell from the log's 10.9 to 8, and the
 * frozen caches' max/mean with it), and an exact solve v = s − q·(f ∗ s)
 * swings negative on the log's Poisson noise. The cycle is only
 * approximately exponential (the span is not).
 *
 * `before` > 0: the run has a quiet pre-roll of that many seconds at the
 * first step's visit rate (`clients.sessions.preRoll: quiet`), so the
 * first step's visits began at −before: their returns at t ≥ 0 run at
 * level·(1 − e^{−k(t + before)}) per unit visit rate (level = q / (1 − q),
 * k = (1 − q) / cycle), not from 0 as from a cold start. A constant session
 * rate s then gives v = s·(1 − q) on every step as before → ∞.
 */
export function visitRateSteps(
  steps: readonly { at: number; rate: number }[],
  probability: number,
  cycle: number,
  before = 0,
): { at: number; rate: number }[] {
  const n = steps.length;
  const length = steps.map((step, i) => {
    const next = steps[i + 1];
    return next === undefined ? 0 : Math.max(0, next.at - step.at);
  });
  const k = (1 - probability) / cycle;
  const level = probability / (1 - probability);
  // meanDecay(Δ): the mean of e^{−kt} over a step of length Δ.
  const meanDecay = (d: number) => (d > 0 ? -Math.expm1(-k * d) / (k * d) : 1);
  // a[j][i]: expected sessions in step j per unit visit rate in step i (lower-triangular).
  const a: Float64Array[] = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    if (!(length[i]! > 0)) continue;
    // The first step's visits run from −before (the pre-roll), the others' from the step's start.
    const since = i === 0 ? before : 0;
    const earlier = Math.exp(-k * since);
    a[i]![i] = length[i]! * (1 + level * (1 - earlier * meanDecay(length[i]!)));
    let w = level * -Math.expm1(-k * (since + length[i]!)); // returns' rate at the step's end
    for (let j = i + 1; j < n && w > 1e-12 * level; j++) {
      const gap = steps[j]!.at - (steps[j - 1]!.at + length[j - 1]!);
      w *= Math.exp(-k * gap);
      a[j]![i] = length[j]! * w * meanDecay(length[j]!);
      w *= Math.exp(-k * length[j]!);
    }
  }
  const counts = steps.map((step, i) => step.rate * length[i]!);
  const column = new Float64Array(n);
  for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) column[i]! += a[j]![i]!;
  // Start from the solution for a constant rate from a cold start,
  // v = s·(1 − q·(1 − e^{−t/c})) averaged over the step: positive wherever s is.
  let v = Float64Array.from(steps, (step, i) => {
    const d = length[i]!;
    const from = Math.exp(-(step.at + before) / cycle);
    const decay = d > 0 ? (cycle / d) * (from - Math.exp(-(step.at + before + d) / cycle)) : from;
    return step.rate * (1 - probability * (1 - decay));
  });
  const expected = new Float64Array(n);
  for (let it = 0; it < VISIT_ITERATIONS; it++) {
    expected.fill(0);
    for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) expected[j]! += a[j]![i]! * v[i]!;
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (!(column[i]! > 0) || !(v[i]! > 0)) continue;
      let back = 0;
      for (let j = i; j < n; j++)
        if (expected[j]! > 0) back += (a[j]![i]! * counts[j]!) / expected[j]!;
      next[i] = (v[i]! * back) / column[i]!;
    }
    v = next;
  }
  return steps.map((step, i) => ({
    at: step.at,
    rate: length[i]! > 0 ? Number(v[i]!.toPrecision(4)) : step.rate,
  }));
}

/**
 * Session starts, rebuilt from a time-ordered request stream by the log's
 * session rule: the tape (`hosts`, `times`, `count`) keeps a request only
 * when it starts a session.
 */
export class SessionStarts extends RequestTape {
  private readonly last: Float64Array;
  /** Requests of each host (O(hosts)): a class's requests per rebuilt session. */
  readonly requestsOfHost: Int32Array;
  requests = 0;

  constructor(
    hosts: number,
    private readonly sessionGap: number,
  ) {
    super();
    this.last = new Float64Array(hosts).fill(Number.NaN);
    this.requestsOfHost = new Int32Array(hosts);
  }

  override request(t: number, host: number): void {
    this.requests++;
    this.requestsOfHost[host]!++;
    const last = this.last[host]!;
    if (Number.isNaN(last) || t - last >= this.sessionGap) super.request(t, host);
    this.last[host] = t;
  }
}

/**
 * One simulation of a session workload's sessions without their clients
 * (`sessionIds`): the requests the windows see, as (time, session id) in
 * the order they are made, and each session's class and phase. What does
 * not depend on the classes' clients and skews: one timeline serves every
 * client population of the same laws and rates (`timelineStarts`).
 */
export interface SessionTimeline {
  readonly times: Float64Array;
  readonly ids: Int32Array;
  /** Requests recorded. */
  readonly count: number;
  readonly sessionClass: Int32Array;
  readonly sessionPreRoll: Uint8Array;
  /** Sessions given an id. */
  readonly sessions: number;
  /** The seed it was drawn on: its sessions' clients are drawn on the same one. */
  readonly seed: number;
}

/** Simulates a session workload over `horizon` s (its quiet pre-roll, if any, as the fitted run has it): its timeline. */
export function simulateTimeline(
  spec: SessionSpec,
  horizon: number,
  seed: number,
): SessionTimeline {
  let times = new Float64Array(1024);
  let ids = new Int32Array(1024);
  let count = 0;
  const sim = new Simulator();
  const workload = new SessionWorkload(
    spec,
    seed,
    sim,
    horizon,
    {
      request: (t, id) => {
        if (count === times.length) {
          const t2 = new Float64Array(count * 2);
          t2.set(times);
          times = t2;
          const i2 = new Int32Array(count * 2);
          i2.set(ids);
          ids = i2;
        }
        times[count] = t;
        ids[count++] = id;
      },
    },
    { sessionIds: true, alone: true, tapes: true },
  );
  // A quiet pre-roll as the fitted run has it (world.ts): sessions under way at t = 0.
  workload.start(spec.preRoll === "quiet" ? quietPreRollSeconds(spec) : 0, true);
  workload.runAlone(horizon);
  return {
    times,
    ids,
    count,
    sessionClass: workload.sessionClass,
    sessionPreRoll: workload.sessionPreRoll,
    sessions: workload.sessionIdCount,
    seed,
  };
}

/**
 * The sessions the log's rule rebuilds from a timeline with the clients
 * `spec` draws on the timeline's seed (`drawClients`): exactly
 * `simulateSessions` of `spec`, for any spec that differs from the
 * timeline's in its classes' clients and skews alone.
 */
export function timelineStarts(
  timeline: SessionTimeline,
  spec: SessionSpec,
  sessionGap: number,
): SessionStarts {
  let clients = 0;
  for (const c of spec.classes) clients += c.clients;
  const starts = new SessionStarts(clients, sessionGap);
  const host = drawClients(
    spec,
    timeline.seed,
    timeline.sessionClass,
    timeline.sessionPreRoll,
    timeline.sessions,
  );
  const { times, ids, count } = timeline;
  for (let i = 0; i < count; i++) starts.request(times[i]!, host[ids[i]!]!);
  return starts;
}

/** One simulation of a session workload over `horizon` s: its sessions as the log's rule rebuilds them. */
export function simulateSessions(
  spec: SessionSpec,
  horizon: number,
  seed: number,
  sessionGap: number,
): SessionStarts {
  return timelineStarts(simulateTimeline(spec, horizon, seed), spec, sessionGap);
}

/** Pools the curves of several runs (sums of counts). */
function pooled(curves: readonly ReturnCurve[]): ReturnCurve {
  const returned = new Array<number>(curves[0]!.returned.length).fill(0);
  const atRisk = returned.slice();
  for (const c of curves)
    c.returned.forEach((r, k) => {
      returned[k]! += r;
      atRisk[k]! += c.atRisk[k]!;
    });
  return { returned, atRisk };
}

/** The distance of a simulated curve from the log's over the fitted lags: squared differences over their binomial variances. */
export function curveDistance(log: ReturnCurve, sim: ReturnCurve): number {
  let d = 0;
  for (let k = 1; k <= Math.min(RETURN_LAGS, log.returned.length); k++) {
    const a = returnShare(log, k);
    const b = returnShare(sim, k);
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const variance = (a * (1 - a)) / log.atRisk[k - 1]! + (b * (1 - b)) / sim.atRisk[k - 1]!;
    d += (a - b) ** 2 / Math.max(variance, 1e-12);
  }
  return d;
}

export interface RevisitFit {
  /** The chosen revisit probability and mean gap (s); probability 0: no return visits. */
  readonly probability: number;
  readonly gap: number;
  /** Ranges over the grid points of the 95% confidence set. */
  readonly probabilityRange: readonly [number, number];
  readonly gapRange: readonly [number, number];
  readonly distance: number;
  /** Lags 1..fittedLags enter the distance. */
  readonly fittedLags: number;
  /** The distance without return visits (q = 0). */
  readonly distanceWithout: number;
  readonly log: ReturnCurve;
  /** The fitted workload's curve (pooled over the seeds) and the curve without return visits. */
  readonly fitted: ReturnCurve;
  readonly without: ReturnCurve;
  /** Distinct hosts that start a session in some window: the log's, and the fitted run's (mean over seeds). */
  readonly hostsLog: number;
  readonly hostsFitted: number;
  /** Where the estimate or its 95% set meets the grid's limits (`gridEdges`); empty inside it. */
  readonly edges: readonly GridEdge[];
}

/** What `fitRevisit` fits to, and how it simulates. */
export interface RevisitFitOptions {
  /** The log's return curve. */
  readonly log: ReturnCurve;
  /** The log's distinct hosts that start a session in some window. */
  readonly hostsLog: number;
  /**
   * The session workload to simulate for (q, g): only the class whose curve
   * is fitted, with its revisit and its rate deconvolved.
   */
  readonly build: (probability: number, gap: number, seeds: readonly number[]) => SessionSpec;
  /**
   * Simulates `build`'s spec on a seed: its sessions as the log's rule
   * rebuilds them (absent: `simulateSessions`). A build that simulates the
   * spec itself (to size a population on the same seeds) can hand back its
   * runs here instead of having them made twice.
   */
  readonly simulate?: (spec: SessionSpec, seed: number) => SessionStarts;
  /** Seconds simulated. */
  readonly horizon: number;
  readonly windows: ObserveWindows;
  /** Which windows the log has (a lag to a window it lacks is not at risk). */
  readonly active: Uint8Array;
  /** The log's session rule: seconds of silence that end a session. */
  readonly sessionGap: number;
  /** Told after each simulated run: runs so far, and the most the fit can take. */
  readonly onRun?: (done: number, atMost: number) => void;
  /**
   * A grid point to start the fine pass from instead of the coarse pass's
   * optimum (a refit whose workload changed little since the last fit: the
   * coarse pass is skipped).
   */
  readonly start?: { readonly probability: number; readonly gap: number };
}

/**
 * Fits the population class's return visits to the log's return curve by
 * simulated minimum distance over the grid (module comment). Deterministic.
 */
export function fitRevisit(o: RevisitFitOptions): RevisitFit {
  const { log, hostsLog, build, horizon, windows, active, sessionGap } = o;
  const onRun = o.onRun ?? (() => {});
  const simulate =
    o.simulate ??
    ((spec: SessionSpec, seed: number) => simulateSessions(spec, horizon, seed, sessionGap));
  let done = 0;
  const evaluate = (qi: number, gi: number, seeds: readonly number[]) => {
    const q = PROBABILITIES[qi]!;
    const g = GAPS[gi]!;
    const spec = build(q, g, seeds);
    const runs = seeds.map((seed) => {
      const run = simulate(spec, seed);
      onRun(++done, MAX_RUNS);
      return run;
    });
    const curve = pooled(
      runs.map((r) =>
        returnCurve(r.hosts.subarray(0, r.count), r.times.subarray(0, r.count), windows, active),
      ),
    );
    let hosts = 0;
    for (const r of runs) {
      const seen = new Set<number>();
      for (let i = 0; i < r.count; i++) {
        const w = Math.floor((r.times[i]! - windows.offset) / windows.period);
        if (w >= 0 && w < active.length) seen.add(r.hosts[i]!);
      }
      hosts += seen.size / runs.length;
    }
    return { qi, gi, q, g, curve, hosts, distance: curveDistance(log, curve) };
  };
  type Point = ReturnType<typeof evaluate>;
  const least = (points: readonly Point[]) =>
    points.reduce((best, p) => (p.distance < best.distance ? p : best));
  const started =
    o.start === undefined
      ? undefined
      : {
          qi: PROBABILITIES.indexOf(o.start.probability),
          gi: o.start.probability > 0 ? GAPS.indexOf(o.start.gap) : 0,
        };
  let centre: { qi: number; gi: number };
  if (started !== undefined && started.qi >= 0 && started.gi >= 0) centre = started;
  else {
    // q = 0 does not depend on the gap: one point for it.
    const coarse = [evaluate(0, 0, COARSE_SEEDS)];
    for (let qi = 2; qi < PROBABILITIES.length; qi += 2)
      for (let gi = 1; gi < GAPS.length; gi += 2) coarse.push(evaluate(qi, gi, COARSE_SEEDS));
    centre = least(coarse);
  }
  const without = evaluate(0, 0, FINE_SEEDS);
  const fine = new Map<number, Point>([[0, without]]);
  const key = (qi: number, gi: number) => (qi === 0 ? 0 : qi * GAPS.length + gi);
  const visit = (qi: number, gi: number) => {
    if (qi < 0 || qi >= PROBABILITIES.length || gi < 0 || gi >= GAPS.length) return false;
    if (fine.has(key(qi, gi))) return false;
    fine.set(key(qi, gi), evaluate(qi, gi, FINE_SEEDS));
    return true;
  };
  for (let dq = -1; dq <= 1; dq++)
    for (let dg = -1; dg <= 1; dg++) visit(Math.max(1, centre.qi + dq), centre.gi + dg);
  // Grow the evaluated region until the confidence set has no unevaluated neighbour
  // (q and g trade off along a ridge: a longer gap with a higher q looks alike).
  let best = least([...fine.values()]);
  let inSet: Point[] = [];
  for (let grew = true; grew; ) {
    best = least([...fine.values()]);
    inSet = [...fine.values()].filter((p) => p.distance <= best.distance + CHI2_2_95);
    grew = false;
    for (const p of inSet)
      for (const [dq, dg] of [
        [-1, 0],
        [1, 0],
        [0, -1],
        [0, 1],
      ] as const)
        grew = visit(p.qi + dq, p.gi + dg) || grew;
  }
  const range = (xs: number[]): [number, number] =>
    xs.length === 0 ? [0, 0] : [Math.min(...xs), Math.max(...xs)];
  const estimate = {
    probability: best.q,
    gap: best.q > 0 ? best.g : 0,
    probabilityRange: range(inSet.map((p) => p.q)),
    gapRange: range(inSet.filter((p) => p.q > 0).map((p) => p.g)),
  };
  return {
    ...estimate,
    edges: gridEdges(estimate),
    distance: best.distance,
    fittedLags: RETURN_LAGS,
    distanceWithout: without.distance,
    log,
    fitted: best.curve,
    without: without.curve,
    hostsLog,
    hostsFitted: best.hosts,
  };
}
