/** `--replications` over a trace (issue 14 §1 with the rest of the tool): one trace, N seeds. */
import { describe, expect, it } from "vitest";
import { replayTrace, replicateTrace, replicationSeeds } from "../../../src/run/index.js";
import { loadScenario } from "../../../src/scenario/index.js";

const months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
function clf(host: string, seconds: number): string {
  const d = new Date(Date.UTC(2015, 4, 17, 10) + seconds * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${host} - - [${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000] "GET / HTTP/1.1" 200 10`;
}

describe("replicateTrace", () => {
  const lines: string[] = [];
  for (let i = 0; i < 4000; i++)
    lines.push(clf(`10.1.${i % 11}.${(i * 13) % 57}`, Math.floor(i / 2)));
  const scenario = loadScenario(
    "name: t\nduration: 2100\nstart: cold\nservers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }, { address: 10.0.0.3 }]\ndns: { ttl: 60 }\nresolvers: { count: 30, skew: 1, behaviour: rotate }\nclients: { rate: 0, selection: random, trace: { file: x.log, thinkTime: 30, resolvers: { rule: heavy, heavy: 3 } } }\n",
    "t.yaml",
  );

  it("replication r is the replay on the r-th derived seed; the trace's requests are the same in each, the seed's draws are not", async () => {
    const { replicated, summary } = await replicateTrace(scenario, () => [lines], {
      replications: 3,
    });
    const seeds = replicationSeeds(scenario.seed, 3);
    expect(replicated.seeds).toEqual(seeds);
    const single = await replayTrace(scenario, () => [lines]);
    expect(JSON.stringify(replicated.first)).toBe(JSON.stringify(single.results));
    expect(summary).toEqual(single.summary);
    const third = await replayTrace(scenario, () => [lines], { seed: seeds[2]! });
    const share = replicated.metrics.find(
      (m) => m.id === "maxShare" || m.label === "largest server share",
    )!;
    const largest = Math.max(...third.results.servers.map((s) => s.share));
    expect(share.values[2]).toBeCloseTo(largest, 9);
    // Different seeds: the random address selection differs, so the shares do.
    expect(new Set(share.values).size).toBe(3);
    expect(third.results.totals.requests).toBe(single.results.totals.requests);
  });

  it("refuses a replication count out of range (exit 2 at the CLI)", async () => {
    await expect(replicateTrace(scenario, () => [lines], { replications: 0 })).rejects.toThrow(
      /--replications: a whole number from 1/,
    );
  });
});
