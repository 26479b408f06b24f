import type { RateProfile } from "./schema.js";

/*
 * Rate profiles, one implementation each: the rate at a time, its peak and
 * the expected visits over an interval, in closed form for every profile.
 * Pure math on the schema's type; here, not in the model, because scenario
 * imports nothing of ours and the limits estimate needs them as much as the
 * arrival process (src/model/arrivals.ts) does.
 */

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
      const a = diurnalAmplitude(profile.peakToTrough);
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
    case "periodic":
      return t < profile.offset ? 0 : 1 / profile.interval;
  }
}

/** The largest rate a profile ever reaches (the thinning envelope). */
export function peakRate(profile: RateProfile): number {
  if (typeof profile === "number") return profile;
  switch (profile.profile) {
    case "steps": {
      // A loop, not Math.max(...rates): spreading ~125,000 steps overflows the call stack.
      let peak = Number.NEGATIVE_INFINITY;
      for (const step of profile.steps) if (step.rate > peak) peak = step.rate;
      return peak;
    }
    case "diurnal":
      return profile.mean * (1 + diurnalAmplitude(profile.peakToTrough));
    case "flash":
      return Math.max(profile.base, profile.peak);
    case "periodic":
      return 1 / profile.interval;
  }
}

/** A diurnal profile's relative amplitude a: the rate swings between mean·(1 − a) and mean·(1 + a). */
export function diurnalAmplitude(peakToTrough: number): number {
  return (peakToTrough - 1) / (peakToTrough + 1);
}

/**
 * Expected visits in [from, to) (from ≤ to), in closed form for every
 * profile: the integral of rateAt, and for a periodic source the count of
 * its visit times offset + k·interval in the interval.
 */
export function expectedVisits(profile: RateProfile, from: number, to: number): number {
  if (typeof profile === "number") return profile * (to - from);
  switch (profile.profile) {
    case "steps": {
      let sum = 0;
      const steps = profile.steps;
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        const next = steps[i + 1];
        const lo = Math.max(from, step.at);
        const hi = Math.min(to, next ? next.at : to);
        if (hi > lo) sum += step.rate * (hi - lo);
      }
      return sum;
    }
    case "diurnal": {
      const a = diurnalAmplitude(profile.peakToTrough);
      const w = (2 * Math.PI) / profile.period;
      const wave =
        (Math.sin(w * (to - profile.peakAt)) - Math.sin(w * (from - profile.peakAt))) / w;
      return profile.mean * (to - from + a * wave);
    }
    case "flash": {
      const extra = profile.peak - profile.base;
      return (
        profile.base * (to - from) + extra * (flashCrowd(profile, to) - flashCrowd(profile, from))
      );
    }
    case "periodic":
      return periodicCount(profile, to) - periodicCount(profile, from);
  }
}

/** Expected visits in [0, duration). */
export function expectedVisitsOver(profile: RateProfile, duration: number): number {
  return expectedVisits(profile, 0, duration);
}

type Flash = Extract<RateProfile, { profile: "flash" }>;
type Periodic = Extract<RateProfile, { profile: "periodic" }>;

/** ∫ of a flash crowd's excess over its base, in units of (peak − base), from its start to t. */
function flashCrowd(profile: Flash, t: number): number {
  const into = t - profile.at;
  let crowd = 0;
  if (into > 0 && profile.rise > 0) {
    const u = Math.min(into, profile.rise);
    crowd += (u * u) / (2 * profile.rise);
  }
  const decaying = into - profile.rise;
  if (decaying > 0) crowd += profile.decay * -Math.expm1(-decaying / profile.decay);
  return crowd;
}

/** A periodic source's visits before t: one at offset + k·interval for every k ≥ 0 that falls before t. */
function periodicCount(profile: Periodic, t: number): number {
  return profile.offset >= t ? 0 : Math.ceil((t - profile.offset) / profile.interval);
}
