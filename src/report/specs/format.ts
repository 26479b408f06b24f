/**
 * Number formatting for captions. Hand-rolled rather than toLocaleString, so
 * the text does not depend on the ICU data a Node build happens to carry.
 */

/** 34279 -> "34,279". */
export function int(x: number): string {
  const sign = x < 0 ? "−" : "";
  return sign + String(Math.round(Math.abs(x))).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** 0.2134 -> "21.3%". */
export function pct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/** A fixed number of decimals, with a typographic minus. */
export function num(x: number, digits = 2): string {
  const s = x.toFixed(digits);
  return s.startsWith("-") ? `−${s.slice(1)}` : s;
}

/**
 * Seconds as a short human duration: "45 s", "10 min", "2.5 h", "7 d", with a
 * no-break space so that a caption never wraps between number and unit.
 */
export function duration(seconds: number): string {
  return durationIn(seconds, CAPTION);
}

/**
 * Seconds as people say them in a sentence: "30 s", "5 min", "1 h", "4 h",
 * "1 day" (the TTL advisor's wording: the largest unit reached, 3 digits).
 */
export function spokenDuration(seconds: number): string {
  return durationIn(seconds, SPOKEN);
}

interface DurationStyle {
  /** A unit is used from `switchAt` of it on (2: "90 s", not "1.5 min"). */
  readonly switchAt: number;
  readonly digits: (x: number) => number;
  readonly space: string;
  readonly units: readonly [one: string, many: string][];
}

/** Seconds, minutes and hours: one form for one and many, in both styles. */
const S_MIN_H: DurationStyle["units"] = [
  ["s", "s"],
  ["min", "min"],
  ["h", "h"],
];

const CAPTION: DurationStyle = {
  switchAt: 2,
  digits: (x) => Number(x.toFixed(1)),
  space: "\u00a0",
  units: [...S_MIN_H, ["d", "d"]],
};

const SPOKEN: DurationStyle = {
  switchAt: 1,
  digits: (x) => Number(x.toPrecision(3)),
  space: " ",
  units: [...S_MIN_H, ["day", "days"]],
};

/** Seconds, minutes, hours, days: the largest unit the value reaches `switchAt` of. */
const UNIT_SECONDS = [1, 60, 3600, 86400] as const;

function durationIn(seconds: number, style: DurationStyle): string {
  let u = 0;
  while (u + 1 < UNIT_SECONDS.length && seconds >= style.switchAt * UNIT_SECONDS[u + 1]!) u++;
  const v = style.digits(seconds / UNIT_SECONDS[u]!);
  const [one, many] = style.units[u]!;
  return `${v}${style.space}${v === 1 ? one : many}`;
}

/** The smallest and the largest of `values` (an axis's domain over them). */
export function extent(values: readonly number[]): [min: number, max: number] {
  return [Math.min(...values), Math.max(...values)];
}

/** Rounds to 4 significant digits: plenty for a chart, and keeps specs small. */
export function round4(x: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(4));
}

/**
 * The top of a rate axis that starts at 0: the peak plus at least 5%, up to
 * the next round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × a power of
 * ten), so the highest point of a line sits below the frame, not on it, and
 * the ticks stay round. A domain given only its minimum is not made nice by
 * vega-lite, which put the peak exactly on the top edge.
 */
export function axisTop(peak: number): number {
  if (!(peak > 0)) return 1;
  const target = peak * 1.05;
  const power = 10 ** Math.floor(Math.log10(target));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10])
    if (m * power >= target) return round4(m * power);
  return round4(10 * power);
}

/** A y scale for rates from 0 to a peak (all zero: 0 to 1, an axis for the flat line to sit on). */
export function rateScale(peak: number): { domain: [number, number]; nice: false } {
  return { domain: [0, axisTop(peak)], nice: false };
}

/**
 * Tick values for a log-like (symlog) axis of seconds from 0 to `max`: 0,
 * then 1, 2, 5 per decade from `from`, thinned to 1 and 3 past one and a
 * half decades and to powers of ten past two and a half, so a p99 under 2 s
 * gets 0.01, 0.1 and 1 labelled, not the linear ticks vega picks for a
 * symlog scale (all squeezed into its top decade).
 */
export function logLikeTicks(max: number, from = 0.01): number[] {
  const ticks = [0];
  if (!(max > 0)) return ticks;
  const decades = Math.log10(Math.max(max, from) / from);
  // A symlog axis packs its low decades tightly: past two and a half decades
  // only powers of ten keep their labels apart in a 240 px chart.
  const steps = decades > 2.5 ? [1] : decades > 1.5 ? [1, 3] : [1, 2, 5];
  for (let p = Math.floor(Math.log10(from)); 10 ** p <= max * 1.0001; p++)
    for (const m of steps) {
      const v = Number((m * 10 ** p).toPrecision(2));
      if (v >= from && v <= max * 1.0001) ticks.push(v);
    }
  return ticks;
}
