import { DEFAULT_COUNT_MAX } from "../scenario/index.js";
import { type Censoring, fitCount, fitDuration, type Law, type LawFit } from "./distributions.js";
import type { ObserveWindows } from "./observe.js";
import type { ClassObservations } from "./sessions.js";

/**
 * The censored fit of a sampled log (docs/guides/sessions-and-fit.md, "Sampled logs: the censored
 * fit"; docs/fit-validation.md, "Fragments that continue a session"). A
 * window of length L shows each session as a fragment: from its first
 * request in the window, u seconds after the window opens, to its last, r
 * seconds before the window ends. After its last request the session either
 * ended (its last page, with exactly the objects seen), or its last page's
 * burst went on with an object gap of r or more, or it went on to another
 * page after a think time of r or more. With N pages, M objects per page, T
 * think times and G object gaps independent (the model's assumption), a
 * fragment seen with k pages and m objects on its last page ends with
 *
 *   E(w, W) = w·A + W·B,  A = P(M = m) + P(M > m)·P(G ≥ r),
 *                         B = P(M = m)·P(T ≥ r) + P(M > m)·P(G ≥ r),
 *
 * where w is the weight of "k pages seen, no more" and W of "more than k".
 * A fragment is a session that starts at u (a fresh start: w = P(N = k),
 * W = P(N > k)), or the continuation of a session begun before the window
 * whose think time or object gap straddled the window's opening and ended
 * at u (left-truncation). In a stationary stream at rate λ the straddling
 * gaps that end at u come at λ·(E[N] − 1)·P(T > u) (think times: the
 * fragment starts on a page, and the pages left from it on, k' ≥ 1, have
 * weights P(N > k'), the pages law seen from a random page boundary) and
 * λ·E[N]·E[M]·P(G > u) (object gaps: it starts on an object, the objects
 * left on that page, m' ≥ 0, have weights P(M > m'), and the pages after it
 * P(N > k'')). So a fragment's intensity over λ is
 *
 *   h = E(P(N = k), P(N > k))                         fresh
 *     + P(T > u)·E(P(N > k), Σ_{j>k} P(N > j))        continues after a think time
 *     + P(G > u)·[k = 1: Ẽ(1, Σ_{j>1} P(N ≥ j));      continues after an object gap
 *                 k ≥ 2: P(M > m₁) / P(M = m₁) · E(P(N ≥ k), Σ_{j>k} P(N ≥ j))]
 *
 * (Ẽ: E with the residual law P(M > m) for the last page, which is also
 * the first; m₁ the first page's objects, whose P(M = m₁) the complete
 * pages' cells hold), times the densities of the observed think times,
 * object gaps and the object counts of pages followed by another. The
 * fragments of a window are a Poisson process with intensity λh, λ free
 * per window (the rate profile), so the profile likelihood is
 *
 *   Σ log h − n·log(L + E[S_L]),  E[S_L] = (E[N] − 1)·E[min(T, L)] + E[N]·E[M]·E[min(G, L)],
 *
 * the normaliser being ∫h over u and every pattern (`seenSpan`): long
 * sessions explain many-request fragments only at the price of more
 * fragments per window. Every fragment read as a fresh start (h's first
 * line, n·log L) was the likelihood before: it fitted laws whose requests
 * per fragment, L·E[R] / (L + E[S_L]), were far above the log's.
 * P(· ≥ r) reads the second-resolution log as the bins the uncensored fit
 * uses: a next request logged d seconds later is unseen iff d ≥ r, i.e. the
 * gap is at least r − ½; u likewise is the first request's second + ½. The
 * joint likelihood is maximised block by block (each law's family and
 * parameters with the other three fixed, from the naive fit): coordinate
 * ascent, three rounds; with the fragments' likelihood at least those, then
 * on until a round changes no written law (at most MAX_ROUNDS). A class
 * whose session length the windows do not identify (`identified`: no
 * session start expected among its fragments, or a pages law whose mean is
 * mostly beyond the most pages a window showed) is fitted again with its
 * pages law the empirical one, on the pages the windows showed, then held to
 * the log's requests per fragment (`holdMean`: the stationary identity
 * ρ = L·E[R] / (L + E[S_L]) as a moment condition).
 */

/** The four laws of a class. */
export interface SessionLaws {
  readonly pages: LawFit;
  readonly objects: LawFit;
  readonly thinkTime: LawFit;
  readonly objectGap: LawFit;
}

/**
 * A class's window fragments, distinct by what the likelihood reads: u
 * (seconds from the window's opening to the first request, the bin's
 * middle), k pages seen, the first page's objects (k ≥ 2; −1 otherwise),
 * the last page's objects and r (seconds left of the window, as `cut`).
 * `at` and `left` index the distinct u and r in `starts` and `cuts`.
 */
export interface Fragments {
  readonly at: number[];
  readonly left: number[];
  readonly pages: number[];
  readonly first: number[];
  readonly objects: number[];
  readonly count: number[];
  readonly starts: number[];
  readonly cuts: number[];
  /** Every fragment (Σ count), the window's length L, the most pages and objects seen. */
  readonly total: number;
  readonly length: number;
  readonly topPages: number;
  readonly topObjects: number;
}

/** Seconds from time `t` (epoch) to the end of the observation window holding it. */
export function windowEnd(t: number, windows: ObserveWindows, origin: number): number {
  const at = t - origin - windows.offset;
  const k = Math.floor(at / windows.period);
  return origin + windows.offset + k * windows.period + windows.length;
}

export function fragments(
  obs: ClassObservations,
  windows: ObserveWindows,
  origin: number,
  half: number,
  /** One fragment per session, in order (none merged): fragment i is session i (heavy.ts). */
  each = false,
): Fragments {
  const index = new Map<string, number>();
  const distinct = (values: number[], of: Map<number, number>, v: number) => {
    let j = of.get(v);
    if (j === undefined) {
      j = values.length;
      of.set(v, j);
      values.push(v);
    }
    return j;
  };
  const starts: number[] = [];
  const cuts: number[] = [];
  const startOf = new Map<number, number>();
  const cutOf = new Map<number, number>();
  const f = {
    at: [] as number[],
    left: [] as number[],
    pages: [] as number[],
    first: [] as number[],
    objects: [] as number[],
    count: [] as number[],
  };
  let topPages = 1;
  let topObjects = 0;
  const L = windows.length;
  for (let i = 0; i < obs.endTimes.length; i++) {
    const t = obs.endTimes[i]!;
    const left = Math.max(0, Math.round((windowEnd(t, windows, origin) - t) / half) * half);
    const cut = Math.max(half, left - half);
    const s = obs.endStarts[i]!;
    const since = Math.round((s - (windowEnd(s, windows, origin) - L)) / half) * half;
    const u = Math.min(L, Math.max(0, since) + half);
    const k = obs.endPages[i]!;
    const m = obs.endObjects[i]!;
    const first = k >= 2 ? obs.endFirstObjects[i]! : -1;
    topPages = Math.max(topPages, k);
    topObjects = Math.max(topObjects, m, first);
    const key = each ? `${i}` : `${u}|${k}|${first}|${m}|${cut}`;
    let j = index.get(key);
    if (j === undefined) {
      j = f.count.length;
      index.set(key, j);
      f.at.push(distinct(starts, startOf, u));
      f.left.push(distinct(cuts, cutOf, cut));
      f.pages.push(k);
      f.first.push(first);
      f.objects.push(m);
      f.count.push(0);
    }
    f.count[j]!++;
  }
  return {
    ...f,
    starts,
    cuts,
    total: obs.endTimes.length,
    length: L,
    topPages,
    topObjects,
  };
}

/** A count law read once: P(X ≤ k) and Σ_{j>k} P(X > j) at index k + 1 (k = −1 … top), and E[X]. */
export interface CountTable {
  readonly cdf: Float64Array;
  readonly tail: Float64Array;
  readonly mean: number;
}

/** `law` (truncated at `max`, as the censored fit's count laws are) as a CountTable. */
export function countTable(law: Law, top: number, max: number): CountTable {
  const cdf = new Float64Array(top + 2);
  for (let k = -1; k <= top; k++) cdf[k + 1] = law(k);
  const mean = countMean(law, top, cdf, max);
  const tail = new Float64Array(top + 2);
  let seen = 0;
  for (let k = -1; k <= top; k++) {
    if (k >= 0) seen += 1 - cdf[k + 1]!;
    tail[k + 1] = Math.max(0, mean - seen);
  }
  return { cdf, tail, mean };
}

/**
 * Counts summed one by one: at least EXACT_COUNTS of them, and past the
 * counts whose survival is still 1 (below a Pareto's minimum, or a
 * lognormal's mass far out: the survival then bends sharply) EXACT_COUNTS
 * more or as many again, whichever is more (the blocks, a tenth of where
 * they start, are then short against the bend); past them a smooth
 * survival is summed by blocks.
 */
const EXACT_COUNTS = 32;

/**
 * E[X] = Σ_{j ≥ 0} P(X > j) of a count law truncated at `max`: term by term
 * to EXACT_COUNTS (above), and on, to the bound or to where the survival
 * vanishes (it never rises), for a law that is a step function between the
 * integers (geometric, empirical: the survival at j + ½ is the one at j). A
 * floored continuous law (lognormal, Pareto) is smooth in j: past the exact
 * terms, from J, its sum is ∫_J^max s + s(J)/2 − s′(J)/12 (Euler–Maclaurin,
 * to its derivative term; s and s′ vanish at the bound, where the truncated
 * law's survival reaches 0 smoothly), the integral by Simpson's rule on
 * blocks a tenth longer each and s′(J) by a central difference, so a heavy
 * tail to 10,000 costs about 150 evaluations, not 10,000 (within 2e-6 of
 * the mean, 1e-6 for all but a narrow lognormal far out:
 * test/unit/fit/censored.test.ts; 256 exact terms without the derivative
 * term cost twice as many for about the same accuracy).
 */
function countMean(law: Law, top: number, cdf: Float64Array, max: number): number {
  const survival = (j: number) => 1 - (j <= top ? cdf[j + 1]! : law(j));
  // The survival never rises, so its counts at 1 are a prefix: found by
  // bisection (a Pareto from 10,000, which the fit's searches try for a
  // heavy host's pages, is 10,000 ones), each adding 1.
  let j = 0;
  if (survival(0) >= 1) {
    let hi = max;
    while (hi - j > 1) {
      const mid = (j + hi) >>> 1;
      if (survival(mid) >= 1) j = mid;
      else hi = mid;
    }
    j = hi;
  }
  let mean = j;
  const exact = Math.min(max, Math.max(EXACT_COUNTS, j + EXACT_COUNTS, 2 * j));
  for (; j < exact; j++) {
    const s = survival(j);
    if (!(s > 1e-17)) return mean;
    mean += s;
  }
  if (j >= max) return mean;
  const step = law(j + 0.5) === law(j);
  if (step) {
    for (; j < max; j++) {
      const s = survival(j);
      if (!(s > 1e-17)) break;
      mean += s;
    }
    return mean;
  }
  let a = j;
  let sa = survival(a);
  // s′(J)/12 subtracted: the Euler–Maclaurin term the blocks' trapezoid ends leave out.
  mean -= (law(a - 0.5) - law(a + 0.5)) / 12;
  while (a < max && sa > 1e-17) {
    const b = Math.min(max, Math.ceil(a * 1.1));
    const sb = b >= max ? 0 : survival(b);
    const mid = 1 - law((a + b) / 2);
    mean += ((b - a) * (sa + 4 * mid + sb)) / 6 + (sa - sb) / 2;
    a = b;
    sa = sb;
  }
  return mean;
}

/** A duration law's survival at the fragments' distinct u and r, and E[min(X, L)]. */
export interface DurationTable {
  readonly atStart: Float64Array;
  readonly atCut: Float64Array;
  readonly below: number;
}

export function durationTable(law: Law, f: Fragments): DurationTable {
  return {
    atStart: Float64Array.from(f.starts, (u) => 1 - law(u)),
    atCut: Float64Array.from(f.cuts, (r) => 1 - law(r)),
    below: meanBelow(law, f.length),
  };
}

/** One table per law (a block's other three laws are the same functions call after call). */
function cached<T>(make: (law: Law) => T): (law: Law) => T {
  const tables = new WeakMap<Law, T>();
  return (law) => {
    let t = tables.get(law);
    if (t === undefined) {
      t = make(law);
      tables.set(law, t);
    }
    return t;
  };
}

/** The four laws, read for the fragments. */
export interface Tables {
  readonly pages: CountTable;
  readonly objects: CountTable;
  readonly think: DurationTable;
  readonly gap: DurationTable;
}

/** E[S_L] + L: the measure of start times from which a session is seen in a window (`seenSpan`). */
export function seenMeasure(f: Fragments, t: Tables): number {
  return (
    f.length + (t.pages.mean - 1) * t.think.below + t.pages.mean * t.objects.mean * t.gap.below
  );
}

/**
 * Fragment i's terms: A and B of its last page (the objects law), the
 * residual law's (k = 1), the first page's P(M > m₁) / P(M = m₁) (k ≥ 2),
 * and the survivals of T and G at u and r.
 */
function lastPage(f: Fragments, t: Tables, i: number) {
  const M = t.objects;
  const m = f.objects[i]!;
  const sTr = t.think.atCut[f.left[i]!]!;
  const sGr = t.gap.atCut[f.left[i]!]!;
  const pm = M.cdf[m + 1]! - M.cdf[m]!;
  const above = 1 - M.cdf[m + 1]!;
  const m1 = f.first[i]!;
  const residual = M.tail[m + 1]!;
  return {
    A: pm + above * sGr,
    B: pm * sTr + above * sGr,
    // The residual law P(M > m) for the first page, which is also the last (k = 1).
    rA: above + residual * sGr,
    rB: above * sTr + residual * sGr,
    ratio: m1 < 0 ? 1 : (1 - M.cdf[m1 + 1]!) / Math.max(1e-300, M.cdf[m1 + 1]! - M.cdf[m1]!),
    sTu: t.think.atStart[f.at[i]!]!,
    sGu: t.gap.atStart[f.at[i]!]!,
  };
}

/** Fragment i's intensity over λ, h (above), under the four laws. */
export function intensity(f: Fragments, t: Tables, i: number): number {
  const N = t.pages;
  const k = f.pages[i]!;
  const e = lastPage(f, t, i);
  const nAtMost = N.cdf[k + 1]!;
  const nBelow = N.cdf[k]!;
  const more = 1 - nAtMost;
  const after = N.tail[k + 1]!;
  const h = (nAtMost - nBelow) * e.A + more * e.B + e.sTu * (more * e.A + after * e.B);
  if (k === 1) return h + e.sGu * (e.rA + (more + after) * e.rB);
  return h + e.sGu * e.ratio * ((1 - nBelow) * e.A + (more + after) * e.B);
}

/** Σ count · log h − n·log(L + E[S_L]) (above) under the four laws. */
function fragmentsLogLikelihood(f: Fragments, t: Tables): number {
  let ll = 0;
  for (let i = 0; i < f.count.length; i++) {
    const h = intensity(f, t, i);
    ll += f.count[i]! * Math.log(h > 1e-300 ? h : 1e-300);
  }
  return ll - f.total * Math.log(seenMeasure(f, t));
}

/**
 * The NPMLE of a count law on K values (weights w) from `complete`
 * observations and fragments whose likelihood is linear in w, c_i·w, seen
 * with a probability ∝ d·w (`d` absent: constant): it maximises
 * Σ complete_j·log w_j + Σ count_i·log(c_i·w) − n·log(d·w) (n = Σ count_i).
 * EM with the selection bias (as Vardi's for length-biased samples): each
 * fragment's expected share of value j is count_i·c_ij·w_j / (c_i·w); the
 * stationary point has w_j = E_j / (n_c + n·d_j / d·w). Returns expected
 * counts (w times all observations).
 */
function linearEmpiricalWeights(
  complete: readonly number[],
  rows: readonly Float64Array[],
  count: readonly number[],
  d: Float64Array | undefined,
  start: readonly number[],
  iterations = 300,
): number[] {
  const K = complete.length;
  const total = start.reduce((x, y) => x + y, 0);
  const w = Float64Array.from(start, (x) => x / total);
  const nc = complete.reduce((x, y) => x + y, 0);
  const n = count.reduce((x, y) => x + y, 0);
  const e = new Float64Array(K);
  for (let it = 0; it < iterations; it++) {
    for (let j = 0; j < K; j++) e[j] = complete[j]!;
    for (let i = 0; i < rows.length; i++) {
      const c = rows[i]!;
      let h = 0;
      for (let j = 0; j < K; j++) h += c[j]! * w[j]!;
      if (!(h > 0)) continue;
      const share = count[i]! / h;
      for (let j = 0; j < K; j++) e[j]! += share * c[j]! * w[j]!;
    }
    let D = 1;
    if (d !== undefined) {
      D = 0;
      for (let j = 0; j < K; j++) D += d[j]! * w[j]!;
    }
    let sum = 0;
    for (let j = 0; j < K; j++) {
      w[j] = e[j]! / (nc + (n * (d === undefined ? 1 : d[j]!)) / D);
      sum += w[j]!;
    }
    for (let j = 0; j < K; j++) w[j]! /= sum;
  }
  return Array.from(w, (x) => x * (nc + n));
}

/**
 * The empirical count law's censored MLE on `values` (the distinct counts
 * seen) by EM (self-consistency, as Kaplan–Meier's): a record seen at value
 * v contributes w_v·a + W_{>v}·b (a, b from the other laws), so its expected
 * share of each value u is w_v·a / D at u = v and w_u·b / D at u > v, with
 * D = w_v·a + W_{>v}·b. `complete` counts exact observations; returns
 * expected counts (they sum to all observations).
 */
/** Censored records, distinct: the value seen, its a and b (above), how many. */
export interface CensoredRecords {
  readonly seen: readonly number[];
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly count: readonly number[];
}

export function empiricalCensoredWeights(
  values: readonly number[],
  complete: readonly number[],
  records: CensoredRecords,
  start: readonly number[],
  iterations = 300,
): number[] {
  const { seen, a, b, count } = records;
  const K = values.length;
  const at = new Map(values.map((v, j) => [v, j]));
  const index = seen.map((v) => at.get(v) ?? -1);
  const total = start.reduce((x, y) => x + y, 0);
  let w = start.map((x) => x / total);
  let n = complete.reduce((x, y) => x + y, 0);
  for (let s = 0; s < index.length; s++) if (index[s]! >= 0) n += count[s]!;
  const above = new Array<number>(K).fill(0);
  const spread = new Array<number>(K).fill(0);
  for (let it = 0; it < iterations; it++) {
    // above[j] = Σ_{u > j} w_u
    above[K - 1] = 0;
    for (let j = K - 2; j >= 0; j--) above[j] = above[j + 1]! + w[j + 1]!;
    const e = complete.slice();
    spread.fill(0);
    for (let s = 0; s < index.length; s++) {
      const j = index[s]!;
      if (j < 0) continue;
      const D = w[j]! * a[s]! + above[j]! * b[s]!;
      if (!(D > 0)) continue;
      e[j]! += (count[s]! * w[j]! * a[s]!) / D;
      // Spread over every u > j in proportion to w_u.
      spread[j]! += (count[s]! * b[s]!) / D;
    }
    let carry = 0;
    for (let u = 0; u < K; u++) {
      e[u]! += w[u]! * carry;
      carry += spread[u]!;
    }
    w = e.map((x) => x / n);
  }
  return w.map((x) => x * n);
}

/** The empirical pages law on `values` (the pages seen) with the other three laws fixed: linear in its weights. */
function pagesWeights(
  f: Fragments,
  t: Tables,
  values: readonly number[],
  start: readonly number[],
): number[] {
  const rows = f.count.map((_, i) => {
    const k = f.pages[i]!;
    const e = lastPage(f, t, i);
    const [gA, gB, g] = k === 1 ? [e.rA, e.rB, e.sGu] : [e.A, e.B, e.sGu * e.ratio];
    return Float64Array.from(values, (v) => {
      const fresh = v === k ? e.A : v > k ? e.B : 0;
      const think = (v > k ? e.A : 0) + Math.max(0, v - k - 1) * e.B;
      const gap = (v >= k ? gA : 0) + Math.max(0, v - k) * gB;
      return fresh + e.sTu * think + g * gap;
    });
  });
  const d = Float64Array.from(
    values,
    (v) => f.length + (v - 1) * t.think.below + v * t.objects.mean * t.gap.below,
  );
  const none = values.map(() => 0);
  return linearEmpiricalWeights(none, rows, f.count, d, start);
}

/**
 * The empirical objects law on `values` (ascending) with the other three
 * laws fixed. A fragment of one page is linear in its weights; one of k ≥ 2
 * pages, w_{m₁}·X + W_{>m₁}·Y (X, Y linear: the first page's count is the
 * law's or, continuing after an object gap, the residual's), is quadratic:
 * its expected counts fall on the first page's value and the last's. The
 * stationary point: w_j = E_j / (μ + n·d_j / d·w), μ = Σ degrees − n.
 * Every row is a point at the last page's m and a constant (k ≥ 2) or
 * linear-in-v (k = 1) run over the values above m, so an iteration reads
 * the weights' suffix sums Σ_{v>m} w_v and Σ_{v>m} v·w_v and adds its
 * expected counts as runs (difference arrays): O(K + fragments), not
 * O(K · fragments).
 */
function objectsWeights(
  f: Fragments,
  t: Tables,
  values: readonly number[],
  inner: ReadonlyMap<number, number>,
  start: readonly number[],
  iterations = 300,
): number[] {
  const K = values.length;
  const at = new Map(values.map((v, j) => [v, j]));
  /** The first index whose value is above v. */
  const firstAbove = (v: number) => {
    let lo = 0;
    let hi = K;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid]! > v) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const N = t.pages;
  // The first pages of fragments of k ≥ 2 pages are the fragments' own.
  const complete = values.map((v) => inner.get(v) ?? 0);
  let quadratic = 0;
  // Row i: x_j = p·[v_j = m] + (q + s·(v_j − m − 1))·[v_j > m] (k = 1: s ≠ 0);
  // k ≥ 2 also y_j = py·[v_j = m] + qy·[v_j > m] and the first page's index.
  const R = f.count.length;
  const point = new Int32Array(R);
  const above = new Int32Array(R);
  const firstOf = new Int32Array(R);
  const p = new Float64Array(R);
  const q = new Float64Array(R);
  const s = new Float64Array(R);
  const m1 = new Float64Array(R);
  const py = new Float64Array(R);
  const qy = new Float64Array(R);
  for (let i = 0; i < R; i++) {
    const n = f.count[i]!;
    const k = f.pages[i]!;
    const m = f.objects[i]!;
    const sTr = t.think.atCut[f.left[i]!]!;
    const sGr = t.gap.atCut[f.left[i]!]!;
    const sTu = t.think.atStart[f.at[i]!]!;
    const sGu = t.gap.atStart[f.at[i]!]!;
    const nAtMost = N.cdf[k + 1]!;
    const nBelow = N.cdf[k]!;
    const more = 1 - nAtMost;
    const after = N.tail[k + 1]!;
    const p1 = nAtMost - nBelow + sTu * more;
    const p2 = more + sTu * after;
    const g1 = sGu * (1 - nBelow);
    const g2 = sGu * (more + after);
    point[i] = at.get(m) ?? -1;
    above[i] = firstAbove(m);
    m1[i] = m + 1;
    p[i] = p1 + p2 * sTr;
    q[i] = (p1 + p2) * sGr;
    if (k === 1) {
      q[i]! += g1 + g2 * sTr;
      s[i] = (g1 + g2) * sGr;
      firstOf[i] = -1;
      continue;
    }
    py[i] = g1 + g2 * sTr;
    qy[i] = (g1 + g2) * sGr;
    const first = at.get(f.first[i]!)!;
    firstOf[i] = first;
    complete[first]! -= n;
    quadratic += n;
  }
  const d = Float64Array.from(
    values,
    (v) => f.length + (N.mean - 1) * t.think.below + N.mean * v * t.gap.below,
  );
  const total = start.reduce((a, b) => a + b, 0);
  const w = Float64Array.from(start, (c) => c / total);
  const nc = complete.reduce((a, b) => a + b, 0);
  const n = f.total;
  const mu = nc + quadratic;
  const e = new Float64Array(K);
  // Suffix sums of w and v·w (index K: 0), and the runs' coefficients (difference arrays).
  const S0 = new Float64Array(K + 1);
  const S1 = new Float64Array(K + 1);
  const run0 = new Float64Array(K + 1);
  const run1 = new Float64Array(K + 1);
  const pointAdd = new Float64Array(K);
  for (let it = 0; it < iterations; it++) {
    for (let j = K - 1; j >= 0; j--) {
      S0[j] = S0[j + 1]! + w[j]!;
      S1[j] = S1[j + 1]! + values[j]! * w[j]!;
    }
    run0.fill(0);
    run1.fill(0);
    pointAdd.fill(0);
    for (let i = 0; i < R; i++) {
      const c = f.count[i]!;
      const j = point[i]!;
      const a = above[i]!;
      const wm = j >= 0 ? w[j]! : 0;
      // Σ_{v>m} (q + s·(v − m − 1))·w_v
      const tail = (q[i]! - s[i]! * m1[i]!) * S0[a]! + s[i]! * S1[a]!;
      const X = p[i]! * wm + tail;
      const first = firstOf[i]!;
      if (first < 0) {
        if (!(X > 0)) continue;
        // e_j += c·x_j·w_j / X
        const r = c / X;
        if (j >= 0) pointAdd[j]! += r * p[i]!;
        run0[a]! += r * (q[i]! - s[i]! * m1[i]!);
        run1[a]! += r * s[i]!;
        continue;
      }
      const Y = py[i]! * wm + qy[i]! * S0[a]!;
      const wf = w[first]!;
      const higher = S0[first + 1]!;
      const h = wf * X + higher * Y;
      if (!(h > 0)) continue;
      const r = c / h;
      // The first page's value (w_{m₁}·X), the values above it (each w_j·Y) …
      pointAdd[first]! += r * X;
      run0[first + 1]! += r * Y;
      // … and the last page's: w_j·(w_{m₁}·x_j + W_{>m₁}·y_j).
      if (j >= 0) pointAdd[j]! += r * (wf * p[i]! + higher * py[i]!);
      run0[a]! += r * (wf * q[i]! + higher * qy[i]!);
    }
    let c0 = 0;
    let c1 = 0;
    let D = 0;
    for (let j = 0; j < K; j++) {
      c0 += run0[j]!;
      c1 += run1[j]!;
      e[j] = complete[j]! + w[j]! * (pointAdd[j]! + c0 + c1 * values[j]!);
      D += d[j]! * w[j]!;
    }
    let sum = 0;
    for (let j = 0; j < K; j++) {
      w[j] = e[j]! / (mu + (n * d[j]!) / D);
      sum += w[j]!;
    }
    for (let j = 0; j < K; j++) w[j]! /= sum;
  }
  return Array.from(w, (x) => x * (mu + n));
}

/**
 * The most rounds of the coordinate ascent: the fragments' normaliser ties
 * the pages law to the think times (a longer session explains a fragment's
 * pages, a shorter think time too), a ridge that block-by-block ascent
 * climbs slowly; it stops earlier when a round changes no written law, or
 * when the written laws step back and forth between two states (a flat
 * ridge: on the shared log's population from the fifth round on, 0.07 apart
 * in log-likelihood), keeping the likelier.
 */
const MAX_ROUNDS = 20;

/** A round of the coordinate ascent as its stopping rule reads it. */
export interface AscentRound<T> {
  /** The laws as written (4 significant digits). */
  readonly written: string;
  /** Their log-likelihood. */
  readonly ll: number;
  readonly laws: T;
}

/**
 * Where the coordinate ascent stops, given its last rounds (the newest
 * last): undefined to go on; else the round whose laws are the estimate.
 * Converged: the newest wrote the laws of the round before it (it is the
 * estimate). A cycle of two: it wrote the laws of the round before that, so
 * further rounds would only alternate (to MAX_ROUNDS, ending on whichever
 * state its parity gives): the likelier of the two is the estimate (the
 * newer on a tie).
 */
export function ascentStop<T>(rounds: readonly AscentRound<T>[]): AscentRound<T> | undefined {
  const n = rounds.length;
  const newest = rounds[n - 1];
  if (newest === undefined || n < 2) return undefined;
  const before = rounds[n - 2]!;
  if (newest.written === before.written) return newest;
  if (n >= 3 && newest.written === rounds[n - 3]!.written)
    return before.ll > newest.ll ? before : newest;
  return undefined;
}

/** Half the log's time resolution: whole seconds, or milliseconds. */
export const halfSecond = (obs: ClassObservations): number =>
  obs.thinkTime.integral && obs.objectGap.integral ? 0.5 : 0.0005;

/** Objects of the pages followed by another page of their session (never cut by a window), value → count. */
function innerObjectCounts(obs: ClassObservations): Map<number, number> {
  const { values, counts } = obs.innerObjects.entries();
  return new Map(values.map((v, i) => [v, counts[i]!]));
}

const censoring = (ll: (law: Law) => number, extra: Partial<Censoring> = {}): Censoring => ({
  logLikelihood: ll,
  ...extra,
});

/** The fit with the fragments' likelihood (above). */
function fitFragments(
  obs: ClassObservations,
  naive: SessionLaws,
  options: CensoredFitOptions & {
    readonly maxRounds?: number;
    /** The pages law the empirical one only, on the pages the windows showed (`identified`). */
    readonly empiricalPages?: boolean;
  },
): FragmentsFit {
  const { windows, origin, sessionGap, rounds = 3 } = options;
  const { maxRounds = MAX_ROUNDS, empiricalPages = false } = options;
  const half = halfSecond(obs);
  const f = fragments(obs, windows, origin, half);
  const pagesTable = cached((law) => countTable(law, f.topPages, DEFAULT_COUNT_MAX));
  const objectsTable = cached((law) => countTable(law, f.topObjects, DEFAULT_COUNT_MAX));
  const timesTable = cached((law) => durationTable(law, f));
  const tables = (pages: Law, objects: Law, think: Law, gap: Law): Tables => ({
    pages: pagesTable(pages),
    objects: objectsTable(objects),
    think: timesTable(think),
    gap: timesTable(gap),
  });
  let { pages, objects, thinkTime, objectGap } = naive;
  const inner = innerObjectCounts(obs);
  // The log's requests per fragment ρ̂ (every reconstructed session of a sampled log is a window's fragment).
  const rhoLog = obs.requests / Math.max(1, f.total);
  // The last rounds, for the stopping rule (`ascentStop`).
  let history: AscentRound<SessionLaws>[] = [];
  /** The pages law given the other three; `held`: its empirical law held to ρ̂ (`holdMean`). */
  const fitPages = (held: boolean) => {
    const t = () => tables(pages.law, objects.law, thinkTime.law, objectGap.law);
    const emPages = (values: readonly number[], counts: readonly number[]) =>
      pagesWeights(f, t(), values, counts);
    return fitCount(
      "pages per session",
      "pages",
      obs.pages,
      1,
      censoring(
        (law) => fragmentsLogLikelihood(f, tables(law, objects.law, thinkTime.law, objectGap.law)),
        {
          cells: false,
          max: DEFAULT_COUNT_MAX,
          empirical: emPages,
          empiricalOnly: empiricalPages,
          ...(held && {
            held: (values: readonly number[], counts: readonly number[]) =>
              holdMean(values, counts, pagesForRho(t(), f, rhoLog)),
          }),
        },
      ),
    );
  };
  for (let round = 0; round < maxRounds; round++) {
    pages = fitPages(false);
    thinkTime = fitDuration(
      "think time between pages",
      obs.thinkTime,
      censoring(
        (law) => fragmentsLogLikelihood(f, tables(pages.law, objects.law, law, objectGap.law)),
        { max: sessionGap },
      ),
    );
    const emObjects = (values: readonly number[], counts: readonly number[]) =>
      objectsWeights(
        f,
        tables(pages.law, objects.law, thinkTime.law, objectGap.law),
        values,
        inner,
        counts,
      );
    objects = fitCount(
      "embedded objects per page",
      "objects",
      obs.innerObjects,
      0,
      censoring(
        (law) => fragmentsLogLikelihood(f, tables(pages.law, law, thinkTime.law, objectGap.law)),
        { max: DEFAULT_COUNT_MAX, empirical: emObjects },
      ),
      obs.objects,
    );
    objectGap = fitDuration(
      "gap between a page's requests",
      obs.objectGap,
      censoring(
        (law) => fragmentsLogLikelihood(f, tables(pages.law, objects.law, thinkTime.law, law)),
        { max: sessionGap },
      ),
    );
    const latest: AscentRound<SessionLaws> = {
      written: JSON.stringify([pages.spec, objects.spec, thinkTime.spec, objectGap.spec]),
      ll: fragmentsLogLikelihood(f, tables(pages.law, objects.law, thinkTime.law, objectGap.law)),
      laws: { pages, objects, thinkTime, objectGap },
    };
    history = [...history.slice(-2), latest];
    const end = round + 1 >= rounds ? ascentStop(history) : undefined;
    if (end !== undefined) {
      ({ pages, objects, thinkTime, objectGap } = end.laws);
      break;
    }
  }
  // The moment condition, once the ascent has converged: the pages law held
  // to the log's requests per fragment given the other three laws (held
  // inside the ascent, the think times follow the pages up the ridge).
  if (empiricalPages) pages = fitPages(true);
  const t = tables(pages.law, objects.law, thinkTime.law, objectGap.law);
  const seen = seenMeasure(f, t);
  return {
    laws: { pages, objects, thinkTime, objectGap },
    fresh: (f.total * f.length) / seen,
    beyond: t.pages.tail[f.topPages]! / t.pages.mean,
    topPages: f.topPages,
    total: f.total,
  };
}

/**
 * E[N] that makes the requests per fragment, ρ = L·E[R] / (L + E[S_L]) with
 * E[R] = E[N]·(1 + E[M]), equal ρ̂ given the other three laws: ρ rises with
 * E[N] (L > E[min(T, L)]), so E[N] = ρ̂(L − a) / (cL − ρ̂(a + E[M]·b)),
 * a = E[min(T, L)], b = E[min(G, L)], c = 1 + E[M]. Infinite when no finite
 * E[N] reaches ρ̂ (cL ≤ ρ̂(a + E[M]·b): the other laws' continuations alone
 * fall short).
 */
function pagesForRho(t: Tables, f: Fragments, rho: number): number {
  const L = f.length;
  const a = t.think.below;
  const m = t.objects.mean;
  const b = t.gap.below;
  const denominator = (1 + m) * L - rho * (a + m * b);
  return denominator > 0 ? (rho * (L - a)) / denominator : Number.POSITIVE_INFINITY;
}

/**
 * The most pages `holdMean` moves the top atom to: a class whose ρ̂ no finite
 * E[N] reaches (`pagesForRho` infinite) gets sessions this long, a tenth of
 * the schema's count bound, so its fitted run stays cheap to simulate (a
 * safeguard, not a fitted value: no class of the shared log or its halves
 * reaches it).
 */
const HELD_MAX = 1000;

/**
 * The empirical pages law (its NPMLE, weights `counts` on the pages seen,
 * ascending) held to the mean `target` (`pagesForRho`), one parameter each
 * way, the rest of the law as the likelihood put it:
 * - lower (target below its mean): the exponential tilt w_j ∝ ŵ_j·e^{θ·v_j},
 *   θ < 0 by bisection (the law nearest ŵ in Kullback–Leibler with that mean);
 * - higher: the top atom moved up, to V above the most pages seen (split
 *   between ⌊V⌋ and ⌈V⌉ so the mean is exact). A window shows at most the
 *   top count of a session it cuts, so the NPMLE's top atom is "top or
 *   more"; the moment condition says how much more. V at most HELD_MAX.
 */
export function holdMean(
  values: readonly number[],
  counts: readonly number[],
  target: number,
): { values: number[]; counts: number[] } {
  const total = counts.reduce((x, y) => x + y, 0);
  const K = values.length;
  const mean = values.reduce((x, v, j) => x + v * counts[j]!, 0) / total;
  const same = { values: [...values], counts: [...counts] };
  if (!(total > 0) || !(Math.abs(target - mean) > 1e-9 * mean) || Number.isNaN(target)) return same;
  if (target < mean) {
    const lo = values[0]!;
    if (target <= lo) return { values: [lo], counts: [total] };
    const tilted = (theta: number) => {
      const w = values.map((v, j) => counts[j]! * Math.exp(theta * (v - lo)));
      const s = w.reduce((x, y) => x + y, 0);
      return {
        w: w.map((x) => (x / s) * total),
        m: values.reduce((x, v, j) => x + (v * w[j]!) / s, 0),
      };
    };
    let low = -1;
    while (tilted(low).m > target && low > -1e6) low *= 2;
    let high = 0;
    for (let it = 0; it < 100; it++) {
      const mid = (low + high) / 2;
      if (tilted(mid).m > target) high = mid;
      else low = mid;
    }
    return { values: [...values], counts: tilted((low + high) / 2).w };
  }
  const top = values[K - 1]!;
  const atom = counts[K - 1]!;
  const rest = values.reduce((x, v, j) => x + (j < K - 1 ? v * counts[j]! : 0), 0);
  const V = Math.min(HELD_MAX, (target * total - rest) / atom);
  if (!(V > top)) return same;
  // The top atom split between ⌊V⌋ and ⌊V⌋ + 1 (⌊V⌋ may be the top itself).
  const v0 = Math.floor(V);
  const share = V - v0;
  const out = { values: values.slice(0, K - 1), counts: counts.slice(0, K - 1) };
  out.values.push(v0);
  out.counts.push(atom * (1 - share));
  if (share > 0) {
    out.values.push(v0 + 1);
    out.counts.push(atom * share);
  }
  return out;
}

/** The fragments' fit and what decides whether the windows identify its session length (`identified`). */
interface FragmentsFit {
  readonly laws: SessionLaws;
  /** Session starts expected among the class's fragments: n·L / (L + E[S_L]). */
  readonly fresh: number;
  /** The share of E[N] beyond the most pages a window showed: Σ_{j ≥ top} P(N > j) / E[N]. */
  readonly beyond: number;
  readonly topPages: number;
  readonly total: number;
}

/**
 * Whether the windows identify a class's session length (docs/fit-validation.md,
 * "Fragments that continue a session: what the windows identify"). The
 * fragments' likelihood has a ridge: longer sessions explain a window's
 * requests as continuations at the price of fewer starts. Its far end is not
 * a session law, and two checks find it:
 * - no start seen: fewer than one of the class's fragments is expected to be
 *   a session's start (n·L / (L + E[S_L]) < 1). A host busy through every
 *   window shows no beginning of a session, so nothing on its length, only
 *   its rate; its MLE runs to the bound;
 * - the mean is extrapolation: most of E[N] (more than half of
 *   Σ_{j ≥ 0} P(N > j)) lies beyond the most pages any window showed, where
 *   no fragment reaches: the family's shape there, not the log, sets it (a
 *   Pareto with α near 0).
 * Either way the class is fitted again with its pages law the empirical one
 * (its NPMLE under the fragments' likelihood) on the pages the windows
 * showed, no family's extrapolation, and that law is then held to the log's
 * requests per fragment (`holdMean`): its top atom may move above the most
 * pages a window showed (a window cuts sessions there), up to HELD_MAX
 * pages. (A class with no fragment: nothing to check.)
 */
function identified(fit: FragmentsFit): boolean {
  return fit.total === 0 || (fit.fresh >= 1 && fit.beyond <= 0.5);
}

/**
 * The censored fit of one class, from its naive (uncensored) fit. Bounds
 * (each law is truncated there, as the engine draws it): think times and
 * object gaps at the session gap (a silence that long ends a session by the
 * reconstruction rule, so no gap inside one is longer; a bound at the
 * largest gap seen, below the window's length, would cut the very tail the
 * censoring reveals); counts at the schema's default bound, not at the
 * largest count seen: a window cuts sessions, so the whole sessions' counts
 * go past what it shows (a truncated law with its bound there would make a
 * cut session at that count impossible to continue).
 */
export interface CensoredFitOptions {
  readonly windows: ObserveWindows;
  /** The log's origin (epoch seconds), where the windows' offsets count from. */
  readonly origin: number;
  readonly sessionGap: number;
  /** Read each fragment as a fresh start or a continuation (above); off: every fragment a fresh start. */
  readonly fragments?: boolean;
  /** Coordinate-ascent rounds (at least these with the fragments' likelihood). */
  readonly rounds?: number;
}

export function fitCensored(
  obs: ClassObservations,
  naive: SessionLaws,
  options: CensoredFitOptions,
): SessionLaws {
  if (!options.fragments) return fitCensoredStarts(obs, naive, options);
  const fit = fitFragments(obs, naive, options);
  if (identified(fit)) return fit.laws;
  return fitFragments(obs, naive, { ...options, empiricalPages: true }).laws;
}

/** The fit with every fragment read as a session's start (the likelihood before the fragments'). */
function fitCensoredStarts(
  obs: ClassObservations,
  naive: SessionLaws,
  options: CensoredFitOptions,
): SessionLaws {
  const { windows, origin, sessionGap, rounds = 3 } = options;
  const half = halfSecond(obs);
  const ends = sessionEnds(obs, windows, origin, half);
  let { pages, objects, thinkTime, objectGap } = naive;
  const inner = innerObjectCounts(obs);
  for (let round = 0; round < rounds; round++) {
    const emPages = (values: readonly number[], counts: readonly number[]) => {
      const { a, b } = endWeights(ends, "pages", objects.law, thinkTime.law, objectGap.law);
      const none = values.map(() => 0);
      return empiricalCensoredWeights(
        values,
        none,
        { seen: ends.pages, a, b, count: ends.count },
        counts,
      );
    };
    pages = fitCount(
      "pages per session",
      "pages",
      obs.pages,
      1,
      censoring((law) => endsLogLikelihood(ends, law, objects.law, thinkTime.law, objectGap.law), {
        cells: false,
        max: DEFAULT_COUNT_MAX,
        empirical: emPages,
      }),
    );
    thinkTime = fitDuration(
      "think time between pages",
      obs.thinkTime,
      censoring((law) => endsLogLikelihood(ends, pages.law, objects.law, law, objectGap.law), {
        max: sessionGap,
      }),
    );
    const emObjects = (values: readonly number[], counts: readonly number[]) => {
      const { a, b } = endWeights(ends, "objects", pages.law, thinkTime.law, objectGap.law);
      const complete = values.map((v) => inner.get(v) ?? 0);
      const records = { seen: ends.objects, a, b, count: ends.count };
      return empiricalCensoredWeights(values, complete, records, counts);
    };
    objects = fitCount(
      "embedded objects per page",
      "objects",
      obs.innerObjects,
      0,
      censoring((law) => endsLogLikelihood(ends, pages.law, law, thinkTime.law, objectGap.law), {
        max: DEFAULT_COUNT_MAX,
        empirical: emObjects,
      }),
      obs.objects,
    );
    objectGap = fitDuration(
      "gap between a page's requests",
      obs.objectGap,
      censoring((law) => endsLogLikelihood(ends, pages.law, objects.law, thinkTime.law, law), {
        max: sessionGap,
      }),
    );
  }
  return { pages, objects, thinkTime, objectGap };
}

/** Distinct session ends: pages seen, last page's objects, seconds left of the window. */
interface SessionEnds {
  readonly pages: number[];
  readonly objects: number[];
  readonly cut: number[];
  readonly count: number[];
}

function sessionEnds(
  obs: ClassObservations,
  windows: ObserveWindows,
  origin: number,
  half: number,
): SessionEnds {
  const index = new Map<string, number>();
  const ends: SessionEnds = { pages: [], objects: [], cut: [], count: [] };
  for (let i = 0; i < obs.endTimes.length; i++) {
    const t = obs.endTimes[i]!;
    const left = Math.max(0, Math.round((windowEnd(t, windows, origin) - t) / half) * half);
    const cut = Math.max(half, left - half);
    const key = `${obs.endPages[i]}|${obs.endObjects[i]}|${cut}`;
    let j = index.get(key);
    if (j === undefined) {
      j = ends.count.length;
      index.set(key, j);
      ends.pages.push(obs.endPages[i]!);
      ends.objects.push(obs.endObjects[i]!);
      ends.cut.push(cut);
      ends.count.push(0);
    }
    ends.count[j]!++;
  }
  return ends;
}

/** Σ count · log of each session end's probability (above) under the four laws. */
function endsLogLikelihood(e: SessionEnds, pages: Law, objects: Law, think: Law, gap: Law): number {
  let ll = 0;
  for (let i = 0; i < e.count.length; i++) {
    const k = e.pages[i]!;
    const m = e.objects[i]!;
    const r = e.cut[i]!;
    const nAtMost = pages(k);
    const nBelow = pages(k - 1);
    const mAtMost = objects(m);
    const pm = mAtMost - objects(m - 1);
    const p =
      pm * (nAtMost - nBelow + (1 - nAtMost) * (1 - think(r))) +
      (1 - mAtMost) * (1 - gap(r)) * (1 - nBelow);
    ll += e.count[i]! * Math.log(p > 1e-300 ? p : 1e-300);
  }
  return ll;
}

/** The other laws' a and b of each session end, for the empirical pages or objects law. */
function endWeights(
  e: SessionEnds,
  block: "pages" | "objects",
  /** The pages law for the objects block, the objects law for the pages block. */
  other: Law,
  think: Law,
  gap: Law,
): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < e.count.length; i++) {
    const r = e.cut[i]!;
    const sT = 1 - think(r);
    const sG = 1 - gap(r);
    if (block === "objects") {
      const k = e.pages[i]!;
      const nAtMost = other(k);
      const nBelow = other(k - 1);
      a.push(nAtMost - nBelow + (1 - nAtMost) * sT);
      b.push(sG * (1 - nBelow));
    } else {
      // P(N = k)·(pm + sM·sG) + P(N > k)·(pm·sT + sM·sG)
      const m = e.objects[i]!;
      const mAtMost = other(m);
      const pm = mAtMost - other(m - 1);
      a.push(pm + (1 - mAtMost) * sG);
      b.push(pm * sT + (1 - mAtMost) * sG);
    }
  }
  return { a, b };
}

/** E[min(X, L)] = ∫₀ᴸ P(X > x) dx of a duration law: its closed form (duration-laws.ts), or the midpoint rule. */
export function meanBelow(law: Law, L: number, steps = 2000): number {
  if (law.below !== undefined) return law.below(L);
  const h = L / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += 1 - law((i + 0.5) * h);
  return sum * h;
}
