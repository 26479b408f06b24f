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
  const trim = (x: number): string => String(Number(x.toFixed(1)));
  if (seconds < 120) return `${trim(seconds)}\u00a0s`;
  if (seconds < 2 * 3600) return `${trim(seconds / 60)}\u00a0min`;
  if (seconds < 2 * 86400) return `${trim(seconds / 3600)}\u00a0h`;
  return `${trim(seconds / 86400)}\u00a0d`;
}

/** Rounds to 4 significant digits: plenty for a chart, and keeps specs small. */
export function round4(x: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(4));
}
