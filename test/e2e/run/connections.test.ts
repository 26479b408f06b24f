import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkResults } from "../../../src/metrics/index.js";
import { rrdnsInProcess } from "../../cli-helpers.js";

/** A pool run's charts: its per-server load (shares, balance) and its connections. */
const POOL_CHARTS = [
  "balance.png",
  "balance.svg",
  "connections.png",
  "connections.svg",
  "shares.png",
  "shares.svg",
];

describe("rrdns run with connection pools and an elastic pool", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-connections-"));
  const scenario = (name: string, body: string) => {
    const path = join(dir, `${name}.yaml`);
    writeFileSync(path, body);
    return path;
  };
  const base = `duration: 600
window: 10
servers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }, { address: 10.0.0.3 }, { address: 10.0.0.4 }]
dns: { ttl: 5 }
clients: { rate: 0 }
`;

  it("writes results.connections (valid against the results schema), the connections chart and the terminal lines", async () => {
    const file = scenario(
      "ok",
      `name: ok\n${base}connections: { runtime: grpc-round-robin, clients: 50, rate: 10, pool: { maxAge: 60 } }\npool: { changes: [{ at: 200, add: [10.0.0.4] }] }\n`,
    );
    const out = join(dir, "ok-out");
    const r = await rrdnsInProcess(["run", file, "--out", out, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("connections (grpc-round-robin, 50 clients × 10 req/s)");
    expect(r.stdout).toMatch(
      /10\.0\.0\.4 added at 200 s: filled \(90\.0% of a fair share\) after [\d.]+ s/,
    );
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(checkResults(results).ok).toBe(true);
    const c = results.connections;
    expect(c.runtime).toBe("grpc-round-robin");
    expect(c.servers.map((s: { address: string }) => s.address)).toEqual([
      "10.0.0.1",
      "10.0.0.2",
      "10.0.0.3",
      "10.0.0.4",
    ]);
    expect(c.changes[0].fillTime).toBeGreaterThan(0);
    expect(c.timeline.requests[3].slice(0, 20).every((x: number) => x === 0)).toBe(true);
    // The per-server load of the pool, as for visits: shares and balance charts, the servers' time series.
    expect(readdirSync(join(out, "charts"))).toEqual(POOL_CHARTS);
    expect(results.totals.served).toBe(c.requests);
    expect(results.timeseries.servedByServer[3].slice(0, 20).every((x: number) => x === 0)).toBe(
      true,
    );
  });

  it("headless-scale-out-grpc prints the servers table with each pod's share and the balance", async () => {
    const out = join(dir, "headless");
    const r = await rrdnsInProcess([
      "run",
      "headless-scale-out-grpc",
      "--out",
      out,
      "--no-report",
      "--quiet",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const row = (address: string, share: string) =>
      new RegExp(
        `^${address.replace(/\./g, "\\.")}\\s+${share.replace(".", "\\.")}%\\s+[\\d,]+`,
        "m",
      );
    for (const [address, share] of [
      ["10.0.0.1", "20.9"],
      ["10.0.0.2", "21.8"],
      ["10.0.0.3", "18.7"],
      ["10.0.0.4", "19.4"],
      ["10.0.0.5", "9.1"],
      ["10.0.0.6", "10.2"],
    ] as const)
      expect(r.stdout).toMatch(row(address, share));
    expect(r.stdout).toMatch(
      /^requests 10,799,133 {2}served 10,799,133 {2}failed 0 \(no connection\)/m,
    );
    expect(r.stdout).toContain("balance (whole run): max/mean 1.309");
    expect(r.stdout).toMatch(
      /per 10 s window, mean of 180\): max\/mean 1\.214 .* worst max\/mean 1\.720/,
    );
  });

  it("the bundled autoscale lesson end to end: scale events in the terminal, results.connections.autoscale, the chart", async () => {
    const out = join(dir, "autoscale-out");
    const r = await rrdnsInProcess(["run", "autoscale-fill-grpc", "--out", out, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/autoscaler: 159 evaluations, 2 scale events/);
    expect(r.stdout).toMatch(/scaled 4 → 9 servers at 615 s \(average utilisation 1[45]\d\.\d%\)/);
    expect(r.stdout).toMatch(/scaled 9 → 5 servers at 1,800 s/);
    expect(r.stdout).toMatch(/10\.0\.0\.9 added at 615 s: filled .* after [\d.]+ s/);
    expect(r.stdout).toMatch(/10\.0\.0\.6 withdrawn at 1,800 s: drained after [\d.]+ s/);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(checkResults(results).ok).toBe(true);
    const a = results.connections.autoscale;
    expect(
      a.events.map((e: { at: number; from: number; to: number }) => [e.at, e.from, e.to]),
    ).toEqual([
      [615, 4, 9],
      [1800, 9, 5],
    ]);
    expect(results.connections.changes).toHaveLength(9);
    expect(readdirSync(join(out, "charts"))).toEqual(POOL_CHARTS);
    const svg = readFileSync(join(out, "charts", "connections.svg"), "utf8");
    expect(svg).toContain("4 → 9 servers (150%)");
    // --set reaches the rule: a higher target adds fewer pods (ceil(4 × 1.5 / 0.9) = 7).
    const higher = await rrdnsInProcess([
      "run",
      "autoscale-fill-grpc",
      "--set",
      "pool.autoscale.target=0.9",
      "--out",
      join(dir, "autoscale-09"),
      "--no-report",
      "--quiet",
    ]);
    expect(higher.code, higher.stderr).toBe(0);
    const h = JSON.parse(readFileSync(join(dir, "autoscale-09", "results.json"), "utf8"));
    expect(h.connections.autoscale.events[0]).toMatchObject({ at: 615, from: 4, to: 7 });
  });

  it("same seed, same bytes; --set connections.runtime switches the preset", async () => {
    const file = scenario(
      "det",
      `name: det\n${base}connections: { runtime: jvm, clients: 20, rate: 5, pool: { maxAge: 3 } }\n`,
    );
    const a = await rrdnsInProcess([
      "run",
      file,
      "--out",
      join(dir, "a"),
      "--no-report",
      "--quiet",
    ]);
    const b = await rrdnsInProcess([
      "run",
      file,
      "--out",
      join(dir, "b"),
      "--no-report",
      "--quiet",
    ]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const read = (d: string) => readFileSync(join(dir, d, "results.json"), "utf8");
    expect(read("a")).toBe(read("b"));
    const c = await rrdnsInProcess([
      "run",
      file,
      "--set",
      "connections.runtime=nscd",
      "--out",
      join(dir, "c"),
      "--no-report",
      "--quiet",
    ]);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(read("c")).connections.runtime).toBe("nscd");
  });

  it("bad input: an unknown runtime, an added address not among the servers: exit 2, the field named, no stack trace", async () => {
    const cases: [string, string, RegExp][] = [
      [
        "runtime",
        `name: bad1\n${base}connections: { runtime: openjdk, clients: 2, rate: 1 }\n`,
        /connections\.runtime/,
      ],
      [
        "address",
        `name: bad2\n${base}connections: { runtime: go, clients: 2, rate: 1 }\npool: { changes: [{ at: 10, add: [10.0.0.9] }] }\n`,
        /pool\.changes\[0\]\.add\[0\].*no server has address 10\.0\.0\.9/,
      ],
      [
        "schedule and rule",
        `name: bad5\n${base}connections: { runtime: go, clients: 2, rate: 1 }\npool: { changes: [{ at: 10, remove: [10.0.0.1] }], autoscale: { capacity: 5, target: 0.5, max: 4 } }\n`,
        /pool\.autoscale.*not both/,
      ],
      [
        "autoscale max",
        `name: bad6\n${base}connections: { runtime: go, clients: 2, rate: 1 }\npool: { autoscale: { capacity: 5, target: 0.5, max: 6 } }\n`,
        /pool\.autoscale\.max.*more servers than the 4 listed/,
      ],
      [
        "no connections",
        `name: bad4\n${base}pool: { changes: [{ at: 10, remove: [10.0.0.1] }] }\n`,
        /pool.*needs a connections block/,
      ],
    ];
    // A change after the end is a warning, like a late failure: it never happens.
    const late = scenario(
      "late-change",
      `name: late\n${base}connections: { runtime: go, clients: 2, rate: 1 }\npool: { changes: [{ at: 900, remove: [10.0.0.1] }] }\n`,
    );
    const l = await rrdnsInProcess([
      "run",
      late,
      "--out",
      join(dir, "late"),
      "--no-report",
      "--quiet",
    ]);
    expect(l.code, l.stderr).toBe(0);
    expect(l.stderr).toMatch(
      /warning: pool\.changes\[0\]\.at = 900 s is not before the end of the run/,
    );
    for (const [label, body, message] of cases) {
      const file = scenario(`bad-${label.replace(/ /g, "-")}`, body);
      const r = await rrdnsInProcess(["run", file, "--out", join(dir, "bad"), "--quiet"]);
      expect(r.code, label).toBe(2);
      expect(r.stderr, label).toMatch(message);
      expect(r.stderr, label).toContain(file);
      expect(r.stderr, label).not.toMatch(/\n\s+at /);
    }
  });
});
