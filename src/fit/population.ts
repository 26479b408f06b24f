import { MAX_RESOLVERS } from "../scenario/index.js";

/*
 * Who comes, and how often (issue 25): the size and skew of a class's client
 * population. A log shows the hosts that came, not the clients that could
 * have: setting the clients to the hosts seen, with the Zipf exponent of
 * their ranked session counts, leaves out everyone who did not come during
 * the log and puts the sessions on too few clients (a fitted run then shows
 * fewer distinct clients than the log, each with more sessions, and a
 * returning client's resolver still holds the answer: the hit ratio at long
 * TTLs rises). The fit instead chooses the clients N and the exponent s so
 * that the expected distinct clients and the expected number seen in exactly
 * one session match the log's, given its S sessions (moments of the
 * unseen-species kind):
 *
 *   client i of N gets a share wᵢ = i^−s / Σⱼ j^−s of the sessions; with
 *   Poisson sessions its count is Poisson(mᵢ), mᵢ = S·wᵢ, so
 *   E[distinct] = Σ (1 − e^−mᵢ),  E[one] = Σ mᵢ·e^−mᵢ.
 *
 * Two equations, two unknowns. The fitted workload is not exactly Poisson per
 * client (return visits cluster a client's sessions; a sampled log shows only
 * its windows; the session rule merges sessions less than the session gap
 * apart), so the analytic solution is then corrected by simulation
 * (indirect inference): the workload is simulated, its distinct and
 * one-session clients counted by the log's own rule, and the analytic
 * model's targets moved by the difference, a few rounds.
 */

/** Ranks summed one by one up to here; beyond, in geometric buckets (ratio 1 + BUCKET). */
const EXACT_RANKS = 2000;
const BUCKET = 0.005;

/**
 * The Zipf weights i^−s of one exponent at the points the sums over ranks
 * 1..N visit: each rank up to EXACT_RANKS, then geometric buckets [a, b]
 * (b = max(a, ⌊a·(1 + BUCKET)⌋), the next from b + 1), each counted as
 * (b − a + 1) times its value at √(a·b). The buckets do not depend on N
 * but for the last, cut at N, so the weights are computed once per
 * exponent (a bisection on N asks for many N) and each sum is the same
 * sequence of additions as summing rank by rank.
 */
class ZipfSums {
  /** exact[i − 1] = i^−s. */
  private readonly exact: Float64Array;
  /** The buckets beyond EXACT_RANKS so far: last rank, and the weight at √(a·b). */
  private ends: number[] = [];
  private weights: number[] = [];

  constructor(private readonly skew: number) {
    this.exact = new Float64Array(EXACT_RANKS);
    for (let i = 1; i <= EXACT_RANKS; i++) this.exact[i - 1] = i ** -skew;
  }

  /** Buckets known up to the one holding rank n (or the last wholly below it). */
  private extend(n: number): void {
    const { ends, weights } = this;
    let a = ends.length === 0 ? EXACT_RANKS + 1 : ends[ends.length - 1]! + 1;
    while (a <= n) {
      const b = Math.max(a, Math.floor(a * (1 + BUCKET)));
      ends.push(b);
      weights.push(Math.sqrt(a * b) ** -this.skew);
      a = b + 1;
    }
  }

  /**
   * Σᵢ f(i) over ranks 1..n: `visit(weight, count)` for each point in
   * order (a rank: count 1; a bucket: its ranks).
   */
  each(n: number, visit: (weight: number, count: number) => void): void {
    const exact = Math.min(n, EXACT_RANKS);
    for (let i = 1; i <= exact; i++) visit(this.exact[i - 1]!, 1);
    if (n <= EXACT_RANKS) return;
    this.extend(n);
    let a = EXACT_RANKS + 1;
    for (let k = 0; a <= n; k++) {
      const b = this.ends[k]!;
      if (b <= n) {
        visit(this.weights[k]!, b - a + 1);
        a = b + 1;
      } else {
        // The last bucket, cut at n.
        visit(Math.sqrt(a * n) ** -this.skew, n - a + 1);
        return;
      }
    }
  }

  /** Σ i^−s over ranks 1..n. */
  norm(n: number): number {
    let sum = 0;
    this.each(n, (w, count) => {
      sum += count * w;
    });
    return sum;
  }
}

/** The weights of the exponents asked for lately (the grid's, in every round of a fit). */
const zipfSums = new Map<number, ZipfSums>();

function sumsOf(skew: number): ZipfSums {
  let sums = zipfSums.get(skew);
  if (sums === undefined) {
    if (zipfSums.size >= 256) zipfSums.clear();
    sums = new ZipfSums(skew);
    zipfSums.set(skew, sums);
  }
  return sums;
}

export interface PopulationMoments {
  /** Expected distinct clients seen, and clients seen in exactly one session. */
  readonly distinct: number;
  readonly one: number;
  /** Clients seen in exactly two sessions (the mixture's third moment; absent: not fitted). */
  readonly two?: number;
}

/** E[distinct], E[one] and E[two] of N Zipf(s) clients sharing S Poisson sessions. */
export function expectedPopulation(
  n: number,
  skew: number,
  sessions: number,
): Required<PopulationMoments> {
  const sums = sumsOf(skew);
  const norm = sums.norm(n);
  let distinct = 0;
  let one = 0;
  let two = 0;
  // mᵢ = S·wᵢ / Σ w; each sum adds its terms in rank order.
  sums.each(n, (w, count) => {
    const m = (sessions * w) / norm;
    const e = Math.exp(-m);
    // (count · x is x exactly for a single rank)
    distinct += count * -Math.expm1(-m);
    one += count * (m * e);
    two += count * ((m * m * e) / 2);
  });
  return { distinct, one, two };
}

/** E[distinct] alone (the bisection on N needs no other). */
function expectedDistinct(n: number, skew: number, sessions: number): number {
  const sums = sumsOf(skew);
  const norm = sums.norm(n);
  let distinct = 0;
  sums.each(n, (w, count) => {
    distinct += count * -Math.expm1(-((sessions * w) / norm));
  });
  return distinct;
}

/** Most clients the fit writes: the schema's bound, and at most 200 per host seen. */
function clientBound(distinct: number): number {
  return Math.min(MAX_RESOLVERS, Math.max(2, Math.ceil(200 * distinct)));
}

/** The N (at skew s) whose expected distinct clients is `distinct`, by bisection on log N; undefined if none. */
function clientsFor(skew: number, sessions: number, distinct: number): number | undefined {
  const bound = clientBound(distinct);
  if (expectedDistinct(bound, skew, sessions) < distinct) return undefined;
  let lo = Math.max(1, Math.floor(distinct));
  let hi = bound;
  while (hi - lo > Math.max(1, lo * 1e-3)) {
    const mid = Math.round(Math.sqrt(lo * hi));
    if (mid === lo || mid === hi) break;
    if (expectedDistinct(mid, skew, sessions) < distinct) lo = mid;
    else hi = mid;
  }
  return hi;
}

const SKEWS = Array.from({ length: 61 }, (_, k) => k * 0.05);

/**
 * The (N, s) whose expected distinct and one-session clients are the targets,
 * given S sessions: for each s on a grid (0 … 3, steps of 0.05) the N
 * matching the distinct clients, then the s whose one-session count is
 * closest (linear between grid points). Targets no (N, s) can reach (every
 * host in one session, say) give the nearest reachable point.
 */
export function solvePopulation(
  sessions: number,
  distinct: number,
  one: number,
): { clients: number; skew: number } {
  const d = Math.min(distinct, sessions);
  let best: { clients: number; skew: number; miss: number } | undefined;
  let previous: { clients: number; skew: number; diff: number } | undefined;
  for (const s of SKEWS) {
    const n = clientsFor(s, sessions, d);
    if (n === undefined) continue;
    const diff = expectedPopulation(n, s, sessions).one - one;
    if (best === undefined || Math.abs(diff) < best.miss)
      best = { clients: n, skew: s, miss: Math.abs(diff) };
    if (previous !== undefined && Math.sign(previous.diff) !== Math.sign(diff) && diff !== 0) {
      // The root between two grid points: interpolate s, then N for it.
      const t = previous.diff / (previous.diff - diff);
      const skew = previous.skew + t * (s - previous.skew);
      const clients = clientsFor(skew, sessions, d) ?? n;
      return { clients, skew: Number(skew.toPrecision(4)) };
    }
    previous = { clients: n, skew: s, diff };
  }
  return best ?? { clients: Math.max(1, Math.round(d)), skew: 0 };
}

export interface PopulationFit {
  /** Fitted clients and Zipf exponent (the regulars' in a mixture). */
  readonly clients: number;
  readonly skew: number;
  /** The share of the sessions from one-shot visitors (0: one Zipf population). */
  readonly oneShot: number;
  /** The log's: sessions, distinct hosts, hosts seen in one session (and in two, when the mixture is fitted). */
  readonly sessions: number;
  readonly distinct: number;
  readonly one: number;
  readonly two?: number;
  /** The fitted workload's, simulated (mean over the seeds): distinct clients, one-session clients. */
  readonly fitted: PopulationMoments;
  /** Simulation rounds taken (0: analytic only). */
  readonly rounds: number;
}

/** How far a simulated population is from the log's, in relative terms (distinct, one- and two-session shares). */
function miss(log: PopulationMoments, sim: PopulationMoments): number {
  const d = Math.abs(sim.distinct - log.distinct) / log.distinct;
  const share = (x: number | undefined, of: number) => (of > 0 ? (x ?? 0) / of : 0);
  const one = Math.abs(share(sim.one, sim.distinct) - share(log.one, log.distinct)) / 0.3;
  const two =
    log.two === undefined
      ? 0
      : Math.abs(share(sim.two, sim.distinct) - share(log.two, log.distinct)) / 0.3;
  return Math.max(d, one, two);
}

/**
 * Fits the population: the analytic (N, s), then up to `rounds` corrections
 * by `simulate` (the fitted workload with that N and s, its distinct and
 * one-session clients by the log's session rule): the targets the analytic
 * model is solved for move by the log's minus the simulated, so a bias of
 * the Poisson approximation that changes slowly with (N, s) is removed. The
 * round whose simulation is closest to the log's is kept. Deterministic.
 *
 * `oneShot` π > 0: a share π of the sessions comes from one-shot visitors
 * (each its own client, seen once), simulated with the rest; the analytic
 * (N, s) are the regulars', solved for the other sessions and the targets
 * less the visitors' V = π·S distinct and one-session clients.
 */
export function fitPopulation(
  log: { sessions: number; distinct: number; one: number; two?: number },
  simulate: (clients: number, skew: number) => PopulationMoments,
  rounds = 3,
  oneShot = 0,
): PopulationFit {
  const target: PopulationMoments = { distinct: log.distinct, one: log.one };
  const v = oneShot * log.sessions;
  let aim = { ...target };
  let best:
    | { clients: number; skew: number; fitted: PopulationMoments; rounds: number }
    | undefined;
  for (let round = 0; round <= rounds; round++) {
    const { clients, skew } = solvePopulation(
      log.sessions - v,
      Math.max(1, aim.distinct - v),
      Math.max(0, aim.one - v),
    );
    const fitted = simulate(clients, skew);
    if (best === undefined || miss(target, fitted) < miss(target, best.fitted))
      best = { clients, skew, fitted, rounds: round };
    if (miss(target, fitted) < 0.01) break;
    aim = {
      distinct: Math.max(1, aim.distinct + (target.distinct - fitted.distinct)),
      one: Math.max(0, aim.one + (target.one - fitted.one)),
    };
  }
  return {
    ...best!,
    oneShot,
    sessions: log.sessions,
    distinct: log.distinct,
    one: log.one,
    ...(log.two !== undefined ? { two: log.two } : {}),
  };
}

/** One-shot shares the mixture tries. */
export const ONE_SHOT_SHARES = [0, 0.15, 0.3, 0.45, 0.6];

/**
 * The mixture of one-shot visitors and Zipf regulars: for each one-shot
 * share π (`ONE_SHOT_SHARES`; π > 0 while π·S stays below the log's one-session
 * hosts) the regulars are fitted as by `fitPopulation` (distinct and
 * one-session clients, simulated corrections), and the π whose simulation is
 * closest to the log's distinct, one- and two-session clients is kept.
 * The two-session clients, a third moment of the sessions-per-host counts,
 * tell a few frequent regulars with one-shot visitors from a single Zipf
 * population of the same distinct and one-session clients. Deterministic.
 */
export function fitMixture(
  log: { sessions: number; distinct: number; one: number; two: number },
  simulate: (clients: number, skew: number, oneShot: number) => PopulationMoments,
  rounds = 3,
  roomForVisitors: (regulars: number, oneShot: number) => boolean = () => true,
): PopulationFit {
  let best: PopulationFit | undefined;
  for (const share of ONE_SHOT_SHARES) {
    if (share > 0 && share * log.sessions >= log.one) break;
    // Too few sessions for a visitor session: the regulars would lose π of the load to nobody.
    if (share > 0 && Math.round(share * log.sessions) < 1) continue;
    const fit = fitPopulation(log, (n, s) => simulate(n, s, share), rounds, share);
    // Visitors need clients of their own beside the regulars' (one-shot means seldom twice).
    if (share > 0 && !roomForVisitors(fit.clients, share)) continue;
    if (best === undefined || miss(log, fit.fitted) < miss(log, best.fitted)) best = fit;
  }
  return best!;
}
