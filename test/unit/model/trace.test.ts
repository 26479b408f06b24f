import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  LineParser,
  mapHostsToResolvers,
  nextInput,
  PUBLIC_SUFFIX_LIST,
  parseClfDate,
  parseClfLine,
  parseTimeField,
  ReorderWindow,
  SortedLogInput,
  subnetKey,
  TraceRecord,
} from "../../../src/model/index.js";
import { replayTrace } from "../../../src/run/index.js";
import { loadScenario, type Scenario } from "../../../src/scenario/index.js";

const MAY17 = Date.UTC(2015, 4, 17, 10, 5, 3) / 1000;

/** A Combined Log Format line at epoch second t, rendered in zone `zone` (minutes east of UTC). */
function clf(host: string, t: number, zone = 0, path = "/", bytes = "512"): string {
  const local = new Date((t + zone * 60) * 1000);
  const months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
  const p = (n: number) => String(n).padStart(2, "0");
  const z = `${zone < 0 ? "-" : "+"}${p(Math.floor(Math.abs(zone) / 60))}${p(Math.abs(zone) % 60)}`;
  const date = `${p(local.getUTCDate())}/${months[local.getUTCMonth()]}/${local.getUTCFullYear()}:${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())} ${z}`;
  return `${host} - - [${date}] "GET ${path} HTTP/1.1" 200 ${bytes} "-" "agent/1.0"`;
}

describe("access-log parsing", () => {
  it("reads Common and Combined Log Format lines", () => {
    const r = new TraceRecord();
    expect(
      parseClfLine(
        '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /a.png HTTP/1.1" 200 203023 "http://x/" "Mozilla"',
        r,
      ),
    ).toBe(true);
    expect([r.host, r.time, r.status, r.bytes]).toEqual(["83.149.9.216", MAY17, 200, 203023]);
    expect(parseClfLine('h - u [17/May/2015:10:05:03 +0000] "GET / HTTP/1.0" 304 -', r)).toBe(true);
    expect([r.host, r.status, r.bytes]).toEqual(["h", 304, 0]);
    // An escaped quote inside the request does not end it.
    expect(parseClfLine('h - - [17/May/2015:10:05:03 +0000] "GET /\\"q HTTP/1.1" 404 7', r)).toBe(
      true,
    );
    expect([r.status, r.bytes]).toEqual([404, 7]);
  });

  it("finds the request path and the Referer without allocating them on the hot path", () => {
    const p = new LineParser("clf");
    const combined =
      '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /img/a.png?x=1 HTTP/1.1" 200 5 "http://site/page.html" "Mozilla/5.0 (\\"x\\")"';
    expect(p.parse(combined)).toBe(true);
    expect(p.path(combined)).toBe("/img/a.png?x=1");
    expect(p.referer(combined)).toBe("http://site/page.html");
    const common = 'h - - [17/May/2015:10:05:03 +0000] "GET /index.html HTTP/1.0" 304 -';
    expect(p.parse(common)).toBe(true);
    expect([p.path(common), p.referer(common)]).toEqual(["/index.html", ""]);
    const noProtocol = 'h - - [17/May/2015:10:05:03 +0000] "GET /old" 200 1 "-" "a"';
    expect(p.parse(noProtocol)).toBe(true);
    expect([p.path(noProtocol), p.referer(noProtocol)]).toEqual(["/old", ""]);
    const garbage = 'h - - [17/May/2015:10:05:03 +0000] "-" 408 0';
    expect(p.parse(garbage)).toBe(true);
    expect(p.path(garbage)).toBe("");
    const tsv = new LineParser("tsv");
    tsv.parse("time\thost\tbytes\tpath\treferer");
    const row = "2015-05-17T10:05:03Z\th\t10\t/a.css\t/index.html";
    expect(tsv.parse(row)).toBe(true);
    expect([tsv.path(row), tsv.referer(row)]).toEqual(["/a.css", "/index.html"]);
  });

  it("converts timezone offsets to UTC (east of UTC is earlier, west later)", () => {
    const s = "17/May/2015:12:05:03 +0200";
    expect(parseClfDate(s, 0)).toBe(MAY17);
    expect(parseClfDate("17/May/2015:04:35:03 -0530", 0)).toBe(MAY17);
    expect(parseClfDate("17/May/2015:10:05:03 +0000", 0)).toBe(MAY17);
    // Across a month and a leap day.
    expect(parseClfDate("01/Mar/2016:00:30:00 +0100", 0)).toBe(
      Date.UTC(2016, 1, 29, 23, 30) / 1000,
    );
  });

  it("matches the Date oracle for any time and zone (property)", () => {
    fc.assert(
      fc.property(
        // Local dates within MIN_LOG_YEAR to MAX_LOG_YEAR whatever the zone.
        fc.integer({ min: 86_400, max: 4_000_000_000 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (t, zone) => {
          const r = new TraceRecord();
          expect(parseClfLine(clf("h", t, zone), r)).toBe(true);
          expect(r.time).toBe(t);
        },
      ),
    );
  });

  it("rejects malformed lines, never throws", () => {
    const r = new TraceRecord();
    for (const bad of [
      "",
      "garbage",
      'h - - [17/May/2015:10:05:03] "GET / HTTP/1.1" 200 1',
      'h - - [32/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1',
      'h - - [17/Mai/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1',
      'h - - [17/May/2015:24:05:03 +0000] "GET / HTTP/1.1" 200 1',
      'h - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 2x0 1',
      'h - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 abc',
      'h - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1',
    ])
      expect(parseClfLine(bad, r), bad).toBe(false);
    fc.assert(fc.property(fc.string(), (s) => typeof parseClfLine(s, r) === "boolean"));
  });

  it("reads TSV and CSV by their header's column names, in any order", () => {
    const tsv = new LineParser("tsv");
    expect(tsv.parse("bytes\thost\ttime")).toBe(false);
    expect(tsv.parse("100\t10.1.2.3\t2015-05-17T12:05:03+02:00")).toBe(true);
    expect([tsv.record.host, tsv.record.time, tsv.record.bytes]).toEqual(["10.1.2.3", MAY17, 100]);
    expect(tsv.parse("5\thost2\t1431857103.25")).toBe(true);
    expect(tsv.record.time).toBe(MAY17 + 0.25);
    expect(tsv.parse("5\thost2\tyesterday")).toBe(false);
    const csv = new LineParser("csv");
    csv.parse("time,host,bytes,status");
    expect(csv.parse("2015-05-17T10:05:03.5Z,a,7,503")).toBe(true);
    expect([csv.record.time, csv.record.status]).toEqual([MAY17 + 0.5, 503]);
    expect(parseTimeField("2015-05-17 10:05:03-0100")).toBe(MAY17 + 3600);
    const missing = new LineParser("csv");
    missing.parse("when,host,bytes");
    expect(missing.headerError).toBe("header lacks column(s) time");
    expect(missing.parse("1,a,2")).toBe(false);
    expect(missing.valid).toBe(0);
  });

  it("counts malformed lines and keeps the first five line numbers; blank lines are not malformed", () => {
    const p = new LineParser("clf");
    const lines = Array.from({ length: 20 }, (_, i) =>
      i % 3 === 1 ? "broken" : i === 5 ? "" : clf("h", MAY17 + i),
    );
    for (const l of lines) p.parse(l);
    expect(p.malformed).toBe(7);
    expect(p.malformedLines).toEqual([2, 5, 8, 11, 14]);
    expect(p.valid).toBe(12);
  });
});

describe("reorder window", () => {
  it("releases in time order lines out of order within the window, and drops (counts) later ones", () => {
    const out: number[] = [];
    const w = new ReorderWindow<string>(10, (t) => out.push(t));
    for (const t of [100, 95, 105, 91, 111, 99.5, 130, 100.5]) w.push(t, 0, "");
    w.flush();
    // 105 releases 95, so 91 (14 s out of order) is too late; 111 releases 100, so 99.5
    // is; 130 releases 111, so 100.5 is.
    expect(out).toEqual([95, 100, 105, 111, 130]);
    expect(w.late).toBe(3);
  });

  it("is stable for equal times and loses nothing displaced by at most the window (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 9 })), {
          maxLength: 200,
        }),
        (pairs) => {
          // Times sorted, then each shown up to 9 s early: displacement below a 10 s window.
          const sorted = pairs.map(([t]) => t).sort((a, b) => a - b);
          const input = sorted.map((t, i) => ({ shown: t, arrival: i, jitter: pairs[i]![1] }));
          input.sort((a, b) => a.shown - a.jitter - (b.shown - b.jitter) || a.arrival - b.arrival);
          const out: [number, number][] = [];
          const w = new ReorderWindow<number>(10, (t, _tag, id) => out.push([t, id]));
          for (let id = 0; id < input.length; id++) w.push(input[id]!.shown, 0, id);
          w.flush();
          expect(w.late).toBe(0);
          expect(out.map(([t]) => t)).toEqual(sorted);
          for (let i = 1; i < out.length; i++)
            if (out[i]![0] === out[i - 1]![0]) expect(out[i]![1]).toBeGreaterThan(out[i - 1]![1]);
        },
      ),
    );
  });

  it("merges sorted inputs stably: equal times keep input order", () => {
    const a = new SortedLogInput("clf", 5);
    const b = new SortedLogInput("clf", 5);
    a.feed([clf("a1", MAY17 + 2), clf("a2", MAY17 + 1), clf("a3", MAY17 + 3)]);
    b.feed([clf("b1", MAY17 + 1), "oops", clf("b2", MAY17 + 3)]);
    a.end();
    b.end();
    const merged: string[] = [];
    for (let i = nextInput([a, b]); i >= 0; i = nextInput([a, b]))
      merged.push([a, b][i]!.shift().split(" ")[0]!);
    expect(merged).toEqual(["a2", "b1", "a1", "a3", "b2"]);
    expect(b.parser.malformed).toBe(1);
  });
});

const scenario = (extra = ""): Scenario =>
  loadScenario(
    `name: t
duration: 1000
start: cold
servers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }, { address: 10.0.0.3 }]
dns: { ttl: 60, order: cyclic }
resolvers: { count: 5, behaviour: frozen }
clients:
  rate: 0
  trace: { file: x.log, thinkTime: 30${extra} }
`,
    "t.yaml",
  );

describe("hosts onto resolvers", () => {
  it("groups by /24 or registrable domain (Public Suffix List)", () => {
    expect(subnetKey("10.1.2.3")).toBe("10.1.2");
    expect(subnetKey("crawl-66-249.googlebot.com")).toBe("googlebot.com");
    expect(subnetKey("localhost")).toBe("localhost");
    // Two universities under ac.uk, two ISPs under co.uk, two under ac.jp: four, two, two keys.
    const keys = [
      "pc1.cs.ox.ac.uk",
      "gw.cam.ac.uk",
      "a.cam.ac.uk",
      "host1.bbc.co.uk",
      "dsl-1.btcentralplus.co.uk",
      "x.u-tokyo.ac.jp",
      "y.kyoto-u.ac.jp",
    ].map(subnetKey);
    expect(keys).toEqual([
      "ox.ac.uk",
      "cam.ac.uk",
      "cam.ac.uk",
      "bbc.co.uk",
      "btcentralplus.co.uk",
      "u-tokyo.ac.jp",
      "kyoto-u.ac.jp",
    ]);
    // The last-two-labels rule it replaces lumped each suffix together.
    expect(new Set(keys).size).toBe(6);
    // A private suffix (a cloud's per-customer names) keeps customers apart; a bare suffix is its own.
    expect(subnetKey("ec2-1-2-3-4.compute-1.amazonaws.com")).toBe(
      "ec2-1-2-3-4.compute-1.amazonaws.com",
    );
    expect(subnetKey("co.uk")).toBe("co.uk");
    expect(subnetKey("Gw.CAM.ac.uk")).toBe("cam.ac.uk");
  });

  it("names the Public Suffix List it uses: the installed tldts release", () => {
    const pkg = JSON.parse(
      readFileSync(join(import.meta.dirname, "../../../node_modules/tldts/package.json"), "utf8"),
    );
    expect(PUBLIC_SUFFIX_LIST).toBe(`tldts ${pkg.version}`);
  });

  it("gives the heaviest hosts their own resolvers and spreads the rest over the Zipf population", () => {
    const s = scenario();
    const hosts = ["a", "b", "c", "d", "e", "f"];
    const counts = [5, 50, 1, 30, 2, 2];
    const heavy = mapHostsToResolvers(s, 1, hosts, counts, { rule: "heavy", heavy: 2 });
    expect(heavy.resolverCount).toBe(2 + 5);
    expect(heavy.resolverOfHost[1]).toBe(0); // b, the busiest
    expect(heavy.resolverOfHost[3]).toBe(1); // d
    for (const h of [0, 2, 4, 5]) expect(heavy.resolverOfHost[h]!).toBeGreaterThanOrEqual(2);
    expect(heavy.shares[0]).toBeCloseTo(50 / 90, 12);
    const own = mapHostsToResolvers(s, 1, hosts, counts, { rule: "host", heavy: 0 });
    expect(Array.from(own.resolverOfHost)).toEqual([0, 1, 2, 3, 4, 5]);
    const subnet = mapHostsToResolvers(s, 1, ["1.2.3.4", "1.2.3.9", "1.2.4.1"], [1, 1, 1], {
      rule: "subnet",
      heavy: 0,
    });
    expect(Array.from(subnet.resolverOfHost)).toEqual([0, 0, 1]);
  });
});

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
    const { results, summary } = await replayTrace(scenario(), () => [lines]);
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
    const oneVisit = await replayTrace(scenario(), () => [lines.slice(0, 4)]);
    const h1 = oneVisit.results.servers.filter((sv) => sv.served > 0).map((sv) => sv.served);
    expect(h1.sort()).toEqual([1, 3]); // h1's three requests together, h2's alone
    const split = await replayTrace(
      scenario().clients.trace ? withThink(scenario(), 5) : scenario(),
      () => [lines.slice(0, 4)],
    );
    expect(split.results.totals.visits).toBe(4);
  });

  it("thinkTime 0: one lookup per request, even two requests logged in the same second", async () => {
    const same = [clf("h1", T0), clf("h1", T0), clf("h1", T0 + 1), clf("h2", T0 + 1)];
    const zero = await replayTrace(withThink(scenario(), 0), () => [same]);
    expect(zero.results.totals.requests).toBe(4);
    expect(zero.results.totals.visits).toBe(4);
    expect(zero.results.dns.resolverLookups).toBe(4);
    // The smallest positive think time merges the same-second pair: 0 is not "tiny".
    const tiny = await replayTrace(withThink(scenario(), 0.001), () => [same]);
    expect(tiny.results.totals.visits).toBe(3);
    // Written in a scenario file, 0 is accepted (it had to be positive).
    expect(scenario().clients.trace!.thinkTime).toBe(30);
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
    const s = scenario(", resolvers: { rule: subnet }");
    const { results } = await replayTrace(s, () => [named]);
    // Frozen caches, TTL 60: b (100 s after a) misses as a would; ox.ac.uk is another resolver.
    expect(results.trace?.resolvers).toBe(2);
    expect(results.trace?.publicSuffixList).toBe(PUBLIC_SUFFIX_LIST);
    const heavy = await replayTrace(scenario(), () => [named]);
    expect(heavy.results.trace?.publicSuffixList).toBeUndefined();
  });

  it("speed-up and offset map trace time onto simulated time", async () => {
    const s = scenario(", speedup: 10, offset: 20");
    const { results, summary } = await replayTrace({ ...s, duration: 8 }, () => [lines]);
    // t = (time - T0 - 20) / 10: 25 → 0.5, 100 → 8 (past the 8 s run); 0, 5, 10 and 12 before 0.
    expect(results.totals.requests).toBe(1);
    expect(summary.outsideLines).toBe(5);
  });

  it("is deterministic, batch boundaries change nothing, and the same lines in any batching give the same bytes", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => clf(`h${(i * 7919) % 97}`, T0 + i * 0.7));
    const a = await replayTrace(scenario(), () => [many]);
    const b = await replayTrace(scenario(), () =>
      Array.from({ length: 30 }, (_, k) => many.slice(k * 100, k * 100 + 100)),
    );
    expect(JSON.stringify(b.results)).toBe(JSON.stringify(a.results));
    const other = await replayTrace({ ...scenario(), seed: 2 }, () => [many]);
    expect(JSON.stringify(other.results)).not.toBe(JSON.stringify(a.results));
  });

  it("refuses a trace with no valid line (a UserError: exit 2 at the CLI)", async () => {
    await expect(replayTrace(scenario(), () => [["junk", "more junk"]])).rejects.toThrow(
      /no valid clf line in 2 line/,
    );
  });

  it("writes each served request's original line to the server that answered it", async () => {
    const got: [number, string][] = [];
    await replayTrace(scenario(), () => [lines], {
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

function withThink(s: Scenario, thinkTime: number): Scenario {
  return { ...s, clients: { ...s.clients, trace: { ...s.clients.trace!, thinkTime } } };
}
