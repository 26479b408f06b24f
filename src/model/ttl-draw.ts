import type { Rng } from "../engine/index.js";
import type { TtlSpec } from "../scenario/index.js";

/**
 * The TTL the authoritative server puts on each answer: one value, or a
 * fresh draw per answer (CDNs and load balancers that jitter their TTLs).
 * Draws come from their own stream ("dns-ttl"), so a constant TTL draws
 * nothing and no other stream of the run shifts when a distribution is used.
 */
export class TtlDraw {
  /** The TTL when it is constant, or -1 when it is drawn per answer. */
  readonly constant: number;
  private readonly low: number;
  private readonly width: number;

  constructor(
    spec: TtlSpec,
    private readonly rng: Rng,
  ) {
    if (typeof spec === "number") {
      this.constant = spec;
      this.low = spec;
      this.width = 0;
    } else {
      this.constant = -1;
      this.low = spec.uniform[0];
      this.width = spec.uniform[1] - spec.uniform[0];
    }
  }

  /** The TTL of the next answer, seconds. */
  next(): number {
    return this.constant >= 0 ? this.constant : this.low + this.width * this.rng();
  }

  /** The TTL at quantile u in [0, 1) (for draws from another stream: the steady-state start). */
  at(u: number): number {
    return this.low + this.width * u;
  }

  /** The longest TTL it gives, seconds. */
  get highest(): number {
    return this.low + this.width;
  }
}

/** Mean TTL of a spec, seconds (what the hit ratio depends on under Poisson lookups). */
export function meanTtl(spec: TtlSpec): number {
  return typeof spec === "number" ? spec : (spec.uniform[0] + spec.uniform[1]) / 2;
}

/**
 * Mean of min(max(T, min), max) for a TTL spec, seconds: the mean cache
 * lifetime after clamping (exact for the uniform by integrating the clamp).
 */
export function meanClampedTtl(spec: TtlSpec, min: number, max: number): number {
  const clamp = (x: number) => Math.min(Math.max(x, min), max);
  if (typeof spec === "number") return clamp(spec);
  const [a, b] = spec.uniform;
  if (!(b > a)) return clamp(a);
  // ∫ clamp(x) dx over [a, b] / (b − a): constant outside [min, max], x inside.
  const lo = Math.min(Math.max(min, a), b);
  const hi = Math.max(Math.min(max, b), lo);
  const integral = clamp(a) * (lo - a) + (hi * hi - lo * lo) / 2 + clamp(b) * (b - hi);
  return integral / (b - a);
}
