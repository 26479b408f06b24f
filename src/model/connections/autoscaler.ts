/**
 * The autoscaling rule of an elastic pool (scenario pool.autoscale), after the
 * Kubernetes HorizontalPodAutoscaler (kubernetes.io, "Horizontal Pod
 * Autoscaling", algorithm details):
 *
 *   desired = ceil(current × utilisation / target)
 *
 * skipped (desired = current) while |utilisation / target − 1| ≤ tolerance,
 * then clamped to [min, max]. Every evaluation records its recommendation; a
 * scale-down goes only to the highest recommendation of the last
 * `downStabilization` seconds (the HPA's scaleDown.stabilizationWindowSeconds,
 * 300 s), so a dip shorter than the window does not remove servers. A scale-up
 * takes effect at once unless the previous scale event is less than
 * `upCooldown` seconds old (the HPA's scale-up window is 0 s).
 *
 * Not modelled: the HPA's rate-limit policies (by default at most double, or
 * +4 pods, per 15 s) and its treatment of pods not yet ready.
 *
 * Pure and allocation-free after construction: the recommendations are a ring
 * of typed arrays sized for the window.
 */
export interface AutoscaleRule {
  readonly target: number;
  readonly min: number;
  readonly max: number;
  readonly tolerance: number;
  readonly interval: number;
  readonly upCooldown: number;
  readonly downStabilization: number;
}

/** Guards ceil() against products like 4 × 1.5000000000000002. */
const EPS = 1e-9;

export class Autoscaler {
  private readonly times: Float64Array;
  private readonly recs: Int32Array;
  private head = 0;
  private size = 0;
  private lastEvent = Number.NEGATIVE_INFINITY;

  constructor(private readonly rule: AutoscaleRule) {
    // Evaluations every `interval` seconds: the window holds at most window / interval + 1 of them.
    const capacity = Math.ceil(rule.downStabilization / rule.interval) + 2;
    this.times = new Float64Array(capacity);
    this.recs = new Int32Array(capacity);
  }

  /** The HPA's raw recommendation for `current` servers at `utilisation`, clamped to [min, max]. */
  recommend(current: number, utilisation: number): number {
    const r = this.rule;
    const ratio = utilisation / r.target;
    const raw =
      Math.abs(ratio - 1) <= r.tolerance + EPS ? current : Math.ceil(current * ratio - EPS);
    return Math.min(r.max, Math.max(r.min, raw));
  }

  /**
   * One evaluation at time t (non-decreasing from call to call) with `current`
   * servers whose average utilisation over the last interval was `utilisation`:
   * the number of servers from now on.
   */
  decide(t: number, current: number, utilisation: number): number {
    const r = this.rule;
    const rec = this.recommend(current, utilisation);
    this.push(t, rec);
    let next = current;
    if (rec > current) {
      if (t - this.lastEvent >= r.upCooldown - EPS) next = rec;
    } else {
      const stable = this.highestSince(t - r.downStabilization);
      if (stable < current) next = stable;
    }
    // Bounds changed by nothing but the rule: a pool that starts outside them is brought in.
    next = Math.min(r.max, Math.max(r.min, next));
    if (next !== current) this.lastEvent = t;
    return next;
  }

  private push(t: number, rec: number): void {
    const cap = this.times.length;
    const i = (this.head + this.size) % cap;
    this.times[i] = t;
    this.recs[i] = rec;
    if (this.size < cap) this.size++;
    else this.head = (this.head + 1) % cap;
  }

  /** The highest recommendation made after `cutoff` (the latest one always counts). */
  private highestSince(cutoff: number): number {
    const cap = this.times.length;
    let best = this.recs[(this.head + this.size - 1) % cap]!;
    for (let k = 0; k < this.size; k++) {
      const i = (this.head + k) % cap;
      if (this.times[i]! > cutoff + EPS && this.recs[i]! > best) best = this.recs[i]!;
    }
    return best;
  }
}
