import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PUBLIC_SUFFIX_LIST } from "../../../src/model/index.js";
import { replayTrace } from "../../../src/run/index.js";
import { loadScenario, type Scenario } from "../../../src/scenario/index.js";
import { ROOT } from "../../cli-helpers.js";
import { clf, sampleLines, traceScenario } from "../../trace-helpers.js";

const MAY17 = Date.UTC(2015, 4, 17, 10, 5, 3) / 1000;

describe("replaying a trace", () => {
  const T0 = MAY17;
  const lines = [
    clf("h1", T0),
    clf("h1", T0 + 10),
    clf("h2", T0 + 12),
    clf("h1", T0 + 25), // within 30 s of the last: same visit
    clf("h2", T0 + 5), // 20 s out of order: within the 60 s window
    "not a log line",
    clf("h1", T0 + 100), // 75 s later: a new visit
  ];

  it("makes visits of bursts shorter than the think time, counts every request, and summarizes the file", async () => {
    const { results, summary } = await replayTrace(traceScenario(), () => [lines]);
    expect(results.totals.requests).toBe(6);
    expect(results.totals.served).toBe(6);
    // h1: [0, 10, 25] and [100]; h2: [5, 12]
    expect(results.totals.visits).toBe(3);
    expect(summary.malformedLines).toBe(1);
    expect(summary.malformedExamples).toEqual([6]);
    expect(summary.hosts).toBe(2);
    expect(summary.origin).toBe(T0);
    expect(results.trace?.replayedRequests).toBe(6);
    // Frozen resolvers, TTL 60: h1's second visit (100 s on) refetches.
    expect(results.dns.resolverLookups).toBe(3);
  });

  it("a visit sticks to one server; a shorter think time splits it", async () => {
    const oneVisit = await replayTrace(traceScenario(), () => [lines.slice(0, 4)]);
    const h1 = oneVisit.results.servers.filter((sv) => sv.served > 0).map((sv) => sv.served);
    expect(h1.sort()).toEqual([1, 3]); // h1's three requests together, h2's alone
    const split = await replayTrace(
      traceScenario().clients.trace ? withThink(traceScenario(), 5) : traceScenario(),
      () => [lines.slice(0, 4)],
    );
    expect(split.results.totals.visits).toBe(4);
  });

  it("thinkTime 0: one lookup per request, even two requests logged in the same second", async () => {
    const same = [clf("h1", T0), clf("h1", T0), clf("h1", T0 + 1), clf("h2", T0 + 1)];
    const zero = await replayTrace(withThink(traceScenario(), 0), () => [same]);
    expect(zero.results.totals.requests).toBe(4);
    expect(zero.results.totals.visits).toBe(4);
    expect(zero.results.dns.resolverLookups).toBe(4);
    // The smallest positive think time merges the same-second pair: 0 is not "tiny".
    const tiny = await replayTrace(withThink(traceScenario(), 0.001), () => [same]);
    expect(tiny.results.totals.visits).toBe(3);
    // Written in a scenario file, 0 is accepted (it had to be positive).
    expect(traceScenario().clients.trace!.thinkTime).toBe(30);
    expect(
      loadScenario(
        "name: t\nduration: 10\nservers: [{ address: 10.0.0.1 }]\ndns: { ttl: 60 }\nclients: { rate: 0, trace: { file: x.log, thinkTime: 0 } }\n",
        "t.yaml",
      ).clients.trace!.thinkTime,
    ).toBe(0);
  });

  it("rule subnet: names under one registrable domain share a resolver, and results name the list", async () => {
    const named = [
      clf("a.cam.ac.uk", T0),
      clf("b.cam.ac.uk", T0 + 100),
      clf("c.ox.ac.uk", T0 + 200),
    ];
    const s = traceScenario(", resolvers: { rule: subnet }");
    const { results } = await replayTrace(s, () => [named]);
    // Frozen caches, TTL 60: b (100 s after a) misses as a would; ox.ac.uk is another resolver.
    expect(results.trace?.resolvers).toBe(2);
    expect(results.trace?.publicSuffixList).toBe(PUBLIC_SUFFIX_LIST);
    const heavy = await replayTrace(traceScenario(), () => [named]);
    expect(heavy.results.trace?.publicSuffixList).toBeUndefined();
  });

  it("speed-up and offset map trace time onto simulated time", async () => {
    const s = traceScenario(", speedup: 10, offset: 20");
    const { results, summary } = await replayTrace({ ...s, duration: 8 }, () => [lines]);
    // t = (time - T0 - 20) / 10: 25 → 0.5, 100 → 8 (past the 8 s run); 0, 5, 10 and 12 before 0.
    expect(results.totals.requests).toBe(1);
    expect(summary.outsideLines).toBe(5);
  });

  it("is deterministic, batch boundaries change nothing, and the same lines in any batching give the same bytes", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => clf(`h${(i * 7919) % 97}`, T0 + i * 0.7));
    const a = await replayTrace(traceScenario(), () => [many]);
    const b = await replayTrace(traceScenario(), () =>
      Array.from({ length: 30 }, (_, k) => many.slice(k * 100, k * 100 + 100)),
    );
    expect(JSON.stringify(b.results)).toBe(JSON.stringify(a.results));
    const other = await replayTrace({ ...traceScenario(), seed: 2 }, () => [many]);
    expect(JSON.stringify(other.results)).not.toBe(JSON.stringify(a.results));
  });

  it("refuses a trace with no valid line (a UserError: exit 2 at the CLI)", async () => {
    await expect(replayTrace(traceScenario(), () => [["junk", "more junk"]])).rejects.toThrow(
      /no valid clf line in 2 line/,
    );
  });

  it("writes each served request's original line to the server that answered it", async () => {
    const got: [number, string][] = [];
    await replayTrace(traceScenario(), () => [lines], {
      accessLog: {
        served: (host, _t, line) => got.push([host, line]),
        unanswered: () => {
          throw new Error("a trace replay without capacity refuses nothing");
        },
      },
    });
    expect(got.map(([, l]) => l).sort()).toEqual(lines.filter((l) => l.startsWith("h")).sort());
    const hosts = new Set(
      got.filter(([, l]) => l.startsWith("h1") && !l.includes(":06:")).map(([h]) => h),
    );
    expect(hosts.size).toBe(1);
  });
});

describe("chunks read in place: the same as line by line", () => {
  const good = (host: string, s: number) =>
    `${host} - - [17/May/2015:10:0${Math.floor(s / 60) % 10}:${String(s % 60).padStart(2, "0")} +0000] "GET /a?b=\\"c\\" HTTP/1.1" 200 ${s} "-" "agent"`;

  it("a replay fed chunks gives byte-identical results to one fed arrays of lines", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++)
      lines.push(
        i % 97 === 5
          ? "junk"
          : good(`10.0.${i % 13}.${(i * 7) % 31}`, Math.floor(i / 6) - (i % 9 === 0 ? 2 : 0)),
      );
    const scenario = loadScenario(
      "name: t\nduration: 600\nstart: cold\nservers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }]\ndns: { ttl: 30 }\nresolvers: { count: 5 }\nclients: { rate: 0, trace: { file: x.log, thinkTime: 20 } }\n",
      "t.yaml",
    );
    const chunks = [lines.slice(0, 1234).join("\n"), lines.slice(1234).join("\n")];
    const a = await replayTrace(scenario, () => [lines.slice(0, 1234), lines.slice(1234)]);
    const b = await replayTrace(scenario, () => chunks);
    expect(JSON.stringify(b.results)).toBe(JSON.stringify(a.results));
    expect(a.summary.malformedLines).toBeGreaterThan(30);
    expect(b.summary).toEqual(a.summary);
  });
});

describe("content results unchanged by handing ids over", () => {
  it("content-central-copy replays to the content block of its committed report, to the byte", async () => {
    const file = join(ROOT, "scenarios/content-central-copy.yaml");
    const s = loadScenario(readFileSync(file, "utf8"), file);
    const { results } = await replayTrace(s, () => [sampleLines()]);
    const committed = JSON.parse(
      readFileSync(join(ROOT, "reports/content-central-copy/results.json"), "utf8"),
    );
    expect(JSON.stringify(results.content)).toBe(JSON.stringify(committed.content));
    expect(results.totals.served).toBe(committed.totals.served);
  });
});

function withThink(s: Scenario, thinkTime: number): Scenario {
  return { ...s, clients: { ...s.clients, trace: { ...s.clients.trace!, thinkTime } } };
}
