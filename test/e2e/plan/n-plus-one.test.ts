import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { messages, rrdnsInProcess } from "../../cli-helpers.js";

/**
 * `rrdns plan --n-plus-one`: every count is run with its first server down
 * for the whole run. 100 visits/s of one request, each server 1 worker at
 * 20 ms (capacity 50/s); TTL 0 and cyclic answers split the visits evenly.
 * Health-checked DNS withdraws the dead address within its first 1 s check,
 * so n servers with one down are n − 1 live ones: E_{n−1}/M/1, whose p99 is
 * 0.197 s at 3 live servers and 0.132 s at 4 (see test/sweep/capacity-plan
 * .test.ts). A limit of 0.16 s needs 4 servers, and 5 with N+1.
 */
const text = `name: plan-n-plus-one
duration: 300
warmup: 30
servers: [ {address: 10.0.0.2} ]
service: { serviceTime: { distribution: exponential, mean: 0.02 } }
dns: { ttl: 0, order: cyclic, healthCheck: { interval: 1, failures: 1 } }
resolvers: { count: 1 }
clients: { rate: 100, selection: failover, timeout: 5 }
`;

interface Candidate {
  servers: number;
  meets: boolean;
  latency: { mean: number };
  errors: { mean: number };
  meanUtilisation: { mean: number; ci95Low: number; ci95High: number };
}

describe("rrdns plan --n-plus-one", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-plan-n1-"));
  const file = join(dir, "plan.yaml");
  writeFileSync(file, text);
  const plan = async (out: string, ...extra: string[]) => {
    const r = await rrdnsInProcess([
      "plan",
      file,
      "--slo",
      "p99<0.16s",
      "--servers",
      "2..7",
      "--replications",
      "3",
      "--no-report",
      "--out",
      join(dir, out),
      // In the CLI's own thread: the plan is the same on any number of workers
      // (ttl-decisions.test.ts), and each worker thread loads the model again (0.4 CPU-s).
      ...(extra.includes("--workers") ? [] : ["--workers", "1"]),
      ...extra,
    ]);
    expect(messages(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, out, "plan.json"), "utf8"));
    return {
      stdout: r.stdout,
      json,
      byCount: new Map<number, Candidate>(json.candidates.map((c: Candidate) => [c.servers, c])),
    };
  };

  it("needs one server more than the plain plan, and says it planned with one down", async () => {
    const plain = await plan("plain");
    const n1 = await plan("n1", "--n-plus-one");
    expect(plain.json.options.nPlusOne).toBe(false);
    expect(n1.json.options.nPlusOne).toBe(true);
    expect(plain.json.recommended).toBe(4);
    expect(n1.json.recommended).toBe(5);
    // Four servers meet the SLO, but not with one of them down.
    expect(plain.byCount.get(4)!.meets).toBe(true);
    expect(n1.byCount.get(4)!.meets).toBe(false);
    // n servers with one down are n − 1 live ones: the same p99 to within the runs' noise (±5%) ...
    for (const n of [4, 5]) {
      const live = plain.byCount.get(n - 1)!.latency.mean;
      expect(Math.abs(n1.byCount.get(n)!.latency.mean - live) / live).toBeLessThan(0.1);
    }
    // ... and the fleet's utilisation is over the live servers only (a dead
    // server's idle capacity carries nothing): 5 with one down are loaded as 4.
    const u5 = n1.byCount.get(5)!.meanUtilisation;
    const u4 = plain.byCount.get(4)!.meanUtilisation;
    // ±5%: about 3 standard errors of the difference of two 3-seed means (sd ≈ 0.01 at 0.5);
    // counting the dead server would give 0.8 of it.
    expect(Math.abs(u5.mean - u4.mean) / u4.mean).toBeLessThan(0.05);
    // Failover and the withdrawal lose no request once enough servers are live.
    expect(n1.byCount.get(5)!.errors.mean).toBe(0);
    // The table says so too (in words the plan's own report chooses: only the mark is checked).
    expect(n1.stdout).toMatch(/N\+1|one server down/i);
  });
});
