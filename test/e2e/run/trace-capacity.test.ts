import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { rrdnsInProcess } from "../../cli-helpers.js";

/** A TSV trace: `n` requests from `hosts` hosts, `rate` per second on average, in bursts (fractional epoch seconds). */
function trace(n = 3000, hosts = 40, rate = 2): string {
  const origin = Date.UTC(2015, 4, 18) / 1000;
  const lines = ["time\thost\tbytes"];
  let a = 7;
  const u = () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a / 4294967296;
  };
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += -Math.log(1 - u()) / rate;
    lines.push(`${(origin + t).toFixed(3)}\th${Math.floor(u() * u() * hosts)}\t512`);
  }
  return `${lines.join("\n")}\n`;
}

const scenario = `name: trace-capacity-cli
duration: 1600
window: 100
start: cold
servers:
  - { address: 10.0.0.2 }
  - { address: 10.0.0.3 }
service:
  workers: 1
  serviceTime: { distribution: exponential, mean: 0.6 }
  queue: 4
dns: { ttl: 60, order: cyclic }
resolvers: { count: 5, behaviour: frozen }
clients:
  rate: 0
  selection: failover
  timeout: 3
  onError: next
  trace: { file: trace.tsv, format: tsv, thinkTime: 30 }
`;

describe("a replayed trace with servers with capacity from the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-trace-queue-"));
  writeFileSync(join(dir, "trace.tsv"), trace());
  const file = join(dir, "s.yaml");
  writeFileSync(file, scenario);

  it("runs, prints p99 and utilisation, writes queueing results, charts and access logs that agree", async () => {
    const out = join(dir, "out");
    const logs = join(dir, "logs");
    const r = await rrdnsInProcess(["run", file, "--out", out, "--access-logs", logs]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/p99 s\s+busy/);
    expect(r.stdout).toMatch(/response time: mean [\d.]+ s .* p99 [\d.]+ s/);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.trace.replayedRequests).toBe(3000);
    expect(results.totals.requests).toBe(3000);
    expect(results.totals.served + results.totals.failed).toBe(3000);
    const q = results.queueing;
    expect(q.servers).toHaveLength(2);
    // Frozen resolvers and bursty hosts overload one server at a time: some requests are refused.
    expect(q.totals.refused).toBeGreaterThan(0);
    for (const sv of q.servers) {
      expect(sv.utilisation).toBeGreaterThan(0.1);
      expect(sv.responseTime.p99).toBeGreaterThan(sv.responseTime.p50);
    }
    for (const chart of ["response-times", "utilisation", "errors"])
      expect(existsSync(join(out, "charts", `${chart}.svg`)), chart).toBe(true);
    // Access logs: the original line of every answered request, a 503 per refusal, a 499 per late answer.
    let refused = 0;
    let late = 0;
    ["10.0.0.2", "10.0.0.3"].forEach((address, i) => {
      const lines = readFileSync(join(logs, `${address}.log`), "utf8")
        .split("\n")
        .filter(Boolean);
      const original = lines.filter((l) => l.includes("\t"));
      expect(original.length).toBe(results.servers[i].load);
      refused += lines.filter((l) => l.endsWith('" 503 0')).length;
      late += lines.filter((l) => l.endsWith('" 499 0')).length;
    });
    expect(refused).toBe(q.totals.refused);
    expect(late).toBe(q.totals.timedOut);
  });

  it("loses no access-log line over many batches: 503 lines = refused, 499 lines = timed out (issue 22 row 14)", async () => {
    // Gzipped, the trace is read in 256 KiB batches: the logs are flushed
    // between them, to the clock (a flush to +infinity made every 503 or 499
    // reported after it "late", and dropped).
    writeFileSync(join(dir, "many.tsv.gz"), gzipSync(trace(60_000, 200, 4)));
    const many = join(dir, "many.yaml");
    writeFileSync(
      many,
      scenario
        .replace("file: trace.tsv", "file: many.tsv.gz")
        .replace("duration: 1600", "duration: 16000")
        .replace("mean: 0.6", "mean: 0.45")
        .replace("queue: 4", "queue: 8"),
    );
    const out = join(dir, "many-out");
    const logs = join(dir, "many-logs");
    const r = await rrdnsInProcess([
      "run",
      many,
      "--no-report",
      "--quiet",
      "--out",
      out,
      "--access-logs",
      logs,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    const count = { original: 0, refused: 0, late: 0 };
    for (const address of ["10.0.0.2", "10.0.0.3"])
      for (const l of readFileSync(join(logs, `${address}.log`), "utf8").split("\n")) {
        if (l.includes("\t")) count.original++;
        else if (l.endsWith('" 503 0')) count.refused++;
        else if (l.endsWith('" 499 0')) count.late++;
      }
    expect(results.queueing.totals.refused).toBeGreaterThan(1000);
    expect(results.queueing.totals.timedOut).toBeGreaterThan(1000);
    expect(count).toEqual({
      original: results.totals.served,
      refused: results.queueing.totals.refused,
      late: results.queueing.totals.timedOut,
    });
  });
});
