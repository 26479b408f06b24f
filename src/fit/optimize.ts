/** Small numerical tools for maximum likelihood: Nelder–Mead, a Hessian, the normal CDF. */

/** Minimises f from `start` by Nelder–Mead (1 to a few dimensions); deterministic. */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  step = 0.5,
  iterations = 2000,
  tolerance = 1e-10,
): number[] {
  const n = start.length;
  let simplex: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i]! += step;
    simplex.push(p);
  }
  let values = simplex.map(f);
  for (let it = 0; it < iterations; it++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (Math.abs(values[n]! - values[0]!) <= tolerance * (Math.abs(values[0]!) + tolerance)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let d = 0; d < n; d++) centroid[d]! += simplex[i]![d]! / n;
    const worst = simplex[n]!;
    const along = (t: number) => centroid.map((c, d) => c + t * (worst[d]! - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < values[0]!) {
      const expanded = along(-2);
      const fe = f(expanded);
      if (fe < fr) {
        simplex[n] = expanded;
        values[n] = fe;
      } else {
        simplex[n] = reflected;
        values[n] = fr;
      }
    } else if (fr < values[n - 1]!) {
      simplex[n] = reflected;
      values[n] = fr;
    } else {
      const contracted = fr < values[n]! ? along(-0.5) : along(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n]!)) {
        simplex[n] = contracted;
        values[n] = fc;
      } else {
        const best = simplex[0]!;
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i]!.map((x, d) => best[d]! + 0.5 * (x - best[d]!));
          values[i] = f(simplex[i]!);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[best]!) best = i;
  return simplex[best]!;
}

/** Central-difference Hessian of f at x. */
export function hessian(f: (x: readonly number[]) => number, x: readonly number[]): number[][] {
  const n = x.length;
  const h = x.map((v) => 1e-4 * Math.max(1, Math.abs(v)));
  const at = (d: readonly number[]) => f(x.map((v, i) => v + d[i]!));
  const H: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const f0 = f(x);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const e = (a: number, b: number) => {
        const d = new Array<number>(n).fill(0);
        d[i]! += a * h[i]!;
        d[j]! += b * h[j]!;
        return d;
      };
      const v =
        i === j
          ? (at(e(1, 0)) - 2 * f0 + at(e(-1, 0))) / (h[i]! * h[i]!)
          : (at(e(1, 1)) - at(e(1, -1)) - at(e(-1, 1)) + at(e(-1, -1))) / (4 * h[i]! * h[j]!);
      H[i]![j] = v;
      H[j]![i] = v;
    }
  }
  return H;
}

/** Standard errors (square roots of the inverse Hessian's diagonal), for 1 or 2 parameters; NaN when singular. */
export function standardErrors(H: readonly (readonly number[])[]): number[] {
  if (H.length === 1) return [1 / Math.sqrt(H[0]![0]!)];
  if (H.length === 2) {
    const [a, b] = H[0]! as [number, number];
    const d = H[1]![1]!;
    const det = a * d - b * b;
    return [Math.sqrt(d / det), Math.sqrt(a / det)];
  }
  throw new RangeError("standardErrors: 1 or 2 parameters");
}

/** The two-sided 95% normal quantile. */
export const Z95 = 1.959963984540054;
