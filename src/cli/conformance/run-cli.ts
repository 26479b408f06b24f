import { readFileSync } from "node:fs";
import { type ConformanceRow, replaceReadmeBlock, undocumented } from "../../conformance/index.js";
import { writeAtomic } from "../files.js";

/*
 * What the two harness commands (`npm run conformance`, resolvers, and
 * `npm run client-conformance`, clients) share around their runs: flags, the
 * markdown page checked before minutes of measuring, a saved run read back,
 * outputs written atomically, and the verdict on stderr with the exit code.
 */

/** The value after `name` in argv, or undefined. */
export function flagOf(argv: readonly string[]): (name: string) => string | undefined {
  return (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
}

/** Refuses a page without the conformance markers before the run: false after saying why. */
export function markdownTargetOk(label: string, file: string): boolean {
  try {
    replaceReadmeBlock(readFileSync(file, "utf8"), "");
    return true;
  } catch (e) {
    process.stderr.write(`${label}: ${file}: ${(e as Error).message}\n`);
    return false;
  }
}

/** A run saved with --json (versions and measurements), or undefined after saying why. */
export function readSavedRun<T extends { versions: string[]; measurements: object }>(
  label: string,
  file: string,
): T | undefined {
  try {
    const saved = JSON.parse(readFileSync(file, "utf8")) as Partial<T>;
    if (typeof saved.measurements !== "object" || !Array.isArray(saved.versions))
      throw new Error("expected the JSON of a run (--json FILE): versions and measurements");
    return saved as T;
  } catch (e) {
    process.stderr.write(`${label}: ${file}: ${(e as Error).message}\n`);
    return undefined;
  }
}

/** The table into the page's markers and the run as JSON, each written atomically. */
export function writeRunOutputs(
  markdown: string | undefined,
  table: () => string,
  json: string | undefined,
  result: unknown,
): void {
  if (markdown) writeAtomic(markdown, replaceReadmeBlock(readFileSync(markdown, "utf8"), table()));
  if (json) writeAtomic(json, `${JSON.stringify(result, null, 2)}\n`);
}

/**
 * The verdict on stderr: rows that now pass a known deviation ("fixed?", only
 * the full resolver protocol gives it), then each undocumented failure. 1 when
 * any row fails, else 0.
 */
export function reportVerdict(label: string, rows: readonly ConformanceRow[]): number {
  for (const r of rows.filter((x) => x.verdict === "fixed?"))
    process.stderr.write(
      `${label}: ${r.setting} · ${r.metric} now passes; remove its known deviation\n`,
    );
  const failing = undocumented(rows);
  for (const r of failing)
    process.stderr.write(
      `${label}: FAIL ${r.setting} · ${r.metric}: real ${r.real}, preset ${r.simulated} (${r.note})\n`,
    );
  return failing.length > 0 ? 1 : 0;
}
