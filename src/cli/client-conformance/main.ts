#!/usr/bin/env node
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import {
  allClientRows,
  CLIENT_FULL_PROTOCOL,
  CLIENT_REDUCED_PROTOCOL,
  type ClientMeasurement,
  conformanceMarkdown,
  conformanceText,
  replaceReadmeBlock,
  undocumented,
} from "../../conformance/index.js";
import { authorityMissing, type ClientHarnessResult, runClientHarness } from "./harness.js";

/**
 * `npm run client-conformance`: real clients (gRPC, Node, Go, Java, nginx,
 * HAProxy) against the client runtime presets, on loopback.
 *   --reduced        the CI protocol (75 s of traffic, 4 clients per runtime)
 *   --markdown FILE  rewrite the table between `<!-- conformance:start -->` and `<!-- conformance:end -->` of FILE
 *   --json FILE      write versions, skipped runtimes, measurements and rows as JSON
 *   --from FILE      no clients: judge the measurements of a run saved with --json again
 *                    (with --reduced for a reduced run's file)
 *   --only a,b       only these runtime ids
 *   --base-port N    first port (default 6300)
 * Exit 0 when every row passes or is a documented deviation, 1 otherwise,
 * 2 when dnsmasq is missing or a file is unreadable.
 */
async function main(argv: readonly string[]): Promise<number> {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const from = flag("--from");
  const protocol = argv.includes("--reduced") ? CLIENT_REDUCED_PROTOCOL : CLIENT_FULL_PROTOCOL;
  if (!from && authorityMissing()) {
    process.stderr.write("client-conformance: missing /usr/sbin/dnsmasq; install dnsmasq-base\n");
    return 2;
  }
  const markdown = flag("--markdown");
  if (markdown) {
    try {
      replaceReadmeBlock(readFileSync(markdown, "utf8"), "");
    } catch (e) {
      process.stderr.write(`client-conformance: ${markdown}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  let result: ClientHarnessResult;
  if (from) {
    try {
      const saved = JSON.parse(readFileSync(from, "utf8")) as Partial<ClientHarnessResult>;
      if (typeof saved.measurements !== "object" || !Array.isArray(saved.versions))
        throw new Error("expected the JSON of a run (--json FILE): versions and measurements");
      const measurements = saved.measurements as Record<string, ClientMeasurement>;
      result = {
        versions: saved.versions,
        skipped: saved.skipped ?? {},
        measurements,
        rows: allClientRows(measurements, protocol),
      };
    } catch (e) {
      process.stderr.write(`client-conformance: ${from}: ${(e as Error).message}\n`);
      return 2;
    }
  } else {
    const only = flag("--only")?.split(",");
    result = await runClientHarness({
      protocol,
      basePort: Number(flag("--base-port") ?? 6300),
      ...(only ? { only } : {}),
      log: (line) => process.stderr.write(`client-conformance: ${line}\n`),
    });
  }
  process.stdout.write(`${result.versions.join(", ")}\n\n${conformanceText(result.rows)}`);
  for (const [id, why] of Object.entries(result.skipped))
    process.stdout.write(`skipped ${id}: ${why}\n`);
  if (markdown) {
    const block = conformanceMarkdown(result.rows, result.versions, protocol.name);
    const tmp = `${markdown}.tmp-${process.pid}`;
    writeFileSync(tmp, replaceReadmeBlock(readFileSync(markdown, "utf8"), block));
    renameSync(tmp, markdown);
  }
  const json = flag("--json");
  if (json) {
    const tmp = `${json}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify(result, null, 2)}\n`);
    renameSync(tmp, json);
  }
  for (const r of result.rows.filter((x) => x.verdict === "fixed?"))
    process.stderr.write(
      `client-conformance: ${r.setting} · ${r.metric} now passes; remove its known deviation\n`,
    );
  const failing = undocumented(result.rows);
  for (const r of failing)
    process.stderr.write(
      `client-conformance: FAIL ${r.setting} · ${r.metric}: real ${r.real}, preset ${r.simulated} (${r.note})\n`,
    );
  return failing.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
