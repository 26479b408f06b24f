import { isIP } from "node:net";
import type { Command } from "commander";
import type { ProbeAnswer } from "../../conformance/index.js";
import { UserError } from "../../scenario/errors.js";
import { choiceOption, integerOption, nonNegativeNumberOption } from "../options.js";

/** `1.2.3.4`, `1.2.3.4:5353`, `::1`, `[::1]:5353` → host and port (53 by default). */
export function parseResolver(text: string): { host: string; port: number } {
  const bracketed = text.match(/^\[([^\]]+)\](?::(\d+))?$/);
  const v4 = text.match(/^([^:]+)(?::(\d+))?$/);
  const [host, port] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : isIP(text) === 6
      ? [text, undefined]
      : v4
        ? [v4[1]!, v4[2]]
        : [text, undefined];
  const p = port === undefined ? 53 : Number(port);
  if (isIP(host) === 0 || !Number.isInteger(p) || p < 1 || p > 65535) {
    throw new UserError(
      `resolver: expected an IP address with an optional port (1.2.3.4, 1.2.3.4:5353, [::1]:5353), got '${text}'`,
    );
  }
  return { host, port: p };
}

const nonNegativeInterval = nonNegativeNumberOption("--interval");

function intervalOption(value: string): number {
  const n = nonNegativeInterval(value);
  if (n > 60) throw new UserError(`--interval: expected seconds between 0 and 60, got '${value}'`);
  return n;
}

const TIMEOUT_MS = 2000;

export function registerProbe(program: Command): void {
  program
    .command("probe")
    .description(
      "measure a real resolver's answer order, TTL countdown and refetch spacing, and name the preset it matches",
    )
    .argument(
      "<resolver>",
      "the resolver's address, with an optional :port (only this address is queried)",
    )
    .argument("<name>", "a name with several A records")
    .option("--queries <n>", "queries to send (2-10000)", integerOption("--queries", 2), 300)
    .option("--interval <s>", "seconds between queries", intervalOption, 0.05)
    .addOption(
      choiceOption("--format <format>", "table or json", ["table", "json"] as const, "table"),
    )
    .option(
      "--scenario",
      "print only the preset's resolvers.behaviour YAML snippet (probe a short-TTL name for over two TTLs at --interval 0.5 or less to read the TTL signals)",
      false,
    )
    .action(
      async (
        resolver: string,
        name: string,
        o: { queries: number; interval: number; format: "table" | "json"; scenario: boolean },
      ) => {
        const { host, port } = parseResolver(resolver);
        if (o.queries > 10000) throw new UserError(`--queries: at most 10000, got ${o.queries}`);
        if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(name) || name.length > 253)
          throw new UserError(`name: not a valid domain name: '${name}'`);
        const { probeReport, probeTable, scenarioSnippet } = await import(
          "../../conformance/index.js"
        );
        const answers = await collect(host, port, name, o.queries, o.interval);
        const report = probeReport(answers);
        if (o.scenario) process.stdout.write(scenarioSnippet(report));
        else if (o.format === "json") process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stdout.write(probeTable(report, `${host}:${port}`, name));
      },
    );
}

/** Sends the queries one after another (bounded: `queries` sends, each waiting at most TIMEOUT_MS). */
async function collect(
  host: string,
  port: number,
  name: string,
  queries: number,
  interval: number,
): Promise<ProbeAnswer[]> {
  const { RCODE } = await import("../../conformance/index.js");
  const { DnsClient, sleep } = await import("../conformance/udp-client.js");
  const rcodeName = (rcode: number): string =>
    Object.entries(RCODE).find(([, v]) => v === rcode)?.[0] ?? `rcode ${rcode}`;
  const client = new DnsClient(isIP(host) === 6 ? 6 : 4);
  const tty = process.stderr.isTTY === true;
  const answers: ProbeAnswer[] = [];
  const start = Date.now();
  try {
    for (let i = 0; i < queries; i++) {
      if (i > 0) await sleep(start + i * interval * 1000 - Date.now());
      const r = await client.query(host, port, name, TIMEOUT_MS);
      if (r.kind === "timeout") {
        throw new UserError(
          `${host}:${port} did not answer a query for ${name} within ${TIMEOUT_MS / 1000} s (query ${i + 1} of ${queries})`,
        );
      }
      const { rcode, answers: records, truncated } = r.response;
      // TC: the answer did not fit a UDP datagram and holds some of the
      // records or none; its order says nothing. A resolver expects a retry
      // over TCP, which the probe does not make: say so, not "no A records".
      if (truncated)
        throw new UserError(
          `${host}:${port} truncated its answer for ${name} (TC bit: ${records.length} of its A records fit a UDP datagram, query ${i + 1} of ${queries}); rrdns probe queries over UDP only, with no retry over TCP: probe a name with fewer records`,
        );
      if (rcode === RCODE.NXDOMAIN)
        throw new UserError(`${name} does not exist (NXDOMAIN from ${host}:${port})`);
      if (rcode !== RCODE.NOERROR)
        throw new UserError(`${host}:${port} answered ${name} with ${rcodeName(rcode)}`);
      if (records.length === 0)
        throw new UserError(`${name} has no A records (answer from ${host}:${port})`);
      if (records.length < 2)
        throw new UserError(
          `${name} has only one A record (${records[0]!.address}); round robin needs two or more`,
        );
      answers.push({
        t: r.sentAt - start / 1000,
        addresses: records.map((a) => a.address),
        ttl: records[0]!.ttl,
      });
      if (tty && (i % 20 === 0 || i === queries - 1))
        process.stderr.write(`\rprobe: ${i + 1}/${queries} answers`);
    }
  } finally {
    if (tty) process.stderr.write("\n");
    client.close();
  }
  return answers;
}
