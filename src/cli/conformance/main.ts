#!/usr/bin/env node
import { readFileSync, writeFileSync } from "node:fs";
import {
  conformanceMarkdown,
  conformanceText,
  FULL_PROTOCOL,
  REDUCED_PROTOCOL,
  replaceReadmeBlock,
  undocumented,
} from "../../conformance/index.js";
import { missingBinaries } from "./daemons.js";
import { runHarness } from "./harness.js";

/**
 * `npm run conformance`: real daemons against the rrdns presets.
 *   --reduced        fewer order queries (CI)
 *   --readme FILE    rewrite the table between the conformance markers of FILE (a Markdown page)
 *   --json FILE      write rows and measurements as JSON
 *   --base-port N    first port (default 5300)
 * Exit 0 when every row passes or is a documented deviation, 1 otherwise, 2 when daemons are missing.
 */
async function main(argv: readonly string[]): Promise<number> {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const missing = missingBinaries();
  if (missing.length > 0) {
    process.stderr.write(
      `conformance: missing ${missing.join(", ")}; install bind9 bind9-dnsutils unbound dnsmasq-base pdns-recursor knot-resolver\n`,
    );
    return 2;
  }
  const protocol = argv.includes("--reduced") ? REDUCED_PROTOCOL : FULL_PROTOCOL;
  const result = await runHarness({
    protocol,
    basePort: Number(flag("--base-port") ?? 5300),
    log: (line) => process.stderr.write(`conformance: ${line}\n`),
  });
  process.stdout.write(`${result.versions.join(", ")}\n\n${conformanceText(result.rows)}`);
  const readme = flag("--readme");
  if (readme) {
    const block = conformanceMarkdown(result.rows, result.versions);
    writeFileSync(readme, replaceReadmeBlock(readFileSync(readme, "utf8"), block));
  }
  const json = flag("--json");
  if (json) writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  const failing = undocumented(result.rows);
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
