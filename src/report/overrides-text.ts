import type { OverrideResult } from "../metrics/index.js";

function valueText(v: unknown): string {
  return typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);
}

/** `dns.ttl = 300 (file: 60)`; a field the file leaves unset says so. */
export function overrideText(o: OverrideResult): string {
  const file = o.file === undefined ? "not set in the file" : `file: ${valueText(o.file)}`;
  return `${o.field} = ${valueText(o.value)} (${file})`;
}

/**
 * The header line of a run with overrides, "" without: the scenario's
 * description speaks of the file's values, so the changed ones are named next
 * to it (`overrides: dns.ttl = 300 (file: 60), seed = 7 (file: 1)`).
 */
export function overridesLine(overrides: readonly OverrideResult[] | undefined): string {
  if (!overrides || overrides.length === 0) return "";
  return `overrides: ${overrides.map(overrideText).join(", ")}`;
}
