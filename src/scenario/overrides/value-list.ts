import { OverrideSyntaxError, quoteText } from "../errors.js";

/** A value a swept field can take. */
export type SweepValue = number | string | boolean;

/**
 * Parses a value list: comma-separated items, each one of
 *   - a number (`30`, `0.5`, `1e3`), `true`/`false`, or any other word (a string: `frozen`);
 *   - a linear range `start..end:step` (`30..300:30` → 30, 60, …, 300; end included when hit);
 *   - a log range `log:start..end:count` (`log:30..86400:8` → 8 points evenly spaced
 *     on a log scale, ends included, rounded to 3 significant digits, and to whole
 *     numbers when both ends are whole).
 * Duplicates are dropped, first occurrence kept; order is as written.
 */
export function parseValueList(text: string): SweepValue[] {
  if (text.trim() === "") throw new OverrideSyntaxError("no values given");
  const out: SweepValue[] = [];
  for (const raw of text.split(",")) {
    const item = raw.trim();
    if (item === "") throw new OverrideSyntaxError(`empty item in ${quoteText(text)}`);
    for (const v of parseItem(item)) if (!out.includes(v)) out.push(v);
  }
  return out;
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const LINEAR = /^(.+?)\.\.([^:]+):(.+)$/;
const LOG = /^log:(.+?)\.\.([^:]+):(.+)$/;

/** Most points one range may produce; a typo like `1..1e9:1` should fail, not hang. */
const MAX_RANGE_POINTS = 10_000;

function parseItem(item: string): SweepValue[] {
  const log = LOG.exec(item);
  if (log) return logRange(item, num(log[1]!, item), num(log[2]!, item), num(log[3]!, item));
  if (item.startsWith("log:")) {
    throw new OverrideSyntaxError(`${quoteText(item)}: a log range is log:start..end:count`);
  }
  if (item.includes("..")) {
    const lin = LINEAR.exec(item);
    if (!lin) throw new OverrideSyntaxError(`${quoteText(item)}: a range is start..end:step`);
    return linearRange(item, num(lin[1]!, item), num(lin[2]!, item), num(lin[3]!, item));
  }
  if (NUMBER.test(item)) return [Number(item)];
  if (item === "true") return [true];
  if (item === "false") return [false];
  return [item];
}

function num(text: string, item: string): number {
  const t = text.trim();
  if (!NUMBER.test(t))
    throw new OverrideSyntaxError(`${quoteText(item)}: ${quoteText(t)} is not a number`);
  return Number(t);
}

function linearRange(item: string, start: number, end: number, step: number): number[] {
  if (!(step > 0)) throw new OverrideSyntaxError(`${quoteText(item)}: the step must be positive`);
  if (end < start) throw new OverrideSyntaxError(`${quoteText(item)}: the end is below the start`);
  const count = Math.floor((end - start) / step + 1e-9) + 1;
  if (count > MAX_RANGE_POINTS) {
    throw new OverrideSyntaxError(
      `${quoteText(item)}: ${count} points is more than ${MAX_RANGE_POINTS}`,
    );
  }
  // start + i·step, not repeated addition, so 0.1 steps do not drift; 12 digits drop float dust.
  return Array.from({ length: count }, (_, i) => Number((start + i * step).toPrecision(12)));
}

function logRange(item: string, start: number, end: number, count: number): number[] {
  if (!(start > 0))
    throw new OverrideSyntaxError(`${quoteText(item)}: a log range must start above 0`);
  if (!(end > start))
    throw new OverrideSyntaxError(`${quoteText(item)}: the end must be above the start`);
  if (!Number.isInteger(count) || count < 2 || count > MAX_RANGE_POINTS) {
    throw new OverrideSyntaxError(
      `${quoteText(item)}: the count must be a whole number from 2 to ${MAX_RANGE_POINTS}`,
    );
  }
  const whole = Number.isInteger(start) && Number.isInteger(end);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    let v: number;
    if (i === 0) v = start;
    else if (i === count - 1) v = end;
    else {
      v = Number((start * (end / start) ** (i / (count - 1))).toPrecision(3));
      if (whole) v = Math.round(v);
    }
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** How a value is written in labels, CSV headers and flags. */
export function formatValue(v: SweepValue): string {
  return String(v);
}
