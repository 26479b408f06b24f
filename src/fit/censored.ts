import { DEFAULT_COUNT_MAX } from "../scenario/index.js";
import { type Censoring, fitCount, fitDuration, type Law, type LawFit } from "./distributions.js";
import type { ObserveWindows } from "./observe.js";
import type { ClassObservations } from "./sessions.js";

/**
 * The censored fit of a sampled log (docs/guides/sessions-and-fit.md, "Sampled logs: the censored
 * fit"). The log shows a session only up to its window's end: after its last
 * request, r seconds before that end, the session either ended (its last
 * page, with exactly the objects seen), or its last page's burst went on with
 * an object gap of r or more, or it went on to another page after a think
 * time of r or more. With N pages, M objects per page, T think times and G
 * object gaps independent (the model's assumption), a session seen with k
 * pages, m objects on its last page and r seconds left contributes
 *
 *   P(M = m)·[P(N = k) + P(N > k)·P(T ≥ r)] + P(M > m)·P(G ≥ r)·P(N ≥ k)
 *
 * times the densities of its observed think times, object gaps and the
 * object counts of its other pages (complete: a later page followed them).
 * P(· ≥ r) reads the second-resolution log as the bins the uncensored fit
 * uses: a next request logged d seconds later is unseen iff d ≥ r, i.e. the
 * gap is at least r − ½. The joint likelihood is maximised block by block
 * (each law's family and parameters with the other three fixed, from the
 * naive fit, three rounds): coordinate ascent, each step raising it.
 */

/** The four laws of a class. */
export interface SessionLaws {
  readonly pages: LawFit;
  readonly objects: LawFit;
  readonly thinkTime: LawFit;
  readonly objectGap: LawFit;
}

/** Distinct session ends: pages seen, last page's objects, seconds left of the window. */
interface SessionEnds {
  readonly pages: number[];
  readonly objects: number[];
  readonly cut: number[];
  readonly count: number[];
}

/** Seconds from time `t` (epoch) to the end of the observation window holding it. */
export function windowEnd(t: number, windows: ObserveWindows, origin: number): number {
  const at = t - origin - windows.offset;
  const k = Math.floor(at / windows.period);
  return origin + windows.offset + k * windows.period + windows.length;
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

/**
 * The empirical count law's censored MLE on `values` (the distinct counts
 * seen) by EM (self-consistency, as Kaplan–Meier's): a record seen at value
 * v contributes w_v·a + W_{>v}·b (a, b from the other laws), so its expected
 * share of each value u is w_v·a / D at u = v and w_u·b / D at u > v, with
 * D = w_v·a + W_{>v}·b. `complete` counts exact observations; returns
 * expected counts (they sum to all observations).
 */
export function empiricalCensoredWeights(
  values: readonly number[],
  complete: readonly number[],
  seen: readonly number[],
  a: readonly number[],
  b: readonly number[],
  count: readonly number[],
  start: readonly number[],
  iterations = 300,
): number[] {
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
export function fitCensored(
  obs: ClassObservations,
  naive: SessionLaws,
  windows: ObserveWindows,
  origin: number,
  sessionGap: number,
  rounds = 3,
): SessionLaws {
  const half = obs.thinkTime.integral && obs.objectGap.integral ? 0.5 : 0.0005;
  const ends = sessionEnds(obs, windows, origin, half);
  let { pages, objects, thinkTime, objectGap } = naive;
  const innerEntries = obs.innerObjects.entries();
  const inner = new Map(innerEntries.values.map((v, i) => [v, innerEntries.counts[i]!]));
  const censoring = (ll: (law: Law) => number, extra: Partial<Censoring> = {}): Censoring => ({
    logLikelihood: ll,
    ...extra,
  });
  for (let round = 0; round < rounds; round++) {
    const emPages = (values: readonly number[], counts: readonly number[]) => {
      const { a, b } = endWeights(ends, "pages", objects.law, thinkTime.law, objectGap.law);
      const none = values.map(() => 0);
      return empiricalCensoredWeights(values, none, ends.pages, a, b, ends.count, counts);
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
      return empiricalCensoredWeights(values, complete, ends.objects, a, b, ends.count, counts);
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

/** E[min(X, L)] = ∫₀ᴸ P(X > x) dx of a duration law, by the midpoint rule. */
export function meanBelow(law: Law, L: number, steps = 2000): number {
  const h = L / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += 1 - law((i + 0.5) * h);
  return sum * h;
}
