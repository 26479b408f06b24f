import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headerLine, type SweepPlan } from "../../../src/study/index.js";
import { CLI, messages, rrdns, rrdnsInProcess } from "../../cli-helpers.js";

/*
 * Issue 10, item 1: two sweeps into one output folder must never mix their
 * runs. Every record carries its plan's id; --resume and merge refuse
 * records of another plan and malformed ones; a second sweep into a folder
 * another one is writing is refused by a lock.
 */

const tmp = mkdtempSync(join(tmpdir(), "rrdns-integrity-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const scenarioFile = join(tmp, "tiny.yaml");
writeFileSync(
  scenarioFile,
  `name: tiny
duration: 300
servers: [ {address: 10.0.0.2}, {address: 10.0.0.3} ]
dns: { ttl: 60 }
resolvers: { count: 20, skew: 1, behaviour: rotate }
clients: { rate: 10 }
`,
);

/** The two sweeps, in small: same scenario, different grids. */
const SWEEP_A = ["--set", "dns.ttl=30,3600"];
const SWEEP_B = ["--set", "resolvers.skew=0.5,1.5"];
const sweepArgs = (out: string, grid: readonly string[], ...more: string[]) => [
  "sweep",
  scenarioFile,
  ...grid,
  "--replications",
  "3",
  "--workers",
  "1",
  "--quiet",
  "--no-report",
  "--out",
  out,
  ...more,
];
const sweep = (out: string, grid: readonly string[], ...more: string[]) =>
  rrdnsInProcess(sweepArgs(out, grid, ...more));
const lines = (path: string): string[] => readFileSync(path, "utf8").split("\n").filter(Boolean);

/** A finished task file of one sweep (its single shard: header, then every record). */
async function finishedTaskFile(name: string, grid: readonly string[]): Promise<string[]> {
  const out = join(tmp, name);
  expect((await sweep(out, grid, "--shard", "0/1")).code).toBe(0);
  return lines(join(out, "sweep.shard-0-of-1.jsonl"));
}

describe("sweep plan identity (--resume, merge)", () => {
  let a: string[] = [];
  let b: string[] = [];
  let planB: unknown;
  beforeAll(async () => {
    a = await finishedTaskFile("a", SWEEP_A);
    b = await finishedTaskFile("b", SWEEP_B);
    planB = JSON.parse(b[0]!).plan;
  });

  it("every header and record line carries the plan id; two plans have different ids", () => {
    const idA = JSON.parse(a[0]!).planId;
    const idB = JSON.parse(b[0]!).planId;
    expect(idA).toMatch(/^[0-9a-f]{64}$/);
    expect(idB).not.toBe(idA);
    for (const line of a.slice(1)) expect(JSON.parse(line).plan).toBe(idA);
    for (const line of b.slice(1)) expect(JSON.parse(line).plan).toBe(idB);
  });

  it("resume refuses a partial file into which another sweep appended its runs", async () => {
    // What the two concurrent sweeps of the issue left: B's header and runs, then A's runs.
    const out = join(tmp, "mixed");
    mkdirSync(out, { recursive: true });
    const partial = join(out, "sweep.partial.jsonl");
    writeFileSync(
      partial,
      `${[headerLine(planB as SweepPlan, null).trim(), ...b.slice(1, 3), ...a.slice(1, 3)].join("\n")}\n`,
    );
    const r = await sweep(out, SWEEP_B, "--resume");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${partial}:4:1: plan: a record of another sweep`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(out, "sweep.json"))).toBe(false);
  });

  it("resume refuses a partial file of another plan", async () => {
    const out = join(tmp, "other-plan");
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, "sweep.partial.jsonl"),
      `${a.join("\n").replace('"shard":{"index":0,"count":1}', '"shard":null')}\n`,
    );
    const r = await sweep(out, SWEEP_B, "--resume");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("was written by a different sweep");
  });

  it("resume and merge refuse malformed records, naming file and line", async () => {
    const good = JSON.parse(b[1]!);
    for (const bad of [
      { ...good, metrics: {} },
      { ...good, metrics: { ...good.metrics, "dns.authoritativeQps": "19.18" } },
      "a string",
      { ...good, task: -1 },
    ]) {
      const out = join(tmp, "malformed");
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      const partial = join(out, "sweep.partial.jsonl");
      writeFileSync(
        partial,
        `${[headerLine(planB as SweepPlan, null).trim(), JSON.stringify(bad), b[2]].join("\n")}\n`,
      );
      const resumed = await sweep(out, SWEEP_B, "--resume");
      expect(resumed.code, JSON.stringify(bad)).toBe(2);
      expect(resumed.stderr).toContain(`${partial}:2:1: `);
      expect(resumed.stderr).toContain("not a sweep record");

      const shardFile = join(out, "sweep.shard-0-of-1.jsonl");
      writeFileSync(
        shardFile,
        `${[b[0], ...b.slice(1, 3), JSON.stringify(bad), ...b.slice(3)].join("\n")}\n`,
      );
      const merged = await rrdnsInProcess([
        "merge",
        shardFile,
        "--out",
        join(out, "merged"),
        "--quiet",
      ]);
      expect(merged.code).toBe(2);
      expect(merged.stderr).toContain(`${shardFile}:4:1: `);
    }
  });

  it("merge refuses a shard file holding another plan's records", async () => {
    const file = join(tmp, "b-plus-a.jsonl");
    writeFileSync(file, `${[...b, a[1]].join("\n")}\n`);
    const r = await rrdnsInProcess(["merge", file, "--out", join(tmp, "merge-mixed"), "--quiet"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:${b.length + 1}:1: plan: a record of another sweep`);
  });
});

describe("one sweep at a time per output folder (lock)", () => {
  it("a second sweep into a folder another sweep is writing is refused; the first finishes", async () => {
    const out = join(tmp, "concurrent");
    const first = spawn(
      process.execPath,
      [
        CLI,
        "sweep",
        scenarioFile,
        ...SWEEP_A,
        "--replications",
        "20",
        "--duration",
        "100000",
        "--workers",
        "1",
        "--quiet",
        "--no-report",
        "--out",
        out,
      ],
      { stdio: "ignore" },
    );
    const lock = join(out, "sweep.lock");
    const exited = new Promise<number | null>((resolve) =>
      first.on("exit", (code) => resolve(code)),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (existsSync(lock)) {
            clearInterval(timer);
            resolve();
          }
        }, 5);
        first.on("exit", () => reject(new Error("the first sweep ended before taking its lock")));
      });
      expect(JSON.parse(readFileSync(lock, "utf8"))).toEqual({ pid: first.pid, host: hostname() });
      // A process, not rrdnsInProcess: the lock is a cross-process one, so the refusal is
      // checked from another process (the lock's own signal guard: test/unit/cli/sweep-lock.test.ts).
      const second = rrdns(sweepArgs(out, SWEEP_B));
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(
        `another sweep is writing into this folder (rrdns process ${first.pid})`,
      );
    } finally {
      first.kill("SIGINT");
    }
    await exited;
    // SIGINT keeps the finished runs and releases the lock.
    expect(existsSync(lock)).toBe(false);
  });

  it("a stale lock of a dead process is taken over; a live one is refused", async () => {
    const out = join(tmp, "stale");
    mkdirSync(out, { recursive: true });
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    const lock = join(out, "sweep.lock");
    writeFileSync(lock, JSON.stringify({ pid: Number(dead.stdout), host: hostname() }));
    expect((await sweep(out, SWEEP_A)).code).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(join(out, "sweep.json"))).toBe(true);

    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname() }));
    const refused = await sweep(out, SWEEP_A);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`rrdns process ${process.pid}`);
    // Another host's lock cannot be checked from here: refused, with what to do.
    writeFileSync(lock, JSON.stringify({ pid: 1, host: `not-${hostname()}` }));
    const remote = await sweep(out, SWEEP_A);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain("remove the lock file");
    rmSync(lock);
  });
});

describe("bounded work", () => {
  it("--replications 100000000 is refused at once with the estimate and the limit", async () => {
    const start = performance.now();
    const r = await rrdnsInProcess([
      "sweep",
      scenarioFile,
      ...SWEEP_A,
      "--replications",
      "100000000",
      "--quiet",
      "--out",
      join(tmp, "huge"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("2 grid points × 100000000 replications = 200000000 runs");
    expect(r.stderr).toContain("limit of 250000 runs per sweep");
    expect(r.stderr).toMatch(/about \d+ MB/);
    expect(performance.now() - start).toBeLessThan(20_000);
    // The limit is on runs, so it also catches a big grid with allowed replications, and ttl.
    const ttls = Array.from({ length: 30 }, (_, i) => String(10 * (i + 1))).join(",");
    const ttl = await rrdnsInProcess([
      "ttl",
      scenarioFile,
      "--ttls",
      ttls,
      "--replications",
      "10000",
      "--quiet",
      "--out",
      join(tmp, "huge-ttl"),
    ]);
    expect(ttl.code).toBe(2);
    expect(ttl.stderr).toContain("30 grid points × 10000 replications = 300000 runs");
    // More replications than any one point may have: refused by the flag itself.
    const manyTtl = await rrdnsInProcess([
      "ttl",
      scenarioFile,
      "--replications",
      "100000",
      "--quiet",
    ]);
    expect(manyTtl.code).toBe(2);
    expect(manyTtl.stderr).toContain("more than the limit of 10000 (MAX_REPLICATIONS)");
    const run = await rrdnsInProcess([
      "run",
      scenarioFile,
      "--replications",
      "100000000",
      "--no-report",
      "--out",
      join(tmp, "huge-run"),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("more than the limit of 10000 (MAX_REPLICATIONS)");
    expect(existsSync(join(tmp, "huge"))).toBe(false);
  });
});

describe("CSV injection (issue 10, item 9)", () => {
  it("sweep.csv neutralises swept text a spreadsheet would run as a formula", async () => {
    const out = join(tmp, "csv");
    const r = await rrdnsInProcess([
      "sweep",
      scenarioFile,
      "--set",
      "description==1+2,@SUM(A1),+cmd,-x,plain",
      "--replications",
      "1",
      "--duration",
      "60",
      "--workers",
      "1",
      "--quiet",
      "--no-report",
      "--out",
      out,
    ]);
    expect(messages(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    const rows = lines(join(out, "sweep.csv"));
    expect(rows[0]).toBe("point,description,metric,unit,n,mean,sd,ci95_low,ci95_high");
    const cells = new Set(rows.slice(1).map((row) => row.split(",")[1]));
    expect([...cells]).toEqual([`"'=1+2"`, `"'@SUM(A1)"`, `"'+cmd"`, `"'-x"`, "plain"]);
  });
});
