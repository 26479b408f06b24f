import { exponential, type Rng } from "../engine/index.js";
import type { RateProfile } from "../scenario/index.js";

/** Visits per second at time t for a rate profile. */
export function rateAt(profile: RateProfile, t: number): number {
  if (typeof profile === "number") return profile;
  switch (profile.profile) {
    case "steps": {
      let rate = 0;
      for (const step of profile.steps) {
        if (step.at <= t) rate = step.rate;
        else break;
      }
      return rate;
    }
    case "diurnal": {
      const a = (profile.peakToTrough - 1) / (profile.peakToTrough + 1);
      return (
        profile.mean * (1 + a * Math.cos((2 * Math.PI * (t - profile.peakAt)) / profile.period))
      );
    }
    case "flash": {
      if (t < profile.at) return profile.base;
      const sinceStart = t - profile.at;
      if (sinceStart < profile.rise)
        return profile.base + ((profile.peak - profile.base) * sinceStart) / profile.rise;
      return (
        profile.base +
        (profile.peak - profile.base) * Math.exp(-(sinceStart - profile.rise) / profile.decay)
      );
    }
  }
}

/** The largest rate a profile ever reaches (the thinning envelope). */
export function peakRate(profile: RateProfile): number {
  if (typeof profile === "number") return profile;
  switch (profile.profile) {
    case "steps":
      return Math.max(...profile.steps.map((s) => s.rate));
    case "diurnal": {
      const a = (profile.peakToTrough - 1) / (profile.peakToTrough + 1);
      return profile.mean * (1 + a);
    }
    case "flash":
      return Math.max(profile.base, profile.peak);
  }
}

/** Expected visits in [from, to), by numerical integration (for tests and reports). */
export function expectedVisits(profile: RateProfile, from: number, to: number): number {
  if (typeof profile === "number") return profile * (to - from);
  const steps = 20000;
  const h = (to - from) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += rateAt(profile, from + (i + 0.5) * h);
  return sum * h;
}

/**
 * A (possibly non-homogeneous) Poisson arrival process. Constant rates draw
 * exponential gaps; piecewise-constant schedules restart the exponential at
 * each step (exact, by memorylessness); smooth curves use Lewis–Shedler
 * thinning under their peak rate, with acceptance drawn from its own stream so
 * that the candidate times do not depend on the curve's shape.
 */
export class ArrivalProcess {
  private readonly constantRate: number;
  private readonly steps: readonly { at: number; rate: number }[] | undefined;
  private readonly envelope: number;

  constructor(
    private readonly profile: RateProfile,
    private readonly gaps: Rng,
    private readonly acceptance: Rng,
  ) {
    this.constantRate = typeof profile === "number" ? profile : -1;
    this.steps =
      typeof profile === "object" && profile.profile === "steps" ? profile.steps : undefined;
    this.envelope = peakRate(profile);
  }

  /** The first arrival strictly after t (Infinity if none will ever come). */
  next(t: number): number {
    if (this.constantRate >= 0) {
      return this.constantRate > 0
        ? t + exponential(this.gaps, this.constantRate)
        : Number.POSITIVE_INFINITY;
    }
    if (this.steps) return this.nextStepped(t, this.steps);
    if (!(this.envelope > 0)) return Number.POSITIVE_INFINITY;
    let candidate = t;
    for (;;) {
      candidate += exponential(this.gaps, this.envelope);
      if (this.acceptance() * this.envelope < rateAt(this.profile, candidate)) return candidate;
    }
  }

  private nextStepped(t: number, steps: readonly { at: number; rate: number }[]): number {
    let now = t;
    for (;;) {
      let index = -1;
      for (let i = 0; i < steps.length; i++) if (steps[i]!.at <= now) index = i;
      const rate = index >= 0 ? steps[index]!.rate : 0;
      const boundary = index + 1 < steps.length ? steps[index + 1]!.at : Number.POSITIVE_INFINITY;
      if (rate > 0) {
        const candidate = now + exponential(this.gaps, rate);
        if (candidate < boundary) return candidate;
      }
      if (!Number.isFinite(boundary)) return Number.POSITIVE_INFINITY;
      now = boundary;
    }
  }
}
