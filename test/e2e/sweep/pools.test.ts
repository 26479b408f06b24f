import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { POOL_METRICS } from "../../../src/run/index.js";
import { rrdnsInProcess } from "../../cli-helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "rrdns-pool-studies-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Studies of a connection-pool lesson: sweep measures the pool; ttl and plan say why not and what instead. */
describe("studies of headless-scale-out-grpc (connection pools)", () => {
  it("rrdns sweep measures the pool metrics: sweep.json, sweep.csv and the terminal table", async () => {
    const out = join(tmp, "sweep");
    const r = await rrdnsInProcess([
      "sweep",
      "headless-scale-out-grpc",
      "--set",
      "connections.runtime=grpc-pick-first,grpc-round-robin",
      "--replications",
      "2",
      "--duration",
      "1200",
      "--workers",
      "1",
      "--no-report",
      "--quiet",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("fill time (slowest added server) (s)");
    expect(r.stdout).toContain("time to rebalance (s)");
    expect(r.stdout).not.toContain("failed visits");
    const sweep = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8"));
    expect(sweep.metrics.map((m: { id: string }) => m.id)).toEqual(POOL_METRICS.map((m) => m.id));
    const [pickFirst, roundRobin] = sweep.points.map(
      (p: { summary: Record<string, { mean: number }> }) => p.summary,
    );
    // round_robin spreads over every pod: more even, and the new pods fill sooner.
    expect(roundRobin["balance.window.maxOverMean"].mean).toBeLessThan(
      pickFirst["balance.window.maxOverMean"].mean,
    );
    expect(roundRobin["connections.fillSeconds"].mean).toBeLessThan(
      pickFirst["connections.fillSeconds"].mean,
    );
    const csv = readFileSync(join(out, "sweep.csv"), "utf8");
    expect(csv).toMatch(/^0,grpc-pick-first,connections\.fillSeconds,s,2,/m);
    expect(csv).toMatch(/^1,grpc-round-robin,connections\.churnPerSecond,connections\/s,2,/m);
  });

  it("rrdns ttl and rrdns plan refuse a pool scenario: exit 2, why, and the sweep to run instead", async () => {
    const ttl = await rrdnsInProcess([
      "ttl",
      "headless-scale-out-grpc",
      "--out",
      join(tmp, "ttl"),
      "--quiet",
    ]);
    expect(ttl.code).toBe(2);
    expect(ttl.stderr).toMatch(/headless-scale-out-grpc\.yaml: connections: rrdns ttl weighs/);
    expect(ttl.stderr).toContain("rrdns sweep headless-scale-out-grpc --set dns.ttl=");
    expect(ttl.stderr).not.toMatch(/\n\s+at /);
    const plan = await rrdnsInProcess([
      "plan",
      "headless-scale-out-grpc",
      "--slo",
      "p99<0.5s",
      "--out",
      join(tmp, "plan"),
      "--quiet",
    ]);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toMatch(/headless-scale-out-grpc\.yaml: connections: rrdns plan sizes/);
    expect(plan.stderr).toContain("rrdns sweep headless-scale-out-grpc --set connections.clients=");
    expect(plan.stderr).not.toMatch(/\n\s+at /);
  });
});
