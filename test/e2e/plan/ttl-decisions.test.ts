import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { messages, ROOT, rrdnsInProcess } from "../../cli-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "rrdns-decisions-"));

describe("rrdns plan: the flash-crowd N+1 case (issue 23's acceptance)", () => {
  it("names failover concentration and offers health-checked DNS, which fixes it at fewer servers", async () => {
    // 6 servers of 200 requests/s, queue 200, flash crowd 20 → 200 visits/s × 5
    // requests, TTL 60, cyclic, 30% frozen resolvers, failover clients, N+1.
    // 8 and 9 fail (the dead server's neighbour is full while the fleet is not);
    // with health-checked DNS the dead address is withdrawn and 8 servers meet it.
    const out = join(dir, "flash");
    const r = await rrdnsInProcess(
      [
        "plan",
        join(ROOT, "test/fixtures/flash-crowd-n-plus-one.yaml"),
        "--slo",
        "p99<1s",
        "--servers",
        "8..10",
        "--n-plus-one",
        "--replications",
        "3",
        // In this thread: the plan is the same on any number of workers (below), and each
        // worker thread loads the model again.
        "--workers",
        "1",
        "--no-report",
        "--out",
        out,
      ],
      ROOT,
    );
    expect(messages(r.stderr)).toBe("");
    const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8"));
    expect(plan.cause).toBe("failover-concentration");
    expect(r.stdout).toContain("failover concentration");
    const healthCheck = plan.alternatives.find(
      (a: { alternative: string }) => a.alternative === "health-check",
    );
    expect(healthCheck.servers).not.toBeNull();
    expect(r.stdout).toContain(`${healthCheck.servers} with health-checked DNS`);
    // The dead server is out of the fleet figure: 7 live servers at 8.
    expect(plan.candidates[0].liveServers).toBe(plan.candidates[0].servers - 1);
    expect(r.code).toBe(plan.recommended === null ? 3 : 0);
  }, 240_000);
});

/** 100 visits/s of one request, each server 1 worker at 20 ms (capacity 50/s): ρ = 2/n. */
const planText = `name: plan-set
duration: 300
warmup: 30
servers: [ {address: 10.0.0.2} ]
service: { serviceTime: { distribution: exponential, mean: 0.02 } }
dns: { ttl: 0, order: cyclic }
resolvers: { count: 1 }
clients: { rate: 100, selection: failover, timeout: 5 }
`;

describe("rrdns plan --set", () => {
  const file = join(dir, "plan.yaml");
  writeFileSync(file, planText);
  const plan = (out: string, ...extra: string[]) =>
    rrdnsInProcess([
      "plan",
      file,
      "--slo",
      "p99<0.5s",
      "--servers",
      "2..8",
      "--no-report",
      "--format",
      "json",
      "--out",
      join(dir, out),
      // One worker (in this thread) unless the test asks for more: the plan is the same on any
      // number (the test below), and each worker thread loads the model again (0.4 CPU-s).
      ...(extra.includes("--workers") ? [] : ["--workers", "1"]),
      ...extra,
    ]);

  it("overrides a field before planning: twice the rate needs more servers", async () => {
    const base = await plan("base");
    const doubled = await plan("doubled", "--set", "clients.rate=200");
    expect(base.code).toBe(0);
    expect(doubled.code).toBe(0);
    const a = JSON.parse(base.stdout).recommended;
    const b = JSON.parse(doubled.stdout).recommended;
    expect(b).toBeGreaterThan(a);
  }, 120_000);

  it("gives the same plan on 1 worker and on 2 (sequential stopping uses seeds in order)", async () => {
    const one = await plan("one", "--workers", "1", "--replications", "6");
    const two = await plan("two", "--workers", "2", "--replications", "6");
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  }, 120_000);

  it("a bad --set exits 2 naming the flag, before simulating", async () => {
    const r = await plan("bad", "--set", "clients.rate=-1");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--set clients.rate=-1");
    expect(r.stderr).not.toContain("    at ");
  });
});

/** Three servers, one down for 200 s; health-checked DNS, so drain follows the TTL. */
const ttlText = `name: ttl-set
duration: 600
servers: [ {address: 10.0.0.1}, {address: 10.0.0.2}, {address: 10.0.0.3} ]
dns: { ttl: 60, order: cyclic, healthCheck: { interval: 5, failures: 2 } }
resolvers: { count: 40, skew: 1, behaviour: rotate }
clients: { rate: 20, selection: first }
failures: [ { server: 10.0.0.2, at: 200, duration: 200 } ]
`;

describe("rrdns ttl: --set, limits as shares and delays, exit codes", () => {
  const file = join(dir, "ttl.yaml");
  writeFileSync(file, ttlText);
  const ttl = (out: string, ...extra: string[]) =>
    rrdnsInProcess([
      "ttl",
      file,
      "--ttls",
      "10,300",
      "--replications",
      "3",
      "--no-report",
      "--quiet",
      // In this thread: the advice is the same on any number of workers, and each thread loads
      // the model again.
      "--workers",
      "1",
      "--out",
      join(dir, out),
      ...extra,
    ]);

  it("--set changes the swept scenario; the connect delay is a column and a limit", async () => {
    // Failover clients turn the dead address's failed visits into connect delays.
    const r = await ttl(
      "failover",
      "--set",
      "clients.selection=failover",
      "--set",
      "failures[0].mode=blackhole",
      "--max-delay-p99",
      "1000s",
      "--format",
      "json",
    );
    expect(messages(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.sweep.plan.scenario.clients.selection).toBe("failover");
    expect(json.advice.limits).toEqual({ maxDelayP99: 1000 });
    expect(json.advice.objectives).toEqual(["qps", "delayP99"]);
    const delay = json.advice.rows.map(
      (row: { metrics: { delayP99: { mean: number } } }) => row.metrics.delayP99.mean,
    );
    expect(Math.max(...delay)).toBeGreaterThan(0);
  }, 120_000);

  it("exits 3 when no TTL meets the limits, and takes a share limit", async () => {
    const none = await ttl("none", "--max-failed-share", "0%", "--max-qps", "0.0001");
    expect(none.code).toBe(3);
    expect(none.stdout).toContain("No TTL in the sweep meets every limit you gave");
  }, 120_000);

  it("refuses --set dns.ttl (the swept field) and a misspelt field, exit 2", async () => {
    const swept = await ttl("swept", "--set", "dns.ttl=30");
    expect(swept.code).toBe(2);
    expect(swept.stderr).toContain("--ttls");
    const typo = await ttl("typo", "--set", "dns.tll=30");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("--set dns.tll=30");
    const delay = await ttl("delay", "--max-delay-p99", "fast");
    expect(delay.code).toBe(2);
    expect(delay.stderr).toContain("--max-delay-p99");
  });
});
