import { exponential, type Rng } from "../engine/index.js";
import { peakRate, type RateProfile, rateAt } from "../scenario/index.js";

/**
 * Arrivals: periodic (one visit every `interval` seconds from `offset`:
 * monitoring probes, cron jobs), or a (possibly non-homogeneous) Poisson
 * process. Constant rates draw
 * exponential gaps; piecewise-constant schedules restart the exponential at
 * each step (exact, by memorylessness); smooth curves use Lewis–Shedler
 * thinning under a piecewise envelope (the diurnal peak; for a flash crowd the
 * base rate before it, the peak while it rises and the current rate while it
 * decays, so a tiny base rate does not cost peak/base rejections per visit).
 * Acceptance is drawn from its own stream so that candidate times do not
 * depend on the curve's shape.
 */
export class ArrivalProcess {
  private readonly constantRate: number;
  /** A stepped profile's steps, and the one under way. */
  private readonly steps: readonly { at: number; rate: number }[] | undefined;
  private stepIndex = 0;
  /** A smooth curve's peak, and the current piece of its thinning envelope. */
  private readonly peak: number;
  // The envelope is written by setEnvelope: fields, not a returned object, so
  // drawing an arrival allocates nothing.
  private envelopeRate = 0;
  private envelopeUntil = 0;
  /** Periodic arrivals: seconds between visits and the first one's time (interval -1: not periodic). */
  private readonly interval: number;
  private readonly offset: number;

  constructor(
    private readonly profile: RateProfile,
    private readonly gaps: Rng,
    private readonly acceptance: Rng,
  ) {
    this.constantRate = typeof profile === "number" ? profile : -1;
    this.peak = peakRate(profile);
    this.steps =
      typeof profile === "object" && profile.profile === "steps" ? profile.steps : undefined;
    const periodic = typeof profile === "object" && profile.profile === "periodic";
    this.interval = periodic ? profile.interval : -1;
    this.offset = periodic ? profile.offset : 0;
  }

  /** The run's first arrival, at or after 0 and before `horizon`, or Infinity. */
  first(horizon: number): number {
    // A periodic source visits at its offset itself; the others draw the first gap after 0.
    if (this.interval > 0) return this.offset < horizon ? this.offset : Number.POSITIVE_INFINITY;
    return this.next(0, horizon);
  }

  /** The first arrival strictly after t and before `horizon`, or Infinity. */
  next(t: number, horizon: number): number {
    // A constant rate, the common case, is drawn here: kept this short, the
    // call is inlined into the driver's loop (no call, no boxed time returned).
    if (this.constantRate > 0) {
      const next = t + exponential(this.gaps, this.constantRate);
      return next < horizon ? next : Number.POSITIVE_INFINITY;
    }
    return this.nextVarying(t, horizon);
  }

  /** `next` for a rate of 0, a stepped or periodic profile, or a smooth curve. */
  private nextVarying(t: number, horizon: number): number {
    if (this.constantRate >= 0) return Number.POSITIVE_INFINITY;
    if (this.steps) return this.nextStepped(t, horizon, this.steps);
    if (this.interval > 0) return this.nextPeriodic(t, horizon);
    let now = t;
    while (now < horizon) {
      this.setEnvelope(now);
      const envelope = this.envelopeRate;
      const until = this.envelopeUntil;
      if (!(envelope > 0)) {
        now = until;
        continue;
      }
      const candidate = now + exponential(this.gaps, envelope);
      if (candidate >= until) {
        // Past this piece of the envelope: restart there (memoryless), draw again.
        now = until;
        continue;
      }
      if (this.acceptance() * envelope < rateAt(this.profile, candidate)) {
        return candidate < horizon ? candidate : Number.POSITIVE_INFINITY;
      }
      now = candidate;
    }
    return Number.POSITIVE_INFINITY;
  }

  /** Sets an upper bound of the rate from t on, and until when it holds. */
  private setEnvelope(t: number): void {
    const p = this.profile;
    let rate = this.peak;
    let until = Number.POSITIVE_INFINITY;
    if (typeof p === "object" && p.profile === "flash") {
      if (t < p.at) {
        rate = p.base;
        until = p.at;
      } else if (t < p.at + p.rise) {
        until = p.at + p.rise;
      } else {
        // Decaying towards the base: the rate now bounds every later rate.
        rate = rateAt(p, t);
      }
    }
    this.envelopeRate = rate;
    this.envelopeUntil = until;
  }

  /** offset + k·interval for the smallest k with a time after t (computed, not summed: no drift). */
  private nextPeriodic(t: number, horizon: number): number {
    const d = this.interval;
    let k = Math.max(0, Math.floor((t - this.offset) / d) + 1);
    let next = this.offset + k * d;
    while (next <= t) next = this.offset + ++k * d;
    return next < horizon ? next : Number.POSITIVE_INFINITY;
  }

  private nextStepped(
    t: number,
    horizon: number,
    steps: readonly { at: number; rate: number }[],
  ): number {
    let now = t;
    while (now < horizon) {
      // Arrivals only move forward, so the current step is a cursor, not a search.
      while (this.stepIndex + 1 < steps.length && steps[this.stepIndex + 1]!.at <= now)
        this.stepIndex++;
      const step = steps[this.stepIndex]!;
      const started = step.at <= now;
      const rate = started ? step.rate : 0;
      const next = steps[this.stepIndex + 1];
      const boundary = !started ? step.at : next ? next.at : Number.POSITIVE_INFINITY;
      if (rate > 0) {
        const candidate = now + exponential(this.gaps, rate);
        if (candidate < boundary) return candidate < horizon ? candidate : Number.POSITIVE_INFINITY;
      }
      if (!Number.isFinite(boundary)) return Number.POSITIVE_INFINITY;
      now = boundary;
    }
    return Number.POSITIVE_INFINITY;
  }
}
