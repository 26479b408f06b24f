#!/usr/bin/env node
import {
  conformanceMarkdown,
  conformanceText,
  FULL_PROTOCOL,
  REDUCED_PROTOCOL,
  type SettingMeasurement,
} from "../../conformance/index.js";
import { missingBinaries } from "./daemons.js";
import { compareAll, type HarnessResult, runHarness } from "./harness.js";
import * as runCli from "./run-cli.js";

const LABEL = "conformance";

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
  const flag = runCli.flagOf(argv);
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
  // Refuse a file without markers before the run, not after minutes of measuring.
  if (markdown && !runCli.markdownTargetOk(LABEL, markdown)) return 2;
  let result: HarnessResult;
  if (from) {
    const saved = runCli.readSavedRun<{
      versions: string[];
      measurements: Record<string, SettingMeasurement>;
    }>(LABEL, from);
    if (!saved) return 2;
    result = { versions: saved.versions, ...compareAll(saved.measurements, protocol, full) };
  } else {
    result = await runHarness({
      protocol,
      full,
      basePort: Number(flag("--base-port") ?? 5300),
      log: (line) => process.stderr.write(`${LABEL}: ${line}\n`),
    });
  }
  process.stdout.write(`${result.versions.join(", ")}\n\n${conformanceText(result.rows)}`);
  runCli.writeRunOutputs(
    markdown,
    () => conformanceMarkdown(result.rows, result.versions, full ? "full" : "reduced"),
    flag("--json"),
    result,
  );
  // "fixed?" only comes from the full protocol (compare.ts): the reduced one never advises.
  return runCli.reportVerdict(LABEL, result.rows);
}

process.exitCode = await main(process.argv.slice(2));
