/**
 * `rrdns run --access-logs` for synthetic workloads (issue 14 §2): each
 * server's log holds exactly the requests that server saw, so merging the
 * logs gives back the run's served requests and `rrdns logs stats` its
 * shares, from the logs alone.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rrdnsInProcess } from "../../cli-helpers.js";

const SERVERS = ["10.0.0.1", "10.0.0.2", "10.0.0.3"];
const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

function write(dir: string, yaml: string): string {
  const path = join(dir, "s.yaml");
  writeFileSync(path, yaml);
  return path;
}

const base = (extra: string, clients: string) =>
  `name: synth\nduration: 900\nservers: [${SERVERS.map((a) => `{ address: ${a} }`).join(", ")}]\n` +
  `dns: { ttl: 30, order: cyclic }\nresolvers: { count: 40, skew: 1, behaviour: rotate }\n` +
  `clients: { rate: 20, requestsPerVisit: 3, requestInterval: 2, selection: failover, connectTimeout: 3${clients} }\n${extra}`;

/** Epoch seconds of a CLF line's `[date]`. */
function timeOf(line: string): number {
  const d = line.slice(line.indexOf("[") + 1, line.indexOf("]"));
  return (
    Date.UTC(
      Number(d.slice(7, 11)),
      MONTHS.indexOf(d.slice(3, 6)),
      Number(d.slice(0, 2)),
      Number(d.slice(12, 14)),
      Number(d.slice(15, 17)),
      Number(d.slice(18, 20)),
    ) / 1000
  );
}

async function run(dir: string, scenario: string, extra: string[] = []) {
  const r = await rrdnsInProcess([
    "run",
    scenario,
    "--no-report",
    "--quiet",
    "--format",
    "json",
    "--out",
    join(dir, "out"),
    "--access-logs",
    join(dir, "logs"),
    ...extra,
  ]);
  expect(r.code, r.stderr).toBe(0);
  const results = JSON.parse(readFileSync(join(dir, "out", "results.json"), "utf8"));
  const logs = SERVERS.map((a) => join(dir, "logs", `${a}.log`));
  const lines = logs.map((f) => readFileSync(f, "utf8").trimEnd().split("\n").filter(Boolean));
  return { results, logs, lines };
}

describe("rrdns run --access-logs, synthetic workloads", () => {
  it("fast path: one line per served request on the server that served it, in time order; merge and stats agree with results.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-synth-"));
    // 10.0.0.2 black-holed for 300 s: its failed connects must not show in its log.
    const s = write(
      dir,
      base("failures: [{ server: 10.0.0.2, at: 300, duration: 300, mode: blackhole }]\n", ""),
    );
    const { results, logs, lines } = await run(dir, s);
    expect(results.totals.failedAttempts).toBeGreaterThan(0);
    const origin = Date.UTC(2000, 0, 1) / 1000;
    lines.forEach((ls, i) => {
      expect(ls.length).toBe(results.servers[i].load);
      const times = ls.map(timeOf);
      for (let k = 1; k < times.length; k++)
        expect(times[k]!).toBeGreaterThanOrEqual(times[k - 1]!);
      expect(ls[0]).toMatch(
        /^10\.\d+\.\d+\.\d+ - - \[01\/Jan\/2000:00:0\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 0$/,
      );
      if (i === 1)
        // Black-holed from 300 s to 600 s: nothing served there, and a failed connect is not logged.
        expect(times.filter((t) => t >= origin + 300 && t < origin + 600)).toEqual([]);
    });
    // Without client caches every visit is a client of its own: a visit's requests share one address.
    const all = lines.flat();
    const clients = new Set(all.map((l) => l.slice(0, l.indexOf(" "))));
    expect(clients.size).toBe(results.totals.visits);
    const merged = await rrdnsInProcess(["logs", "merge", ...logs, "-o", join(dir, "merged.log")]);
    expect(merged.code, merged.stderr).toBe(0);
    const mergedLines = readFileSync(join(dir, "merged.log"), "utf8").trimEnd().split("\n");
    expect(mergedLines.length).toBe(results.totals.served);
    const mergedTimes = mergedLines.map(timeOf);
    for (let k = 1; k < mergedTimes.length; k++)
      expect(mergedTimes[k]!).toBeGreaterThanOrEqual(mergedTimes[k - 1]!);
    expect([...mergedLines].sort()).toEqual([...all].sort());
    const stats = await rrdnsInProcess(["logs", "stats", ...logs, "--output-format", "json"]);
    expect(stats.code, stats.stderr).toBe(0);
    const st = JSON.parse(stats.stdout);
    expect(st.total).toBe(results.totals.served);
    st.logs.forEach((row: { requests: number; share: number }, i: number) => {
      expect(row.requests).toBe(results.servers[i].served);
      // results.json rounds shares to 9 decimals.
      expect(row.share).toBeCloseTo(results.servers[i].share, 8);
    });
  });

  it("a session workload's steady start: its pre-roll before t = 0 is not logged, every line is a served request", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-alog-sessions-"));
    const sessions =
      ", sessions: { lookupGap: 60, classes: [{ name: web, clients: 200, skew: 0.5, rate: 0.5, " +
      "pages: { dist: geometric, mean: 3 }, thinkTime: { dist: exponential, mean: 30 }, " +
      "objects: 2, objectGap: 1, resolver: shared }] }";
    const { results, lines } = await run(dir, write(dir, base("start: steady\n", sessions)), [
      "--log-origin",
      "2020-01-01T00:00:00Z",
    ]);
    const origin = Date.UTC(2020, 0, 1) / 1000;
    const all = lines.flat();
    expect(all.length).toBe(results.totals.served);
    for (const l of all) expect(timeOf(l)).toBeGreaterThanOrEqual(origin);
  });

  it("with client caches the client is the client index: at most `population` addresses, and --log-origin sets the dates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-synth-"));
    const s = write(dir, base("", ", cache: { population: 25, lifetime: 600 }"));
    const { results, lines } = await run(dir, s, ["--log-origin", "2015-05-17T10:00:00Z"]);
    const all = lines.flat();
    expect(all.length).toBe(results.totals.served);
    const clients = new Set(all.map((l) => l.slice(0, l.indexOf(" "))));
    expect(clients.size).toBeLessThanOrEqual(25);
    expect(clients.size).toBeGreaterThan(20); // 18,000 visits over 25 clients: all appear
    for (const c of clients) expect(c).toMatch(/^10\.0\.0\.([0-9]|1[0-9]|2[0-4])$/);
    const first = Math.min(...all.map(timeOf));
    expect(first).toBeGreaterThanOrEqual(Date.UTC(2015, 4, 17, 10) / 1000);
    expect(first).toBeLessThan(Date.UTC(2015, 4, 17, 10) / 1000 + 5);
  });

  it("servers with capacity: 200 per answered request at its answer, 503 per refusal, 499 per answer after the client gave up", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-synth-"));
    const s = write(
      dir,
      base(
        "service: { workers: 1, serviceTime: { distribution: exponential, mean: 0.05 }, queue: 2, overflow: refuse }\n",
        ", timeout: 0.2, onError: next, retries: 2",
      ),
    );
    const { results, lines } = await run(dir, s);
    const q = results.queueing.totals;
    expect(q.refused).toBeGreaterThan(0);
    expect(q.timedOut).toBeGreaterThan(0);
    const status = (l: string) => l.slice(l.lastIndexOf('"') + 2).split(" ")[0];
    let refused = 0;
    let late = 0;
    lines.forEach((ls, i) => {
      expect(ls.filter((l) => status(l) === "200").length).toBe(results.servers[i].load);
      refused += ls.filter((l) => status(l) === "503").length;
      late += ls.filter((l) => status(l) === "499").length;
      const times = ls.map(timeOf);
      for (let k = 1; k < times.length; k++)
        expect(times[k]!).toBeGreaterThanOrEqual(times[k - 1]!);
    });
    expect(refused).toBe(q.refused);
    expect(late).toBe(q.timedOut);
  });

  it("gzips with --gzip-logs, also per replication", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-synth-"));
    const s = write(dir, base("", ""));
    const r = await rrdnsInProcess([
      "run",
      s,
      "--no-report",
      "--quiet",
      "--out",
      join(dir, "o"),
      "--access-logs",
      join(dir, "gz"),
      "--gzip-logs",
    ]);
    expect(r.code, r.stderr).toBe(0);
    // The logs and the folder's manifest, nothing else.
    expect(readdirSync(join(dir, "gz")).sort()).toEqual([
      ".rrdns-manifest.json",
      ...SERVERS.map((a) => `${a}.log.gz`),
    ]);
    // With replications, one folder of logs per replication (test/e2e/run/access-logs-replications.test.ts).
    const twice = await rrdnsInProcess([
      "run",
      s,
      "--no-report",
      "--quiet",
      "--out",
      join(dir, "o2"),
      "--access-logs",
      join(dir, "x"),
      "--replications",
      "2",
      "--gzip-logs",
    ]);
    expect(twice.code, twice.stderr).toBe(0);
    expect(readdirSync(join(dir, "x")).sort()).toEqual([".rrdns-manifest.json", "r0", "r1"]);
    expect(readdirSync(join(dir, "x", "r1")).sort()).toEqual(SERVERS.map((a) => `${a}.log.gz`));
    const bad = await rrdnsInProcess([
      "run",
      s,
      "--no-report",
      "--quiet",
      "--out",
      join(dir, "o3"),
      "--access-logs",
      join(dir, "y"),
      "--log-origin",
      "yesterday",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--log-origin: "yesterday" is not an ISO 8601 time/);
  });
});
