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

const CAPTION: DurationStyle = {
  switchAt: 2,
  digits: (x) => Number(x.toFixed(1)),
  space: "\u00a0",
  units: [
    ["s", "s"],
    ["min", "min"],
    ["h", "h"],
    ["d", "d"],
  ],
};

const SPOKEN: DurationStyle = {
  switchAt: 1,
  digits: (x) => Number(x.toPrecision(3)),
  space: " ",
  units: [
    ["s", "s"],
    ["min", "min"],
    ["h", "h"],
    ["day", "days"],
  ],
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

/** Rounds to 4 significant digits: plenty for a chart, and keeps specs small. */
export function round4(x: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(4));
}
