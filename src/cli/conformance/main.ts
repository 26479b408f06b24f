#!/usr/bin/env node
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import {
  conformanceMarkdown,
  conformanceText,
  FULL_PROTOCOL,
  REDUCED_PROTOCOL,
  replaceReadmeBlock,
  type SettingMeasurement,
  undocumented,
} from "../../conformance/index.js";
import { missingBinaries } from "./daemons.js";
import { compareAll, type HarnessResult, runHarness } from "./harness.js";

/**
 * `npm run conformance`: real daemons against the rrdns presets.
 *   --reduced        fewer order queries (CI)
 *   --markdown FILE  rewrite the table between the conformance markers of any Markdown FILE
 *                    (`<!-- conformance:start -->` … `<!-- conformance:end -->`); --readme is its old name
 *   --json FILE      write rows and measurements as JSON
 *   --base-port N    first port (default 5300)
 *   --from FILE      no daemons: judge the measurements of a run saved with --json against
 *                    the presets as they are now (with --reduced for a reduced run's file)
 * Exit 0 when every row passes or is a documented deviation, 1 otherwise, 2 when daemons are missing.
 */
async function main(argv: readonly string[]): Promise<number> {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const from = flag("--from");
  const missing = from ? [] : missingBinaries();
  if (missing.length > 0) {
    process.stderr.write(
      `conformance: missing ${missing.join(", ")}; install bind9 bind9-dnsutils unbound dnsmasq-base pdns-recursor knot-resolver\n`,
    );
    return 2;
  }
  const full = !argv.includes("--reduced");
  const protocol = full ? FULL_PROTOCOL : REDUCED_PROTOCOL;
  const markdown = flag("--markdown") ?? flag("--readme");
  let page: string | undefined;
  if (markdown) {
    // Refuse a file without markers before the run, not after minutes of measuring.
    try {
      page = readFileSync(markdown, "utf8");
      replaceReadmeBlock(page, "");
    } catch (e) {
      process.stderr.write(`conformance: ${markdown}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  let result: HarnessResult;
  if (from) {
    let saved: { versions: string[]; measurements: Record<string, SettingMeasurement> };
    try {
      saved = JSON.parse(readFileSync(from, "utf8"));
      if (typeof saved.measurements !== "object" || !Array.isArray(saved.versions))
        throw new Error("expected the JSON of a run (--json FILE): versions and measurements");
    } catch (e) {
      process.stderr.write(`conformance: ${from}: ${(e as Error).message}\n`);
      return 2;
    }
    result = { versions: saved.versions, ...compareAll(saved.measurements, protocol, full) };
  } else {
    result = await runHarness({
      protocol,
      full,
      basePort: Number(flag("--base-port") ?? 5300),
      log: (line) => process.stderr.write(`conformance: ${line}\n`),
    });
  }
  process.stdout.write(`${result.versions.join(", ")}\n\n${conformanceText(result.rows)}`);
  if (markdown && page !== undefined) {
    const block = conformanceMarkdown(result.rows, result.versions, full ? "full" : "reduced");
    const tmp = `${markdown}.tmp-${process.pid}`;
    writeFileSync(tmp, replaceReadmeBlock(readFileSync(markdown, "utf8"), block));
    renameSync(tmp, markdown);
  }
  const json = flag("--json");
  if (json) writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  const failing = undocumented(result.rows);
  // "fixed?" only comes from the full protocol (compare.ts): the reduced one never advises.
  for (const r of result.rows.filter((x) => x.verdict === "fixed?"))
    process.stderr.write(
      `conformance: ${r.setting} · ${r.metric} now passes; remove its known deviation\n`,
    );
  if (failing.length > 0) {
    for (const r of failing)
      process.stderr.write(
        `conformance: FAIL ${r.setting} · ${r.metric}: real ${r.real}, preset ${r.simulated} (${r.note})\n`,
      );
    return 1;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
