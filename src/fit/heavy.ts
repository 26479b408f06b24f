import { normalCdf } from "../engine/index.js";
import { DEFAULT_COUNT_MAX } from "../scenario/index.js";
import {
  type CensoredFitOptions,
  countTable,
  durationTable,
  type Fragments,
  fragments,
  halfSecond,
  intensity,
  meanBelow,
  type SessionLaws,
  seenMeasure,
  type Tables,
} from "./censored.js";
import type { DistributionSpec, FittedDistribution, Law } from "./distributions.js";
import { round } from "./distributions.js";
import {
  exponentialDuration,
  lognormalDuration,
  paretoDuration,
  truncatedLaw,
} from "./duration-laws.js";
import { hessian, nelderMead } from "./optimize.js";
import type { ClassObservations } from "./sessions.js";

/**
 * The session-level objects law (docs/fit-validation.md, "Heavy sessions").
 * The fragments' fit draws each page's objects independently, but the shared
 * log's page sizes within a fragment correlate (0.36), and that dependence
 * makes about half of its fragments of 20 or more requests; its pages of
 * many objects are also fetched faster (about 2 s between requests against
 * 7 s). Here each session is light or heavy (weight w), drawn once, and
 * every page of it draws its objects, and their gaps, from its component:
 * the held fit's objects family with its scale per component (lognormal:
 * the median; geometric: the mean; Pareto: the minimum) and its shape
 * shared, and likewise the object-gap family (lognormal: the median;
 * exponential: the mean; Pareto: the minimum; its shape shared and free).
 *
 * The likelihood is the fragments' one of a superposition: light sessions
 * at rate λ(1 − w), heavy ones at λw, each a stationary stream whose
 * fragments have intensity h_c (censored.ts, with that component's objects
 * and gap laws), times the component's probability of the fragment's inner
 * pages' objects (pages followed by another, never cut), Π P_c(M = m), and
 * of its object gaps (the seconds' bins, as the one-component fit reads
 * them). So
 *
 *   ℓ = Σ_i log((1 − w)·π_iL·h_iL + w·π_iH·h_iH) − n·log((1 − w)·S_L + w·S_H),
 *
 * S_c = L + E[S_L] with the component's laws. Pages and think times stay as
 * the held fit put them. Two moments are held: the per-page mean objects,
 * (1 − w)·E_L[M] + w·E_H[M] = E[M] of the held law (the light objects
 * scale solved for it), and the bursts' seen span, Σ_c w_c·E_c[M]·E[min(G_c,
 * L)] = E[M]·E[min(G, L)] of the held laws (the light gap scale solved for
 * it), so the normaliser and the requests per fragment ρ = L·E[R] / (L +
 * E[S_L]) are the held fit's: ρ = ρ̂ still. The free parameters (w, the
 * objects' scale ratio and shape, the gaps' shape and scale ratio) are
 * maximised by Nelder–Mead, the objects first from a few starts, then the
 * gaps' ratio from that optimum (the fragments' likelihood is not the
 * complete-data one an EM's M-step would maximise in closed form: a
 * component's laws enter h through their truncated survivals at every
 * fragment's first and last page).
 */

/** The mixture written to the scenario: the light law (the class's `objects`) and `heavy`. */
export interface HeavyFit {
  readonly weight: number;
  readonly light: DistributionSpec;
  readonly heavy: DistributionSpec;
  /** Log-likelihood over one component of the family (the held mean, the fitted shape). */
  readonly gain: number;
  /** E[M] per page, held: the one-component law's. */
  readonly mean: number;
  /** The scale ratio heavy / light and the shared shape (lognormal σ, Pareto α; geometric: 0). */
  readonly ratio: number;
  readonly shape: number;
  /**
   * A heavy session's object gaps (with a parametric gap law): the light and
   * heavy laws (the gap family's scale each, its shape the held law's) and
   * the scale ratio heavy / light.
   */
  readonly gap?: {
    readonly light: DistributionSpec;
    readonly heavy: DistributionSpec;
    readonly ratio: number;
    /** The gaps' shape, shared (lognormal σ, Pareto α; exponential: 0). */
    readonly shape: number;
  };
  /**
   * Standard errors (inverse observed information) on the scales the fit
   * moves on: logit w, log(ratio − 1), log shape (none for a geometric), and
   * with `gap` log gap shape (none for an exponential) and log gap ratio.
   */
  readonly errors: readonly number[];
}

/** A family's scale and shape (lognormal: median, σ; geometric: mean, none; Pareto: min, α). */
interface ScaleFamily {
  readonly dist: "lognormal" | "geometric" | "pareto";
  readonly shape: number;
  readonly max: number;
  law(scale: number, shape: number): Law;
  spec(scale: number, shape: number): DistributionSpec;
}

/**
 * The family the mixture's components take: the held objects law's, or
 * when that is the empirical law (it has no scale to mix), its best
 * parametric candidate's (lowest AIC). Undefined for a fixed law.
 */
function mixedFamily(objects: FittedDistribution): ScaleFamily | undefined {
  const own = scaleFamily(objects.spec);
  if (own !== undefined) return own;
  const best = objects.candidates
    .filter((c) => c.family !== "empirical" && c.params.every((p) => Number.isFinite(p.value)))
    .sort((a, b) => a.aic - b.aic)[0];
  if (best === undefined) return undefined;
  const spec: Record<string, number | string> = { dist: best.family, max: DEFAULT_COUNT_MAX };
  for (const p of best.params) spec[p.name] = p.value;
  return scaleFamily(spec);
}

/** A parametric count law's family, or undefined (fixed or empirical: no scale to mix). */
function scaleFamily(spec: DistributionSpec): ScaleFamily | undefined {
  if (typeof spec === "number" || typeof spec.dist !== "string") return undefined;
  const max = typeof spec.max === "number" ? spec.max : DEFAULT_COUNT_MAX;
  // P(C ≤ k) of the floor law on 0 … max, truncated at max as the engine
  // draws it: continuous(k + 1), as the fit's count families read it (smooth
  // between the integers for a lognormal or Pareto, so countTable sums its
  // mean's far tail by blocks).
  const truncate = (continuous: (x: number) => number): Law => {
    const top = continuous(max + 1);
    return (k) => (k < 0 ? 0 : k >= max ? 1 : continuous(k + 1) / top);
  };
  if (spec.dist === "lognormal")
    return {
      dist: "lognormal",
      shape: Number(spec.sigma),
      max,
      law: (median, sigma) => {
        const mu = Math.log(median);
        return truncate((x) => normalCdf((Math.log(x) - mu) / sigma));
      },
      spec: (median, sigma) => ({
        dist: "lognormal",
        median: round(median),
        sigma: round(sigma),
        max,
      }),
    };
  if (spec.dist === "pareto")
    return {
      dist: "pareto",
      shape: Number(spec.alpha),
      max,
      law: (min, alpha) => truncate((x) => (x <= min ? 0 : 1 - (min / x) ** alpha)),
      spec: (min, alpha) => ({ dist: "pareto", alpha: round(alpha), min: round(min), max }),
    };
  if (spec.dist === "geometric")
    return {
      dist: "geometric",
      shape: 0,
      max,
      law: (mean) => {
        const q = mean / (mean + 1);
        // Floor counts: the continuous form at x = k + 1 is 1 − q^(k + 1).
        return truncate((x) => 1 - q ** Math.floor(x));
      },
      spec: (mean) => ({ dist: "geometric", mean: round(mean), max }),
    };
  return undefined;
}

/** Each fragment's inner pages' objects, and the most objects any page of a fragment shows. */
function innerPages(obs: ClassObservations, f: Fragments) {
  let top = f.topObjects;
  for (const m of obs.innerObjectsOf) top = Math.max(top, m);
  return {
    top,
    of: (i: number): [number, number] => [i === 0 ? 0 : obs.innerEnd[i - 1]!, obs.innerEnd[i]!],
  };
}

/** A duration law's family by its scale (lognormal: median; exponential: mean; Pareto: min), shape fixed. */
interface GapFamily {
  /** The held law's shape (lognormal σ, Pareto α; exponential: 0, none). */
  readonly shape: number;
  law(scale: number, shape: number): Law;
  spec(scale: number, shape: number): DistributionSpec;
}

/** The held object-gap law as a scale family truncated at its max, or undefined (fixed, empirical). */
function gapFamily(spec: DistributionSpec): GapFamily | undefined {
  if (typeof spec === "number" || typeof spec.dist !== "string") return undefined;
  const max = typeof spec.max === "number" ? spec.max : Number.POSITIVE_INFINITY;
  const bounded = (law: Law): Law => (Number.isFinite(max) ? truncatedLaw(law, max) : law);
  const withMax = (o: Record<string, number | string>) =>
    Number.isFinite(max) ? { ...o, max } : o;
  if (spec.dist === "lognormal") {
    return {
      shape: Number(spec.sigma),
      law: (median, sigma) => bounded(lognormalDuration(Math.log(median), sigma)),
      spec: (median, sigma) =>
        withMax({ dist: "lognormal", median: round(median), sigma: round(sigma) }),
    };
  }
  if (spec.dist === "exponential")
    return {
      shape: 0,
      law: (mean) => bounded(exponentialDuration(mean)),
      spec: (mean) => withMax({ dist: "exponential", mean: round(mean) }),
    };
  if (spec.dist === "pareto") {
    return {
      shape: Number(spec.alpha),
      law: (min, alpha) => bounded(paretoDuration(alpha, min)),
      spec: (min, alpha) => withMax({ dist: "pareto", alpha: round(alpha), min: round(min) }),
    };
  }
  return undefined;
}

/** Each fragment's object gaps as indices into the distinct gaps seen. */
function gapCells(obs: ClassObservations) {
  const at = new Map<number, number>();
  const values: number[] = [];
  const index = Int32Array.from(obs.gapsOf, (g) => {
    let j = at.get(g);
    if (j === undefined) {
      j = values.length;
      at.set(g, j);
      values.push(g);
    }
    return j;
  });
  return {
    values,
    index,
    of: (i: number): [number, number] => [i === 0 ? 0 : obs.gapEnd[i - 1]!, obs.gapEnd[i]!],
  };
}

/** Midpoint steps of E[min(G, L)] inside the gap scale's bisection (the tables take 2,000). */
const GAP_STEPS = 400;

/**
 * The mixture's fit for one class given its held laws (`fitCensored` with
 * `fragments`); undefined when the objects law has no parametric family
 * (fixed), the class has no fragment, or the mixture gains no more than 2 in
 * log-likelihood over one component (the AIC's price of its weight and ratio).
 * With a parametric object-gap law, a heavy session's gaps take their own
 * scale too (the shared log's pages of many objects are fetched faster):
 * the light scale solved so that the mean seen span of a page's burst,
 * Σ_c w_c·E_c[M]·E[min(G_c, L)], is the held laws' (so E[S_L] and ρ are).
 */
export function fitHeavy(
  obs: ClassObservations,
  laws: SessionLaws,
  options: CensoredFitOptions,
): HeavyFit | undefined {
  const family = mixedFamily(laws.objects);
  if (family === undefined || obs.endTimes.length === 0) return undefined;
  const half = halfSecond(obs);
  const f = fragments(obs, options.windows, options.origin, half, true);
  const L = f.length;
  const inner = innerPages(obs, f);
  const cells = gapCells(obs);
  const gaps = gapFamily(laws.objectGap.spec);
  const gapScale0 =
    gaps === undefined ? 1 : scaleOf(laws.objectGap.spec as Record<string, number | string>);
  const pages = countTable(laws.pages.law, f.topPages, DEFAULT_COUNT_MAX);
  const think = durationTable(laws.thinkTime.law, f);
  const n = f.count.length;
  /** Per fragment log(π_i·h_i) under one objects and gap law, and S (L + E[S_L]). */
  const component = (objects: Law, gapLaw: Law) => {
    const gap = durationTable(gapLaw, f);
    const t: Tables = { pages, objects: countTable(objects, inner.top, family.max), think, gap };
    const cdf = t.objects.cdf;
    const gapLog = Float64Array.from(cells.values, (g) =>
      Math.log(Math.max(1e-300, gapLaw(g + half) - gapLaw(Math.max(0, g - half)))),
    );
    const terms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const h = intensity(f, t, i);
      let log = Math.log(h > 1e-300 ? h : 1e-300);
      const [from, to] = inner.of(i);
      for (let j = from; j < to; j++) {
        const m = obs.innerObjectsOf[j]!;
        log += Math.log(Math.max(1e-300, cdf[m + 1]! - cdf[m]!));
      }
      if (gaps !== undefined) {
        const [g0, g1] = cells.of(i);
        for (let j = g0; j < g1; j++) log += gapLog[cells.index[j]!]!;
      }
      terms[i] = log;
    }
    return { terms, seen: seenMeasure(f, t), mean: t.objects.mean };
  };
  const target = countTable(laws.objects.law, 0, family.max).mean;
  const burstTarget = target * meanBelow(laws.objectGap.law, L, GAP_STEPS);
  // The last roots: the next evaluation's (a nearby point) start there.
  const warm = { scale: Number.NaN, gap: Number.NaN };
  const mixture = (
    w: number,
    ratio: number,
    shape: number,
    gap: { readonly ratio: number; readonly shape: number },
    steps = 40,
  ) => {
    const gapRatio = gap.ratio;
    // (1 − w)·E[M; s] + w·E[M; r·s] = target: one scale s.
    const mean = (s: number) => countTable(family.law(s, shape), 0, family.max).mean;
    warm.scale = increasingRoot(
      (mid) => {
        const s = Math.exp(mid);
        return (1 - w) * mean(s) + w * mean(s * ratio) - target;
      },
      { lo: -30, hi: 12, steps, from: warm.scale },
    );
    const scale = Math.exp(warm.scale);
    let gapScale = gapScale0;
    let gapLight = laws.objectGap.law;
    let gapHeavy = laws.objectGap.law;
    if (gaps !== undefined) {
      // The light gap scale that keeps the bursts' seen span: Σ w_c·E_c[M]·E[min(G_c, L)].
      const [mL, mH] = [mean(scale), mean(scale * ratio)];
      warm.gap = increasingRoot(
        (mid) => {
          const g = Math.exp(mid);
          const span =
            (1 - w) * mL * meanBelow(gaps.law(g, gap.shape), L, GAP_STEPS) +
            w * mH * meanBelow(gaps.law(g * gapRatio, gap.shape), L, GAP_STEPS);
          return span - burstTarget;
        },
        { lo: Math.log(gapScale0) - 20, hi: Math.log(gapScale0) + 20, steps, from: warm.gap },
      );
      gapScale = Math.exp(warm.gap);
      gapLight = gaps.law(gapScale, gap.shape);
      gapHeavy = gaps.law(gapScale * gapRatio, gap.shape);
    }
    const light = component(family.law(scale, shape), gapLight);
    const heavy = component(family.law(scale * ratio, shape), gapHeavy);
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const x = Math.log1p(-w) + light.terms[i]!;
      const y = Math.log(w) + heavy.terms[i]!;
      const top = Math.max(x, y);
      ll += top + Math.log(Math.exp(x - top) + Math.exp(y - top));
    }
    ll -= n * Math.log((1 - w) * light.seen + w * heavy.seen);
    return { ll, scale, gapScale };
  };
  // x = [logit w, log(ratio − 1), log shape?, log gap shape?, log gap ratio?]:
  // every point a valid mixture (the gap ratio last).
  const hasShape = family.shape > 0;
  const gapShaped = gaps !== undefined && gaps.shape > 0;
  const decode = (x: readonly number[]) => ({
    w: 1 / (1 + Math.exp(-x[0]!)),
    ratio: 1 + Math.exp(x[1]!),
    shape: hasShape ? Math.exp(x[2]!) : 0,
    gap: {
      shape: gapShaped ? Math.exp(x[hasShape ? 3 : 2]!) : (gaps?.shape ?? 0),
      ratio: gaps !== undefined ? Math.exp(x[x.length - 1]!) : 1,
    },
  });
  const objective = (x: readonly number[], steps = 40) => {
    const { w, ratio, shape, gap } = decode(x);
    const ll = mixture(w, ratio, shape, gap, steps).ll;
    return Number.isFinite(ll) ? -ll : Number.POSITIVE_INFINITY;
  };
  const shape0 = Math.log(hasShape ? family.shape : 1);
  const point = (w: number, ratio: number) => [
    Math.log(w / (1 - w)),
    Math.log(ratio - 1),
    ...(hasShape ? [shape0] : []),
    ...(gapShaped ? [Math.log(gaps.shape)] : []),
    ...(gaps !== undefined ? [0] : []),
  ];
  // First the objects alone (the gap ratio held at 1) from three starts; then
  // the gap ratio freed from that optimum, and from it with heavy sessions'
  // gaps half and twice as long (the full model's ridge has other optima).
  const last = point(0.5, 2).length - 1;
  const objectsOnly = (x: readonly number[]) =>
    gaps === undefined ? objective(x) : objective([...x, 0]);
  let best: number[] | undefined;
  let bestValue = Number.POSITIVE_INFINITY;
  const consider = (x: number[]) => {
    const value = objective(x);
    if (value < bestValue) {
      bestValue = value;
      best = x;
    }
  };
  for (const [w, ratio] of [
    [0.05, 5],
    [0.2, 3],
    [0.02, 20],
  ] as const) {
    const start = point(w, ratio);
    const x = nelderMead(
      objectsOnly,
      gaps === undefined ? start : start.slice(0, last),
      0.5,
      600,
      1e-9,
    );
    consider(gaps === undefined ? x : [...x, 0]);
  }
  if (gaps !== undefined && best !== undefined) {
    const from: number[] = best;
    for (const g of [0, Math.log(0.5), Math.log(2)])
      consider(nelderMead(objective, [...from.slice(0, last), g], 0.5, 400, 1e-8));
  }
  // The nested one-component law: the family at the held mean, its shape as fitted.
  const none = point(0.5, 2);
  none[0] = -40;
  const oneLl = -objective(none, 64);
  const gain = -bestValue - oneLl;
  // AIC: the weight, the ratio, the gap ratio and the gaps' shape are what
  // the one-component law (the held gap law) lacks.
  const extra = gaps === undefined ? 2 : gapShaped ? 4 : 3;
  if (best === undefined || !(gain > extra)) return undefined;
  const { w, ratio, shape, gap } = decode(best);
  // Each component must be one that some fragment is expected to be: fewer
  // than one expected heavy (or light) session among the class's fragments
  // is a component the windows do not identify (a class of a few fragments
  // and one outlier).
  if (!(w * n >= 1 && (1 - w) * n >= 1)) return undefined;
  const { scale, gapScale } = mixture(w, ratio, shape, gap);
  // The Hessian's differences are 1e-4 apart: the scale to the last bit (64 halvings of 42).
  const information = hessian((x) => objective(x, 64), best);
  return {
    weight: round(w),
    light: family.spec(scale, shape),
    heavy: family.spec(scale * ratio, shape),
    ...(gaps !== undefined && {
      gap: {
        light: gaps.spec(gapScale, gap.shape),
        heavy: gaps.spec(gapScale * gap.ratio, gap.shape),
        ratio: gap.ratio,
        shape: gap.shape,
      },
    }),
    gain,
    mean: target,
    ratio,
    shape,
    errors: inverseDiagonal(information).map(Math.sqrt),
  };
}

/** Where `increasingRoot` looks, how finely, and from where. */
export interface RootSearch {
  readonly lo: number;
  readonly hi: number;
  /** The answer's precision: (hi − lo) / 2^steps, as that many bisection steps. */
  readonly steps: number;
  /** A guess (NaN: none): the last root of a nearby equation. */
  readonly from: number;
}

/**
 * The root of an increasing f in [lo, hi] to (hi − lo)/2^steps, as
 * `steps` halvings of [lo, hi] would find it (an end when f has no sign
 * change there), in far fewer evaluations: a bracket grown from the guess
 * (±1e-3, ×8 a step), then regula falsi with the Illinois rule (Dowell &
 * Jarratt 1971: the end that stays twice running has its value halved, so
 * both ends close in), a halving when the secant falls on an end. Each evaluation of
 * the heavy-sessions objective solves two of these; from the whole range
 * by plain bisection that was 40 tables each.
 */
export function increasingRoot(f: (x: number) => number, o: RootSearch): number {
  const tolerance = (o.hi - o.lo) / 2 ** o.steps;
  let a = o.lo;
  let b = o.hi;
  let fa = Number.NaN;
  let fb = Number.NaN;
  if (Number.isFinite(o.from) && o.from > o.lo && o.from < o.hi) {
    for (let d = 1e-3; ; d *= 8) {
      const x0 = Math.max(o.lo, o.from - d);
      const x1 = Math.min(o.hi, o.from + d);
      const [f0, f1] = [f(x0), f(x1)];
      if (f0 < 0 && !(f1 < 0)) {
        [a, b, fa, fb] = [x0, x1, f0, f1];
        break;
      }
      if (x0 === o.lo && x1 === o.hi) {
        [fa, fb] = [f0, f1];
        break;
      }
    }
  } else [fa, fb] = [f(a), f(b)];
  // No sign change between the ends: f need not be monotone out there (a
  // law whose scale puts every draw past its cap has mean 0 again, so f
  // falls back at the top), and bisection, whose `f < 0` test also reads a
  // value that is not a number as above the root, still finds the root
  // inside: do exactly that.
  if (!(fa < 0) || !(fb >= 0)) return bisectIncreasing(f, o);
  let side = 0;
  while (b - a > tolerance) {
    const middle = (a + b) / 2;
    // Adjacent numbers (64 steps ask for more than a double holds): done.
    if (middle === a || middle === b) break;
    let x = (a * fb - b * fa) / (fb - fa);
    // A secant step on an end (or not finite): bisect instead.
    if (!(x > a && x < b)) x = middle;
    const fx = f(x);
    if (fx === 0) return x;
    if (fx < 0) {
      [a, fa] = [x, fx];
      if (side === -1) fb /= 2;
      side = -1;
    } else {
      [b, fb] = [x, fx];
      if (side === 1) fa /= 2;
      side = 1;
    }
  }
  return (a + b) / 2;
}

/** `steps` halvings of [lo, hi] toward where f turns from below 0 to not below it. */
function bisectIncreasing(f: (x: number) => number, o: RootSearch): number {
  let lo = o.lo;
  let hi = o.hi;
  for (let it = 0; it < o.steps; it++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A duration spec's scale parameter (lognormal median, exponential mean, Pareto min). */
function scaleOf(spec: Record<string, number | string>): number {
  return Number(
    spec.dist === "lognormal" ? spec.median : spec.dist === "exponential" ? spec.mean : spec.min,
  );
}

/** The diagonal of a small symmetric matrix's inverse (Gauss–Jordan); NaN when singular. */
function inverseDiagonal(H: readonly (readonly number[])[]): number[] {
  const n = H.length;
  const a = H.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const p = a[c]![c]!;
    if (!(Math.abs(p) > 0)) return new Array<number>(n).fill(Number.NaN);
    for (let j = 0; j < 2 * n; j++) a[c]![j]! /= p;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      for (let j = 0; j < 2 * n; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  return a.map((row, i) => row[n + i]!);
}
