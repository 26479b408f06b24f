import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { headerLine } from "../../../src/study/index.js";
import { CLI, messages, rrdnsInProcess } from "../../cli-helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "rrdns-sweep-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const scenarioFile = join(tmp, "small.yaml");
writeFileSync(
  scenarioFile,
  `name: small
description: "Tiny <b>sweep</b> & 'friends' <script>alert(1)</script>"
duration: 600
servers: [ {address: 10.0.0.2}, {address: 10.0.0.3}, {address: 10.0.0.4} ]
dns: { ttl: 60, order: cyclic, healthCheck: { interval: 5, failures: 2 } }
resolvers: { count: 40, skew: 1, behaviour: frozen }
clients: { rate: 15, selection: first }
failures: [ { server: 10.0.0.3, at: 150, duration: 400 } ]
`,
);

const sweepArgs = (out: string, ...more: string[]): string[] => [
  "sweep",
  scenarioFile,
  "--set",
  "dns.ttl=10,60,300",
  "--set",
  "resolvers.skew=0.5,1.2",
  "--replications",
  "3",
  "--seed",
  "9",
  "--out",
  out,
  "--quiet",
  ...more,
];

const read = (dir: string, name: string): string => readFileSync(join(dir, name), "utf8");

describe("rrdns sweep / merge / ttl (CLI)", () => {
  it("a bad --set path or value exits 2 naming the flag", async () => {
    const r = await rrdnsInProcess(sweepArgs(join(tmp, "bad"), "--set", "dns.tll=30"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--set dns.tll=30");
    expect(r.stderr).toContain("unknown field 'tll'");
    const v = await rrdnsInProcess(["sweep", scenarioFile, "--set", "dns.ttl=30,-1", "--quiet"]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/--set dns\.ttl=30,-1: dns\.ttl: .*at dns\.ttl=-1/);
    const s = await rrdnsInProcess(["sweep", scenarioFile, "--shard", "2/2", "--quiet"]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain("--shard");
    expect(existsSync(join(tmp, "bad"))).toBe(false);
  });

  it("shards merged give exactly the unsharded sweep; 2 workers give exactly 1 worker's", async () => {
    const whole = join(tmp, "whole");
    const a = await rrdnsInProcess(sweepArgs(whole, "--workers", "1"));
    expect(messages(a.stderr)).toBe("");
    expect(a.code).toBe(0);
    expect(a.stdout).toContain("6 points × 3 replications");
    expect(existsSync(join(whole, "sweep.partial.jsonl"))).toBe(false);

    const parallel = join(tmp, "parallel");
    expect((await rrdnsInProcess(sweepArgs(parallel, "--workers", "2", "--no-report"))).code).toBe(
      0,
    );
    expect(read(parallel, "sweep.json")).toBe(read(whole, "sweep.json"));

    const shards = join(tmp, "shards");
    for (const i of [0, 1, 2]) {
      const r = await rrdnsInProcess(sweepArgs(shards, "--shard", `${i}/3`, "--workers", "1"));
      expect(r.code).toBe(0);
      expect(existsSync(join(shards, `sweep.shard-${i}-of-3.jsonl`))).toBe(true);
    }
    const files = [0, 1, 2].map((i) => join(shards, `sweep.shard-${i}-of-3.jsonl`));
    const incomplete = await rrdnsInProcess([
      "merge",
      files[0]!,
      files[2]!,
      "--out",
      join(tmp, "nope"),
      "--quiet",
    ]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/6 of 18 runs are missing.*shards with missing runs: 1\/3/);

    const merged = join(tmp, "merged");
    const m = await rrdnsInProcess(["merge", ...files, "--out", merged, "--quiet"]);
    expect(m.code).toBe(0);
    for (const name of ["sweep.json", "sweep.csv", "index.html"]) {
      expect(read(merged, name)).toBe(read(whole, name));
    }

    // The report: tidy CSV, charts, and an index.html that escapes scenario text.
    const csv = read(whole, "sweep.csv").split("\n");
    expect(csv[0]).toBe("point,dns.ttl,resolvers.skew,metric,unit,n,mean,sd,ci95_low,ci95_high");
    expect(csv.filter((l) => l.includes(",dns.authoritativeQps,"))).toHaveLength(6);
    const json = JSON.parse(read(whole, "sweep.json"));
    expect(json.points[0].replications.map((r: { seed: number }) => r.seed)).toEqual(json.seeds);
    expect(json.seeds[0]).toBe(9);
    const html = read(whole, "index.html");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<b>sweep</b>");
    expect(existsSync(join(whole, "charts", "sweep-dns-authoritative-qps.svg"))).toBe(true);
    expect(existsSync(join(whole, "charts", "sweep-dns-authoritative-qps.png"))).toBe(true);
  });

  it("Ctrl-C keeps the finished runs; --resume finishes without redoing them", async () => {
    const out = join(tmp, "resumed");
    const args = [
      "sweep",
      scenarioFile,
      "--set",
      "dns.ttl=10,30,60,120,300,600",
      "--replications",
      "4",
      "--duration",
      "3000",
      "--workers",
      "1",
      "--no-report",
      "--out",
      out,
    ];
    const partial = join(out, "sweep.partial.jsonl");
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    const lines = (): number =>
      existsSync(partial) ? readFileSync(partial, "utf8").split("\n").filter(Boolean).length : 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (lines() >= 4) {
          clearInterval(timer);
          child.kill("SIGINT");
          resolve();
        }
      }, 10);
      child.on("exit", () => {
        clearInterval(timer);
        reject(new Error(`sweep ended before it could be interrupted: ${stderr}`));
      });
    });
    const exit = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    expect(exit).toBe("SIGINT");
    expect(stderr).toMatch(/interrupted; \d+ of 24 runs finished and kept/);
    const kept = lines() - 1;
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(24);
    expect(existsSync(join(out, "sweep.json"))).toBe(false);

    const resumed = await rrdnsInProcess([...args, "--resume"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`${kept} already done; ${24 - kept} to run`);
    const fresh = join(tmp, "fresh");
    expect((await rrdnsInProcess([...args.slice(0, -1), fresh, "--quiet"])).code).toBe(0);
    expect(read(out, "sweep.json")).toBe(read(fresh, "sweep.json"));

    // A partial file from a different sweep is refused, not mixed in.
    const plan = JSON.parse(read(fresh, "sweep.json")).plan;
    writeFileSync(partial, headerLine({ ...plan, replications: 5 }, null));
    const other = await rrdnsInProcess([...args, "--resume", "--quiet"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("was written by a different sweep");
  });

  it("rrdns ttl recommends a TTL against the limits and writes the table and chart", async () => {
    const out = join(tmp, "ttl");
    const r = await rrdnsInProcess([
      "ttl",
      scenarioFile,
      "--ttls",
      "10,60,300",
      "--replications",
      "3",
      "--max-drain",
      "120",
      // In the CLI's own thread (as the sweeps above): the advice is the same on any number of
      // workers, and each worker thread loads the model again (0.4 CPU-s).
      "--workers",
      "1",
      "--out",
      out,
      "--quiet",
    ]);
    expect(messages(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Recommended TTL: (10|60) s/);
    expect(r.stdout).toContain("Pareto");
    const advice = JSON.parse(read(out, "ttl.json")).advice;
    const row = advice.rows.find((x: { ttl: number }) => x.ttl === advice.recommendedTtl);
    expect(row.metrics.drain.ci95High).toBeLessThanOrEqual(120);
    expect(read(out, "ttl.csv").split("\n")).toHaveLength(5);
    expect(existsSync(join(out, "charts", "ttl-trade-off.svg"))).toBe(true);
    expect(read(out, "index.html")).toContain("TTL advisor: small");

    const none = await rrdnsInProcess([
      "ttl",
      scenarioFile,
      "--ttls",
      "60,300",
      "--replications",
      "2",
      "--max-qps",
      "0.001",
      "--workers",
      "1",
      "--no-report",
      "--out",
      join(tmp, "ttl-none"),
      "--quiet",
    ]);
    // As rrdns plan (and k6's thresholds): no TTL meets the limits, exit 3.
    expect(none.code).toBe(3);
    expect(none.stdout).toContain("No TTL in the sweep meets every limit you gave");
  });
});
