import type { Summary } from "./stats.js";

/** A number for people: 4 significant digits, no exponent for everyday magnitudes. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 1e4 && abs < 1e9) return Math.round(x).toString();
  if (abs < 1e-3 || abs >= 1e9) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

/** `mean [low, high]`, or just the mean when there is no interval. */
export function fmtSummary(s: Summary): string {
  if (s.mean === null) return "n/a";
  if (s.ci95Low === null || s.ci95High === null) return fmt(s.mean);
  // Every replication agreed (e.g. no failed visits at all): the interval adds nothing.
  if (fmt(s.ci95Low) === fmt(s.mean) && fmt(s.ci95High) === fmt(s.mean)) return fmt(s.mean);
  return `${fmt(s.mean)} [${fmt(s.ci95Low)}, ${fmt(s.ci95High)}]`;
}

/** A plain text table with left-aligned first columns and right-aligned numbers. */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  leftColumns = 1,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** One CSV field, quoted when it must be (RFC 4180). */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
