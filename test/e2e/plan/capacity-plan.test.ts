import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replicationSeeds, runScenario } from "../../../src/run/index.js";
import { scenarioSchema } from "../../../src/scenario/index.js";
import {
  parseFraction,
  parseServerRange,
  parseSlo,
  planCapacity,
  withServers,
} from "../../../src/study/capacity-plan.js";
import { messages, rrdnsInProcess } from "../../cli-helpers.js";

/** 100 visits/s of one request, each server 1 worker at 20 ms (capacity 50/s): ρ = 2/n. */
const text = `name: plan-me
duration: 600
warmup: 60
servers: [ {address: 10.0.0.2} ]
service: { serviceTime: { distribution: exponential, mean: 0.02 } }
dns: { ttl: 0, order: cyclic }
resolvers: { count: 1 }
clients: { rate: 100, selection: failover, timeout: 5 }
`;

describe("rrdns plan: parsing", () => {
  it("reads SLOs in seconds or milliseconds", () => {
    expect(parseSlo("p99<0.5s")).toEqual({ metric: "p99", limit: 0.5 });
    expect(parseSlo("p95 < 200ms")).toEqual({ metric: "p95", limit: 0.2 });
    expect(parseSlo("p99.9<2")).toEqual({ metric: "p999", limit: 2 });
    expect(() => parseSlo("p98<1s")).toThrow(/expected e.g./);
    expect(() => parseSlo("p99>1s")).toThrow();
  });
  it("reads ranges and shares", () => {
    expect(parseServerRange("2..16")).toEqual({ from: 2, to: 16 });
    expect(parseServerRange("4")).toEqual({ from: 4, to: 4 });
    expect(() => parseServerRange("16..2")).toThrow();
    expect(parseFraction("0.1%", "--max-errors")).toBeCloseTo(0.001, 12);
    expect(parseFraction("0.02", "--max-errors")).toBe(0.02);
    expect(() => parseFraction("120%", "--max-errors")).toThrow();
  });
  it("grows the fleet with copies of the first server at the next free addresses", () => {
    const s = scenarioSchema.parse({
      ...JSON.parse(
        JSON.stringify({ name: "x", duration: 10, dns: { ttl: 1 }, clients: { rate: 1 } }),
      ),
      servers: [
        { address: "10.0.0.254", workers: 3, serviceTime: { mean: 1 } },
        { address: "10.0.0.255" },
      ],
    });
    const grown = withServers(s, 4, true);
    expect(grown.servers.map((sv) => sv.address)).toEqual([
      "10.0.0.254",
      "10.0.0.255",
      "10.0.1.0",
      "10.0.1.1",
    ]);
    expect(grown.servers[3]!.workers).toBe(3);
    expect(grown.failures).toEqual([
      { server: "10.0.0.254", at: 0, duration: 10, mode: "refused" },
    ]);
  });
});

describe("rrdns plan: the smallest count that meets the SLO", () => {
  it("finds it where queueing theory puts it", async () => {
    // TTL 0 and cyclic answers: each of n servers gets every n-th visit, so it is
    // E_n/M/1 with ν = 100/n, μ = 50, whose sojourn time is exponential with rate
    // μ(1 − σ), σ = (nν/(nν + μ(1−σ)))^n: p99 = ln 100 / (μ(1 − σ)) = 0.197 s for
    // n = 3, 0.132 s for n = 4 (n = 2 is saturated). A limit of 0.16 s lies well
    // outside both 95% CIs (about ±5% with 3 replications of 540 s).
    const s = scenarioSchema.parse((await import("yaml")).parse(text));
    const plan = await planCapacity(s, {
      slo: { metric: "p99", limit: 0.16 },
      maxErrors: 0.001,
      servers: { from: 2, to: 6 },
      nPlusOne: false,
      replications: 3,
      seed: 1,
    });
    expect(plan.recommended).toBe(4);
    expect(plan.candidates.map((c) => c.meets)).toEqual([false, false, true]);
    expect(plan.reason).toContain("4 servers are the fewest");
  });
});

describe("rrdns plan: a replication that answered nothing", () => {
  it("is as bad as it gets, not left out of the latency sample", async () => {
    // About 2 visits per run (0.02/s for 100 s): some of the 12 seeds get none,
    // so their p99 is missing. The others are fast (20 ms servers, far from the
    // 1 s limit) and fail nothing, so only the missing ones can fail the count.
    const s = scenarioSchema.parse({
      ...(await import("yaml")).parse(text),
      duration: 100,
      warmup: 0,
      clients: { rate: 0.02, selection: "failover", timeout: 5 },
    });
    const seeds = replicationSeeds(1, 12);
    const unanswered = seeds.filter(
      (seed) => runScenario(s, { seed }).queueing!.totals.responseTime.p99 === null,
    );
    expect(unanswered.length).toBeGreaterThan(0);
    expect(unanswered.length).toBeLessThan(seeds.length);
    const plan = await planCapacity(s, {
      slo: { metric: "p99", limit: 1 },
      maxErrors: 0.5,
      servers: { from: 1, to: 1 },
      nPlusOne: false,
      replications: 12,
      seed: 1,
    });
    expect(plan.candidates[0]!.meets).toBe(false);
    expect(plan.recommended).toBeNull();
  });
});

describe("rrdns plan: peak utilisation", () => {
  it("is over full windows only: a 1 s sliver at the end is not the busiest window", async () => {
    // 601 s in 60 s windows after a 60 s warm-up: nine full windows and a 1 s
    // sliver, whose utilisation (one second of a server at ρ = 2/3) is often 1.
    const s = withServers(
      scenarioSchema.parse({
        ...(await import("yaml")).parse(text),
        duration: 601,
        window: 60,
      }),
      3,
      false,
    );
    const seeds = replicationSeeds(1, 3);
    const full: number[] = [];
    let sliverHigher = false;
    for (const seed of seeds) {
      const series = runScenario(s, { seed }).queueing!.timeseries.utilisationByServer;
      const bins = series[0]!.length;
      expect(bins).toBe(11);
      const fullBins = series.flatMap((u) => u.slice(1, bins - 1));
      const busiest = Math.max(...fullBins);
      full.push(busiest);
      if (Math.max(...series.map((u) => u[bins - 1]!)) > busiest) sliverHigher = true;
    }
    expect(sliverHigher).toBe(true);
    const plan = await planCapacity(s, {
      slo: { metric: "p99", limit: 10 },
      maxErrors: 1,
      servers: { from: 3, to: 3 },
      nPlusOne: false,
      replications: 3,
      seed: 1,
    });
    expect(plan.candidates[0]!.busiestUtilisation.mean).toBeCloseTo(
      full.reduce((a, b) => a + b, 0) / full.length,
      9,
    );
  });
});

describe("rrdns plan: the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-plan-"));
  const file = join(dir, "plan.yaml");
  writeFileSync(file, text);
  it("prints the candidates and exits 0 when a count meets the SLO", async () => {
    const r = await rrdnsInProcess([
      "plan",
      file,
      "--slo",
      "p99<0.5s",
      "--servers",
      "2..5",
      "--replications",
      "2",
      "--out",
      join(dir, "ok"),
      "--no-report",
      // One worker, in the CLI's own thread: the same plan on any number (0.4 CPU-s a thread saved).
      "--workers",
      "1",
    ]);
    expect(messages(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/servers are the fewest that meet p99 < 0.5 s/);
  });
  it("exits 3 when none in the range does, 2 on a bad SLO", async () => {
    const none = await rrdnsInProcess([
      "plan",
      file,
      "--slo",
      "p99<0.01s",
      "--servers",
      "2..3",
      "--replications",
      "2",
      "--out",
      join(dir, "none"),
      "--no-report",
      // One worker, in the CLI's own thread: the same plan on any number (0.4 CPU-s a thread saved).
      "--workers",
      "1",
    ]);
    expect(none.code).toBe(3);
    expect(none.stdout).toContain("No count from 2 to 3");
    const bad = await rrdnsInProcess(["plan", file, "--slo", "fast", "--servers", "2..3"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--slo fast");
  });
});
