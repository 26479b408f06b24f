import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { rrdnsInProcess } from "../../cli-helpers.js";
import { SAMPLE_LOG, sampleLines } from "../../trace-helpers.js";

const T0 = Date.UTC(2015, 4, 17, 10, 0, 0);
const months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
function clf(host: string, seconds: number): string {
  const d = new Date(T0 + seconds * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${host} - - [${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000] "GET /${seconds} HTTP/1.1" 200 10`;
}

function scenarioFor(dir: string, file: string, duration = 3600): string {
  const path = join(dir, "s.yaml");
  writeFileSync(
    path,
    `name: t\nduration: ${duration}\nstart: cold\nservers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }, { address: 10.0.0.3 }]\ndns: { ttl: 30 }\nresolvers: { count: 20 }\nclients: { rate: 0, trace: { file: ${file}, thinkTime: 20 } }\n`,
  );
  return path;
}

const timeOf = (line: string) => line.slice(line.indexOf("[") + 1, line.indexOf("]"));

describe("rrdns run with clients.trace, --access-logs, logs merge and stats", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-trace-"));
  // 40 hosts over an hour, some lines a few seconds out of order, two malformed.
  const lines: string[] = [];
  for (let i = 0; i < 2000; i++)
    lines.push(clf(`10.9.${i % 7}.${(i * 31) % 40}`, i * 1.7 - (i % 5 === 0 ? 3 : 0)));
  lines.splice(10, 0, "malformed");
  lines.splice(500, 0, "also [bad]");
  writeFileSync(join(dir, "a.log.gz"), gzipSync(`${lines.join("\n")}\n`));

  it("sweep, ttl and plan refuse a trace before any worker starts (exit 2, pointing to run and fit)", async () => {
    const s = scenarioFor(dir, "a.log.gz");
    for (const args of [
      ["sweep", s, "--set", "dns.ttl=30,60", "--out", join(dir, "sweep")],
      ["ttl", s],
      ["plan", s, "--slo", "p99<1s"],
    ]) {
      const r = await rrdnsInProcess(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`rrdns ${args[0]} does not replay trace files`);
      expect(r.stderr).toContain("rrdns fit");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("replays a gzipped log, summarizes malformed lines, writes logs that merge back exactly", async () => {
    const s = scenarioFor(dir, "a.log.gz");
    const r = await rrdnsInProcess([
      "run",
      s,
      "--no-report",
      "--out",
      join(dir, "out"),
      "--access-logs",
      join(dir, "logs"),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("2 malformed skipped (first at line 11, 501)");
    const results = JSON.parse(readFileSync(join(dir, "out", "results.json"), "utf8"));
    expect(results.totals.requests).toBe(2000);
    const logs = ["10.0.0.1", "10.0.0.2", "10.0.0.3"].map((a) => join(dir, "logs", `${a}.log`));
    const merged = await rrdnsInProcess(["logs", "merge", ...logs]);
    expect(merged.code, merged.stderr).toBe(0);
    const out = merged.stdout.trimEnd().split("\n");
    const valid = lines.filter((l) => !l.startsWith("malformed") && !l.startsWith("also"));
    expect([...out].sort()).toEqual([...valid].sort());
    const times = out.map((l) =>
      Date.parse(timeOf(l).replace(/(\d+)\/(\w+)\/(\d+):/, "$2 $1 $3 ")),
    );
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    const stats = await rrdnsInProcess(["logs", "stats", ...logs, "--output-format", "json"]);
    const parsed = JSON.parse(stats.stdout);
    expect(parsed.total).toBe(2000);
    expect(parsed.logs.map((l: { requests: number }) => l.requests)).toEqual(
      results.servers.map((sv: { served: number }) => sv.served),
    );
    // Determinism: the same run gives the same bytes.
    const again = await rrdnsInProcess([
      "run",
      s,
      "--no-report",
      "--out",
      join(dir, "out2"),
      "--quiet",
    ]);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, "out2", "results.json"), "utf8")).toBe(
      readFileSync(join(dir, "out", "results.json"), "utf8"),
    );
  });

  it("--replications replays the trace on each seed; replication 0 is the single run", async () => {
    const s = scenarioFor(dir, "a.log.gz");
    const r = await rrdnsInProcess([
      "run",
      s,
      "--no-report",
      "--quiet",
      "--out",
      join(dir, "rep"),
      "--replications",
      "3",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(dir, "rep", "replications.json"), "utf8"));
    expect(rep.replications).toBe(3);
    expect(rep.seeds).toHaveLength(3);
    expect(readFileSync(join(dir, "rep", "results.json"), "utf8")).toBe(
      readFileSync(join(dir, "out", "results.json"), "utf8"),
    );
  });

  it("exits 2 without a stack trace for a file with no valid line, or none at all", async () => {
    writeFileSync(join(dir, "junk.log"), "junk\nmore junk\n");
    const junk = await rrdnsInProcess([
      "run",
      scenarioFor(dir, "junk.log"),
      "--no-report",
      "--out",
      join(dir, "o3"),
    ]);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/junk\.log: no valid clf line in 2 line/);
    expect(junk.stderr).not.toMatch(/at .*\.js/);
    const missing = await rrdnsInProcess([
      "run",
      scenarioFor(dir, "nope.log"),
      "--no-report",
      "--out",
      join(dir, "o4"),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.log: cannot read trace \(ENOENT\)/);
  });

  it("the real sample end to end, gzipped logs merged back", async () => {
    const s = scenarioFor(dir, SAMPLE_LOG, 400_000);
    const r = await rrdnsInProcess([
      "run",
      s,
      "--no-report",
      "--out",
      join(dir, "o5"),
      "--access-logs",
      join(dir, "gz"),
      "--gzip-logs",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("10,000 valid, 0 malformed skipped, 0 beyond the reorder window");
    const logs = ["10.0.0.1", "10.0.0.2", "10.0.0.3"].map((a) => join(dir, "gz", `${a}.log.gz`));
    const merged = await rrdnsInProcess([
      "logs",
      "merge",
      ...logs,
      "-o",
      join(dir, "merged.log.gz"),
    ]);
    expect(merged.code, merged.stderr).toBe(0);
    const text = gunzipSync(readFileSync(join(dir, "merged.log.gz"))).toString("utf8");
    expect(text.trimEnd().split("\n").sort()).toEqual(
      sampleLines()
        .filter((l) => l.length > 0)
        .sort(),
    );
  });
});
