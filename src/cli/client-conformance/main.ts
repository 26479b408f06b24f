#!/usr/bin/env node
import {
  allClientRows,
  CLIENT_FULL_PROTOCOL,
  CLIENT_REDUCED_PROTOCOL,
  conformanceMarkdown,
  conformanceText,
} from "../../conformance/index.js";
import {
  flagOf,
  markdownTargetOk,
  readSavedRun,
  reportVerdict,
  writeRunOutputs,
} from "../conformance/run-cli.js";
import { authorityMissing, type ClientHarnessResult, runClientHarness } from "./harness.js";

const LABEL = "client-conformance";

/**
 * `npm run client-conformance`: real clients (gRPC, Node, Go, Java, nginx,
 * HAProxy; glibc, nscd and nginx resolving once in namespaces of their own)
 * against the client runtime presets, on loopback.
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
  const flag = flagOf(argv);
  const from = flag("--from");
  const protocol = argv.includes("--reduced") ? CLIENT_REDUCED_PROTOCOL : CLIENT_FULL_PROTOCOL;
  if (!from && authorityMissing()) {
    process.stderr.write("client-conformance: missing /usr/sbin/dnsmasq; install dnsmasq-base\n");
    return 2;
  }
  const markdown = flag("--markdown");
  if (markdown && !markdownTargetOk(LABEL, markdown)) return 2;
  let result: ClientHarnessResult;
  if (from) {
    const saved = readSavedRun<ClientHarnessResult>(LABEL, from);
    if (!saved) return 2;
    result = {
      versions: saved.versions,
      skipped: saved.skipped ?? {},
      measurements: saved.measurements,
      rows: allClientRows(saved.measurements, protocol),
    };
  } else {
    const only = flag("--only")?.split(",");
    result = await runClientHarness({
      protocol,
      basePort: Number(flag("--base-port") ?? 6300),
      ...(only ? { only } : {}),
      log: (line) => process.stderr.write(`${LABEL}: ${line}\n`),
    });
  }
  process.stdout.write(`${result.versions.join(", ")}\n\n${conformanceText(result.rows)}`);
  for (const [id, why] of Object.entries(result.skipped))
    process.stdout.write(`skipped ${id}: ${why}\n`);
  writeRunOutputs(
    markdown,
    () => conformanceMarkdown(result.rows, result.versions, protocol.name),
    flag("--json"),
    result,
  );
  return reportVerdict(LABEL, result.rows);
}

process.exitCode = await main(process.argv.slice(2));
