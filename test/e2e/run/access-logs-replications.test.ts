/**
 * `rrdns run --access-logs DIR --replications N`: replication r's logs in
 * DIR/r<r>, exactly the logs `rrdns run --seed <replication r's seed>
 * --access-logs` writes (so they merge back to that replication's own
 * served requests), and the replications' results unchanged by the logs.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replicationSeed } from "../../../src/run/index.js";
import { rrdnsInProcess } from "../../cli-helpers.js";
import { clf, T0 } from "../../unit/model/content-helpers.js";

const SERVERS = ["10.0.0.1", "10.0.0.2", "10.0.0.3"];
const SEED = 7;

async function run(dir: string, scenario: string, out: string, extra: string[]) {
  const r = await rrdnsInProcess([
    "run",
    scenario,
    "--no-report",
    "--quiet",
    "--out",
    join(dir, out),
    ...extra,
  ]);
  expect(r.code, r.stderr).toBe(0);
  const folder = join(dir, out);
  return {
    results: JSON.parse(readFileSync(join(folder, "results.json"), "utf8")),
    replications: existsSync(join(folder, "replications.json"))
      ? readFileSync(join(folder, "replications.json"), "utf8")
      : undefined,
  };
}

/** Each server's log lines in `logs`. */
function logLines(logs: string): string[][] {
  return SERVERS.map((a) =>
    readFileSync(join(logs, `${a}.log`), "utf8")
      .split("\n")
      .filter((l) => l !== ""),
  );
}

/** The logs of replication r are the single run's on its seed, and hold what that run served. */
async function checkReplications(dir: string, scenario: string, n: number, replicated: string) {
  // The folder's manifest (.rrdns-manifest.json) aside.
  expect(
    readdirSync(replicated)
      .filter((f) => !f.startsWith("."))
      .sort(),
  ).toEqual(Array.from({ length: n }, (_, r) => `r${r}`).sort());
  const perReplication: string[][][] = [];
  for (let r = 0; r < n; r++) {
    const seed = replicationSeed(SEED, r);
    const single = join(dir, `single-${r}`);
    const { results } = await run(dir, scenario, `out-single-${r}`, [
      "--seed",
      String(seed),
      "--access-logs",
      single,
    ]);
    const mine = logLines(join(replicated, `r${r}`));
    expect(mine).toEqual(logLines(single));
    // Every request the replication's servers answered, on the server that answered it.
    mine.forEach((lines, i) => {
      expect(lines.length).toBe(results.servers[i].served);
    });
    expect(mine.flat().length).toBe(results.totals.served);
    perReplication.push(mine);
  }
  // Different seeds route differently: the replications' logs are not copies of one another.
  expect(perReplication[1]).not.toEqual(perReplication[0]);
}

describe("rrdns run --access-logs with --replications", () => {
  it("synthetic workload: DIR/r0..r2, each the logs of its own seed's run; results as without logs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-logs-repl-"));
    const scenario = join(dir, "s.yaml");
    writeFileSync(
      scenario,
      `name: synth\nseed: ${SEED}\nduration: 600\nservers: [${SERVERS.map((a) => `{ address: ${a} }`).join(", ")}]\n` +
        "dns: { ttl: 30, order: cyclic }\nresolvers: { count: 40, skew: 1, behaviour: frozen }\n" +
        "clients: { rate: 5, requestsPerVisit: 3, requestInterval: 2 }\n",
    );
    const logged = await run(dir, scenario, "out", [
      "--replications",
      "3",
      "--access-logs",
      join(dir, "logs"),
    ]);
    const plain = await run(dir, scenario, "out-plain", ["--replications", "3"]);
    expect(logged.replications).toBe(plain.replications);
    expect(logged.results).toEqual(plain.results);
    await checkReplications(dir, scenario, 3, join(dir, "logs"));
  });

  it("replayed trace: DIR/r0, r1 each route every replayed line once, as its own seed's run does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-logs-repl-trace-"));
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) lines.push(clf(`10.9.${i % 7}.${(i * 31) % 40}`, T0 + i * 2.3));
    writeFileSync(join(dir, "a.log"), `${lines.join("\n")}\n`);
    const scenario = join(dir, "s.yaml");
    writeFileSync(
      scenario,
      `name: t\nseed: ${SEED}\nduration: 3600\nstart: cold\nservers: [${SERVERS.map((a) => `{ address: ${a} }`).join(", ")}]\n` +
        "dns: { ttl: 30 }\nresolvers: { count: 20, behaviour: frozen }\n" +
        "clients: { rate: 0, trace: { file: a.log, thinkTime: 20 } }\n",
    );
    const logged = await run(dir, scenario, "out", [
      "--replications",
      "2",
      "--access-logs",
      join(dir, "logs"),
    ]);
    const plain = await run(dir, scenario, "out-plain", ["--replications", "2"]);
    expect(logged.replications).toBe(plain.replications);
    for (const r of [0, 1])
      expect(
        logLines(join(dir, "logs", `r${r}`))
          .flat()
          .sort(),
      ).toEqual([...lines].sort());
    await checkReplications(dir, scenario, 2, join(dir, "logs"));
  });
});
