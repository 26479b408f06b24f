import { LOWER_BOUND_WHERE } from "../specs/sweep-metric.js";
import type { SummaryData, SweepPointData, SweepValueData } from "./types.js";

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
export function fmtSummary(s: SummaryData): string {
  if (s.mean === null) return "n/a";
  if (s.ci95Low === null || s.ci95High === null) return fmt(s.mean);
  // Every replication agreed (e.g. no failed visits at all): the interval adds nothing.
  if (fmt(s.ci95Low) === fmt(s.mean) && fmt(s.ci95High) === fmt(s.mean)) return fmt(s.mean);
  return `${fmt(s.mean)} [${fmt(s.ci95Low)}, ${fmt(s.ci95High)}]`;
}

/**
 * Text from a scenario or the command line, made safe to print on a terminal:
 * control characters (escape sequences that recolour, move the cursor or
 * retitle the window, and line breaks that fake extra output) become U+FFFD.
 */
export function terminalText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "\ufffd");
}

/** A swept value as written on the command line. */
export function valueText(v: SweepValueData): string {
  return String(v);
}

/** Units of pure numbers, which a heading or a limit leaves unsaid. */
export function dimensionless(unit: string): boolean {
  return ["ratio", "index", "share", "×"].includes(unit);
}

/** `label (unit)`, leaving out units the label already says or that have no unit. */
export function metricHeading(m: { readonly label: string; readonly unit: string }): string {
  const unitless = dimensionless(m.unit) || m.label.split(/[\s()]+/).includes(m.unit);
  return unitless ? m.label : `${m.label} (${m.unit})`;
}

/**
 * A point's summary of a metric for tables: `mean [low, high]`, prefixed
 * with ≥ for a time to a milestone some run never reached (a drain that
 * never ended, a pool never filled: censored, see LOWER_BOUND_WHERE).
 */
export function summaryCell(point: SweepPointData, metricId: string): string {
  const text = fmtSummary(point.summary[metricId]!);
  const by = LOWER_BOUND_WHERE[metricId];
  const censored = by !== undefined && (point.summary[by]?.mean ?? 0) > 0;
  return censored ? `≥ ${text}` : text;
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

/** Characters a spreadsheet reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field, quoted when it must be (RFC 4180). Text that a spreadsheet
 * would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is neutralised
 * the OWASP way: a leading single quote, and the cell quoted. Numbers are
 * written as numbers, a negative one included: only text is ever prefixed.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  if (FORMULA_START.test(value)) return `"'${value.replaceAll('"', '""')}"`;
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A CSV line of fields. */
export function csvLine(values: readonly (string | number | boolean | null)[]): string {
  return values.map(csvField).join(",");
}
