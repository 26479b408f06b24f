import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rrdns } from "../cli-helpers.js";

/** A TSV trace: 3,000 requests from 40 hosts, 2 per second on average, in bursts (fractional epoch seconds). */
function trace(): string {
  const origin = Date.UTC(2015, 4, 18) / 1000;
  const lines = ["time\thost\tbytes"];
  let a = 7;
  const u = () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a / 4294967296;
  };
  let t = 0;
  for (let i = 0; i < 3000; i++) {
    t += -Math.log(1 - u()) / 2;
    lines.push(`${(origin + t).toFixed(3)}\th${Math.floor(u() * u() * 40)}\t512`);
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

  it("runs, prints p99 and utilisation, writes queueing results, charts and access logs that agree", () => {
    const out = join(dir, "out");
    const logs = join(dir, "logs");
    const r = rrdns(["run", file, "--out", out, "--access-logs", logs]);
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
});
