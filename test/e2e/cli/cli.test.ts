import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { messages, rrdnsInProcess } from "../../cli-helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "rrdns-cli-"));

const scenarioText = `name: cli-test
duration: 300
servers: [ {address: 10.0.0.2}, {address: 10.0.0.4} ]
dns: { ttl: 60, order: cyclic }
resolvers: { count: 50, skew: 1, behaviour: rotate }
clients: { rate: 20 }
`;

describe("rrdns CLI", () => {
  it("--help shows the commands and examples", async () => {
    const r = await rrdnsInProcess(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("run");
    expect(r.stdout).toContain("Examples:");
  });

  it("run prints a summary and writes results.json and timeseries.csv; same seed is byte-identical", async () => {
    const file = join(tmp, "ok.yaml");
    writeFileSync(file, scenarioText);
    const a = await rrdnsInProcess([
      "run",
      file,
      "--out",
      join(tmp, "a"),
      "--seed",
      "5",
      "--no-report",
    ]);
    expect(messages(a.stderr)).toBe("");
    expect(a.code).toBe(0);
    expect(a.stdout).toContain("10.0.0.2");
    expect(a.stdout).toMatch(/█/);
    const b = await rrdnsInProcess([
      "run",
      file,
      "--out",
      join(tmp, "b"),
      "--seed",
      "5",
      "--no-report",
    ]);
    expect(b.code).toBe(0);
    const ra = readFileSync(join(tmp, "a", "results.json"));
    expect(ra.equals(readFileSync(join(tmp, "b", "results.json")))).toBe(true);
    expect(readFileSync(join(tmp, "a", "timeseries.csv"), "utf8").split("\n")[0]).toContain(
      "served_10.0.0.2",
    );
    const c = await rrdnsInProcess([
      "run",
      file,
      "--out",
      join(tmp, "c"),
      "--seed",
      "6",
      "--no-report",
    ]);
    expect(c.code).toBe(0);
    expect(readFileSync(join(tmp, "c", "results.json")).equals(ra)).toBe(false);
  });

  it("--format json prints the results contract", async () => {
    const file = join(tmp, "ok.yaml");
    writeFileSync(file, scenarioText);
    const r = await rrdnsInProcess([
      "run",
      file,
      "--format",
      "json",
      "--no-report",
      "--out",
      join(tmp, "j"),
      "--duration",
      "120",
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    for (const key of [
      "scenario",
      "seed",
      "version",
      "duration",
      "totals",
      "servers",
      "dns",
      "balance",
    ])
      expect(json).toHaveProperty(key);
    expect(json.duration).toBe(120);
    expect(Object.keys(json.totals)).toEqual(
      expect.arrayContaining([
        "visits",
        "requests",
        "served",
        "failed",
        "attempts",
        "failedAttempts",
      ]),
    );
    expect(Object.keys(json.servers[0])).toEqual(
      expect.arrayContaining(["address", "attempts", "served", "failedAttempts", "share"]),
    );
    expect(Object.keys(json.dns)).toEqual(
      expect.arrayContaining(["authoritativeQueries", "resolverHitRatio"]),
    );
    expect(Object.keys(json.balance.window)).toEqual(
      expect.arrayContaining(["seconds", "maxOverMean", "cov", "jain"]),
    );
  });

  it("an invalid scenario exits 2 with file:line:col and the field path, no stack trace", async () => {
    const file = join(tmp, "bad.yaml");
    writeFileSync(file, scenarioText.replace("order: cyclic", "order: sideways"));
    const r = await rrdnsInProcess(["run", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:4:`);
    expect(r.stderr).toContain("dns.order");
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("malformed YAML exits 2 with a position", async () => {
    const file = join(tmp, "broken.yaml");
    writeFileSync(file, "name: x\nservers: [ {address: 10.0.0.2\n");
    const r = await rrdnsInProcess(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+/);
  });

  it("bad flags and missing files exit 2 with a clear message", async () => {
    expect((await rrdnsInProcess(["run", "default", "--seed", "abc"])).stderr).toContain("--seed");
    expect((await rrdnsInProcess(["run", "default", "--seed", "abc"])).code).toBe(2);
    const missing = await rrdnsInProcess(["run", join(tmp, "nope.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.yaml");
    expect((await rrdnsInProcess(["frobnicate"])).code).toBe(2);
  });

  it("validate, list and presets work on the bundled scenarios", async () => {
    expect((await rrdnsInProcess(["validate", "default"])).code).toBe(0);
    const list = await rrdnsInProcess(["list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("default");
    expect((await rrdnsInProcess(["presets"])).stdout).toContain("pdns-recursor");
  });

  it("--set overrides a field, validated like the file; --replications adds CIs", async () => {
    const file = join(tmp, "ok.yaml");
    writeFileSync(file, scenarioText);
    const out = join(tmp, "set");
    const r = await rrdnsInProcess([
      "run",
      file,
      "--set",
      "dns.ttl=5",
      "--replications",
      "3",
      "--no-report",
      "--out",
      out,
    ]);
    expect(messages(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("3 replications");
    expect(r.stdout).toMatch(/95% CI/);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.scenarioSpec.dns.ttl).toBe(5);
    const reps = JSON.parse(readFileSync(join(out, "replications.json"), "utf8"));
    expect(reps.seeds).toHaveLength(3);
    expect(reps.seeds[0]).toBe(results.seed);
    const bad = await rrdnsInProcess([
      "run",
      file,
      "--set",
      "dns.ttl=-1",
      "--no-report",
      "--out",
      out,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("dns.ttl");
    const several = await rrdnsInProcess([
      "run",
      file,
      "--set",
      "dns.ttl=1,2",
      "--no-report",
      "--out",
      out,
    ]);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain("rrdns sweep");
  });

  it("an --out that is a file exits 2; a --no-report run removes the old report it would contradict", async () => {
    const file = join(tmp, "ok.yaml");
    writeFileSync(file, scenarioText);
    const blocker = join(tmp, "blocker");
    writeFileSync(blocker, "x");
    const blocked = await rrdnsInProcess(["run", file, "--out", blocker, "--no-report"]);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toContain("is a file, not a folder");
    const out = join(tmp, "stale");
    expect((await rrdnsInProcess(["run", file, "--out", out])).code).toBe(0);
    expect(existsSync(join(out, "index.html"))).toBe(true);
    writeFileSync(join(out, "notes.txt"), "mine");
    expect((await rrdnsInProcess(["run", file, "--out", out, "--no-report"])).code).toBe(0);
    expect(existsSync(join(out, "index.html"))).toBe(false);
    expect(existsSync(join(out, "charts"))).toBe(false);
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    expect(readdirSync(out).filter((f) => f.startsWith("."))).toEqual([".rrdns-manifest.json"]);
  });
});
