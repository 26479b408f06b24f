import { chiSquareUniform, UNIFORM_ALPHA } from "./stats.js";

/**
 * What a sequence of answers says about how a resolver orders its cached
 * list: the share of each address in first position, and the step between
 * consecutive answers (next[i] = previous[(i + k) mod n] is a rotation by k).
 */
export type OrderPattern =
  | "rotate+1"
  | "rotate-1"
  | "random-offset"
  | "shuffle"
  | "frozen"
  | "other";

export interface OrderAnalysis {
  /** Answers analysed. */
  readonly answers: number;
  /** Share of each address in first position, largest first (labels are arbitrary). */
  readonly sortedShares: readonly number[];
  /** Same, keyed by address. */
  readonly shares: Readonly<Record<string, number>>;
  /** Consecutive pairs with the same address set. */
  readonly steps: number;
  /** stepCounts[k]: pairs that were a rotation by k positions. */
  readonly stepCounts: readonly number[];
  /** Pairs that were no rotation at all. */
  readonly nonRotations: number;
  readonly pattern: OrderPattern;
  /** The statistical argument behind `pattern`, in one sentence. */
  readonly confidence: string;
}

/** Offset k with next[i] = prev[(i + k) mod n] for all i, or -1. */
export function rotationOffset(prev: readonly string[], next: readonly string[]): number {
  const n = prev.length;
  if (next.length !== n || n === 0) return -1;
  const k = prev.indexOf(next[0]!);
  if (k < 0) return -1;
  for (let i = 0; i < n; i++) if (next[i] !== prev[(i + k) % n]) return -1;
  return k;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** Share of steps that must share one offset to call the order deterministic. */
const DETERMINISTIC_SHARE = 0.9;

/** Classifies a sequence of answers (each an ordered list of addresses). */
export function analyseOrders(
  answers: readonly (readonly string[])[],
  /** Indices i whose step from i − 1 is not a cache step (a refetch came between). */
  breaks: ReadonlySet<number> = new Set(),
): OrderAnalysis {
  const firsts = new Map<string, number>();
  for (const a of answers) if (a[0] !== undefined) firsts.set(a[0], (firsts.get(a[0]) ?? 0) + 1);
  const addresses = new Set(answers.flat());
  for (const a of addresses) if (!firsts.has(a)) firsts.set(a, 0);
  const total = answers.length;
  const shares: Record<string, number> = {};
  for (const [a, c] of [...firsts].sort(([x], [y]) => (x < y ? -1 : 1))) shares[a] = c / total;
  const sortedShares = Object.values(shares).sort((a, b) => b - a);

  const n = Math.max(0, ...answers.map((a) => a.length));
  const stepCounts = new Array<number>(n).fill(0);
  let steps = 0;
  let nonRotations = 0;
  for (let i = 1; i < answers.length; i++) {
    if (breaks.has(i)) continue;
    const prev = answers[i - 1]!;
    const next = answers[i]!;
    if (prev.length !== next.length || prev.length < 2) continue;
    if ([...next].sort().join() !== [...prev].sort().join()) continue; // a refetch changed the set
    steps++;
    const k = rotationOffset(prev, next);
    if (k < 0) nonRotations++;
    else stepCounts[k]!++;
  }
  const { pattern, confidence } = classify(n, steps, stepCounts, nonRotations);
  return {
    answers: total,
    sortedShares,
    shares,
    steps,
    stepCounts,
    nonRotations,
    pattern,
    confidence,
  };
}

function classify(
  n: number,
  steps: number,
  stepCounts: readonly number[],
  nonRotations: number,
): { pattern: OrderPattern; confidence: string } {
  if (steps < 2 || n < 2) return { pattern: "other", confidence: "too few comparable answers" };
  const rotations = steps - nonRotations;
  // Under a full shuffle a step is a rotation with probability n / n!.
  const q = n / factorial(n);
  if (rotations / steps < (1 + q) / 2) {
    return {
      pattern: "shuffle",
      confidence: `${nonRotations} of ${steps} steps were no rotation (a shuffle gives ${pct(1 - q)}, any rotation 0%)`,
    };
  }
  let best = 0;
  for (let k = 1; k < n; k++) if (stepCounts[k]! > stepCounts[best]!) best = k;
  const top = stepCounts[best]!;
  if (top >= DETERMINISTIC_SHARE * steps) {
    const pattern: OrderPattern =
      best === 0 ? "frozen" : best === 1 ? "rotate+1" : best === n - 1 ? "rotate-1" : "other";
    // A uniformly random offset repeats one value `top` times with probability (1/n)^top.
    const log10 = -top * Math.log10(n);
    return {
      pattern,
      confidence: `${top} of ${steps} steps had offset ${signed(best, n)}; a random offset would do that with p ≈ 1e${Math.round(log10)}`,
    };
  }
  const chi = chiSquareUniform(stepCounts);
  if (nonRotations === 0 || nonRotations / steps < 0.05) {
    if (chi.p >= UNIFORM_ALPHA) {
      return {
        pattern: "random-offset",
        confidence: `${rotations} of ${steps} steps were rotations, offsets uniform (χ² = ${chi.statistic.toFixed(1)}, df ${chi.df}, p = ${chi.p.toFixed(2)}); a shuffle would give ${pct(q)} rotations`,
      };
    }
  }
  return {
    pattern: "other",
    confidence: `offsets ${stepCounts.join("/")}, ${nonRotations} non-rotations (χ² p = ${chi.p.toExponential(1)})`,
  };
}

function signed(k: number, n: number): string {
  return k === 0 ? "0" : k === n - 1 ? "−1" : `+${k}`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}
