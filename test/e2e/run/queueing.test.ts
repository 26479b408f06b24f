import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { messages, rrdnsInProcess } from "../../cli-helpers.js";

const text = `name: queued-cli
duration: 300
servers:
  - { address: 10.0.0.2 }
  - { address: 10.0.0.3, speed: 2 }
service:
  workers: 2
  serviceTime: { distribution: lognormal, median: 0.02, p99: 0.2 }
  queue: 10
dns: { ttl: 30 }
clients: { rate: 60, requestsPerVisit: 2, selection: failover, timeout: 2 }
`;

describe("servers with capacity from the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-queue-"));
  const file = join(dir, "q.yaml");
  writeFileSync(file, text);

  it("runs, prints p99 and utilisation columns, writes queueing results and its charts", async () => {
    const out = join(dir, "out");
    const r = await rrdnsInProcess(["run", file, "--out", out]);
    expect(messages(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/p99 s\s+busy/);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.queueing.servers).toHaveLength(2);
    // The faster server's mean service time is half the other's.
    expect(results.queueing.servers[1].meanServiceTime * 2).toBeCloseTo(
      results.queueing.servers[0].meanServiceTime,
      9,
    );
    for (const chart of ["response-times", "utilisation", "errors"])
      expect(existsSync(join(out, "charts", `${chart}.svg`)), chart).toBe(true);
    // rrdns report redraws them from results.json alone.
    const again = await rrdnsInProcess([
      "report",
      join(out, "results.json"),
      "--out",
      join(dir, "again"),
    ]);
    expect(again.code).toBe(0);
    expect(existsSync(join(dir, "again", "charts", "utilisation.svg"))).toBe(true);
  });

  it("refuses a server without a service time with exit 2, the file and the field", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      text
        .replace("  serviceTime: { distribution: lognormal, median: 0.02, p99: 0.2 }\n", "")
        .replace(
          "- { address: 10.0.0.3, speed: 2 }",
          "- { address: 10.0.0.3, serviceTime: { distribution: lognormal, median: 0.02 } }",
        ),
    );
    const r = await rrdnsInProcess(["run", bad, "--no-report", "--out", join(dir, "bad")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:`);
    expect(r.stderr).toContain(":4:5: servers[0].serviceTime");
    expect(r.stderr).toContain("servers[1].serviceTime.p99");
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
