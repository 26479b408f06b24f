import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Results } from "../metrics/index.js";
import type { Override } from "../scenario/index.js";

/** Longest folder name the rule makes before it shortens the name with a hash. */
const MAX_NAME = 120;

const unsafe = (text: string): string => text.replace(/[^A-Za-z0-9._+-]/g, "_");

/**
 * The folder name of a run with overrides: the scenario's name, then
 * `--field=value` for each override sorted by field (so flag order does not
 * matter), lists written with dots (`servers[0].capacity` → `servers.0.capacity`),
 * and every character other than letters, digits and `._+-` turned into `_`:
 * `default--dns.ttl=300--seed=7`. A name longer than 120 characters keeps
 * its first 111 and ends in `-` and 8 hex digits of the SHA-256 of the
 * whole name, so it stays distinct and deterministic. No overrides: the name.
 */
export function overrideFolderName(name: string, overrides: readonly Override[]): string {
  const parts = [...overrides]
    .sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0))
    .map((o) => `${unsafe(o.field.replace(/\[(\d+)\]/g, ".$1"))}=${unsafe(String(o.value))}`);
  const full = [name, ...parts].join("--");
  if (full.length <= MAX_NAME) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, MAX_NAME - 9)}-${hash}`;
}

/**
 * Where a run writes without --out: reports/<name>/ for the scenario as the
 * file has it, reports/<name>--<overrides>/ for a changed one, so a quick
 * `--set` never replaces the report of the file's run (the bundled scenarios'
 * reports are committed).
 */
export function defaultRunFolder(name: string, overrides: readonly Override[]): string {
  return join("reports", overrideFolderName(name, overrides));
}

/** `results` with its overrides recorded after the description; unchanged without any. */
export function withOverrides(results: Results, overrides: readonly Override[]): Results {
  if (overrides.length === 0) return results;
  const { scenario, description, ...rest } = results;
  return { scenario, description, overrides: [...overrides], ...rest };
}
