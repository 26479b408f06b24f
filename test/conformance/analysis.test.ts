import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyseFetchOrders,
  analyseOrders,
  chiSquareUpperTail,
  decodeResponse,
  distinctFetches,
  encodeQuery,
  meanInterval,
  measurePreset,
  probeReport,
  REDUCED_PROTOCOL,
  replaceReadmeBlock,
  rotationOffset,
  scenarioSnippet,
  upstreamQueryTimes,
} from "../../src/conformance/index.js";
import { RESOLVER_BEHAVIOUR_REGISTRY } from "../../src/model/index.js";
import { Mulberry as Alea } from "./mulberry.js";

const ADDR = ["a", "b", "c", "d"];
const rotate = (list: readonly string[], k: number) =>
  list.map((_, i) => list[(i + k) % list.length]!);

function sequence(n: number, step: (prev: string[], i: number) => string[]): string[][] {
  const out = [ADDR];
  for (let i = 1; i < n; i++) out.push(step(out[i - 1]!, i));
  return out;
}

describe("rotationOffset", () => {
  it("finds k with next[i] = prev[(i + k) mod n], and -1 for other permutations", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), (k) => {
        expect(rotationOffset(ADDR, rotate(ADDR, k))).toBe(k);
      }),
    );
    expect(rotationOffset(ADDR, ["a", "c", "b", "d"])).toBe(-1);
  });
});

describe("analyseOrders classifies synthetic resolvers", () => {
  const rng = new Alea(7);
  it("rotate by one (abc, bca, cab), not by minus one", () => {
    const a = analyseOrders(sequence(300, (p) => rotate(p, 1)));
    expect(a.pattern).toBe("rotate+1");
    expect(a.sortedShares).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(analyseOrders(sequence(300, (p) => rotate(p, 3))).pattern).toBe("rotate-1");
  });
  it("frozen, even with dnsmasq's one repeated answer at the start", () => {
    expect(analyseOrders(sequence(300, (p) => p)).pattern).toBe("frozen");
    const a = analyseOrders(sequence(300, (p) => p));
    expect(a.sortedShares).toEqual([1, 0, 0, 0]);
    expect(analyseOrders(sequence(300, (p, i) => (i === 1 ? p : rotate(p, 3)))).pattern).toBe(
      "rotate-1",
    );
  });
  it("a random offset per answer is random-offset, with a χ² p-value in its confidence", () => {
    const a = analyseOrders(sequence(300, (p) => rotate(p, Math.floor(rng.next() * 4))));
    expect(a.pattern).toBe("random-offset");
    expect(a.confidence).toMatch(/χ² = .* p = /);
  });
  it("a fresh shuffle per answer is shuffle, not random-offset", () => {
    const a = analyseOrders(
      sequence(300, () => {
        const l = [...ADDR];
        for (let i = l.length - 1; i > 0; i--) {
          const j = Math.floor(rng.next() * (i + 1));
          [l[i], l[j]] = [l[j]!, l[i]!];
        }
        return l;
      }),
    );
    expect(a.pattern).toBe("shuffle");
  });
  it("offsets drawn from only two values are neither random-offset nor deterministic", () => {
    const a = analyseOrders(sequence(300, (p) => rotate(p, rng.next() < 0.5 ? 1 : 2)));
    expect(a.pattern).toBe("other");
  });
});

describe("analyseFetchOrders: a random rotation's offsets against a biased one's", () => {
  const fetches = (counts: readonly number[]) =>
    counts.flatMap((c, k) => Array.from({ length: c }, () => rotate(ADDR, k)));
  it("the offsets a uniform rotation gave in CI (30/32/45/13 of 120, χ² p = 6.2e-4) are a rotation", () => {
    const a = analyseFetchOrders(ADDR, fetches([30, 32, 45, 13]));
    expect(a.pattern).toBe("rotation");
  });
  it("one offset at half the fetches (60/20/20/20, p ≈ 1e-8) or two offsets only is not", () => {
    expect(analyseFetchOrders(ADDR, fetches([60, 20, 20, 20])).pattern).toBe("other");
    expect(analyseFetchOrders(ADDR, fetches([0, 60, 60, 0])).pattern).toBe("other");
    expect(analyseFetchOrders(ADDR, fetches([120, 0, 0, 0])).pattern).toBe("upstream");
  });
});

describe("χ² upper tail", () => {
  it("matches tabulated critical values", () => {
    // df 3: 7.815 at 0.05, 11.345 at 0.01; df 1: 3.841 at 0.05.
    expect(chiSquareUpperTail(7.815, 3)).toBeCloseTo(0.05, 3);
    expect(chiSquareUpperTail(11.345, 3)).toBeCloseTo(0.01, 3);
    expect(chiSquareUpperTail(3.841, 1)).toBeCloseTo(0.05, 3);
    expect(chiSquareUpperTail(0, 3)).toBe(1);
  });
});

describe("DNS wire codec", () => {
  it("encodes an A query and decodes a compressed answer in wire order", () => {
    const q = encodeQuery(0x1234, "www.example.");
    expect(Array.from(q.subarray(0, 4))).toEqual([0x12, 0x34, 0x01, 0x00]);
    // Response: header, the question, two answers pointing at the question name (0xc00c).
    const answer = (addr: number[], ttl: number) => [
      0xc0,
      0x0c,
      0,
      1,
      0,
      1,
      0,
      0,
      ttl >> 8,
      ttl & 0xff,
      0,
      4,
      ...addr,
    ];
    const header = [0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0];
    const msg = Uint8Array.from([
      ...header,
      ...q.subarray(12),
      ...answer([10, 0, 0, 2], 300),
      ...answer([10, 0, 0, 1], 299),
    ]);
    const r = decodeResponse(msg);
    expect(r).toMatchObject({ id: 0x1234, rcode: 0, truncated: false });
    expect(r.answers).toEqual([
      { address: "10.0.0.2", ttl: 300 },
      { address: "10.0.0.1", ttl: 299 },
    ]);
  });
  it("rejects truncated messages instead of reading past them", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          decodeResponse(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(RangeError);
        }
      }),
    );
  });
});

describe("BIND query log", () => {
  const log = [
    "2026-12-01T08:04:45.689Z client @0x1 127.0.0.1#50064 (X.t5.Cyc.example): query: X.t5.Cyc.example IN A +E(0)K (127.0.0.1)",
    "2026-12-01T08:04:45.700Z client @0x1 127.0.0.1#50065 (x.t5.cyc.example): query: x.t5.cyc.example IN A +E(0)K (127.0.0.1)",
    "2026-12-01T08:04:51.689Z client @0x1 127.0.0.1#50066 (x.t5.cyc.example): query: x.t5.cyc.example IN AAAA +E(0)K (127.0.0.1)",
    "2026-12-01T08:04:51.700Z client @0x1 127.0.0.1#50066 (x.t5.cyc.example): query: x.t5.cyc.example IN A +E(0)K (127.0.0.1)",
  ].join("\n");
  it("finds queries for one name and type, case-insensitively (Knot's 0x20), and merges retries", () => {
    const times = upstreamQueryTimes(log, "x.t5.cyc.example");
    expect(times).toHaveLength(3);
    const fetches = distinctFetches(times);
    expect(fetches).toHaveLength(2);
    expect(meanInterval(fetches)).toBeCloseTo(6.011, 3);
    expect(meanInterval([1])).toBeNull();
  });
});

describe("the protocol replayed on presets", () => {
  it("matches each preset's documented behaviour", () => {
    const m = (name: Parameters<typeof measurePreset>[0]) => measurePreset(name, REDUCED_PROTOCOL);
    expect(m("unbound").orderCyclic.pattern).toBe("random-offset");
    expect(m("dnsmasq").orderCyclic.pattern).toBe("rotate-1");
    expect(m("rotate").orderCyclic.pattern).toBe("rotate+1");
    expect(m("pdns-recursor").orderRandom.pattern).toBe("frozen");
    expect(m("shuffle").orderRandom.pattern).toBe("shuffle");
    // PowerDNS's cached SERVFAIL (packetcache-servfail-ttl 60 s) outlasts the reduced protocol's 40 s wait.
    expect(m("pdns-recursor").outage).toMatchObject({
      reaction: "servfail",
      recoverySeconds: null,
    });
    // Knot: SERVFAIL once its request has timed out three times (3 × 2 s), then 1 s dead.
    expect(m("knot-resolver").outage).toMatchObject({ reaction: "servfail", recoverySeconds: 2 });
    expect(m("unbound-serve-expired").outage).toMatchObject({ reaction: "stale", staleTtl: 30 });
    // Unbound: the query at 8 s sends five times (31 × 284 ms, until 16.8 s) and gets no
    // reply, nor do those that join it; the first query after that fetches (17 s).
    expect(m("unbound").outage).toMatchObject({ reaction: "no-answer", recoverySeconds: 4 });
    // TTL 0 for one more second: a TTL-5 record is refetched every 6 s.
    expect(m("unbound").refetchSeconds).toBe(6);
    expect(m("dnsmasq").refetchSeconds).toBe(5);
    // dnsmasq forwards the original TTL in the fetch answer, clamps the lifetime.
    expect(m("dnsmasq").clamp).toMatchObject({
      lowShownFetch: 5,
      lowLifetime: 8,
      highShownFetch: 60,
      highLifetime: 20,
    });
    expect(m("unbound").clamp).toMatchObject({ lowShownFetch: 8, highShownFetch: 20 });
  });
});

describe("probe report", () => {
  it("names the presets a random-offset rotation could be, and says which it cannot tell apart", () => {
    const rng = new Alea(3);
    const answers = sequence(200, (p) => rotate(p, Math.floor(rng.next() * 4))).map(
      (addresses, i) => ({
        t: i * 0.05,
        addresses,
        ttl: 60 - Math.floor(i * 0.05),
      }),
    );
    const r = probeReport(answers);
    expect(r.behaviour).toBe("rotate-random");
    expect(r.candidates).toEqual(["unbound", "unbound-serve-expired", "knot-resolver"]);
    expect(r.preset).toBe("unbound");
    expect(r.certainty).toBe("ambiguous");
    expect(r.reasons.join("\n")).toMatch(
      /could not tell apart: unbound, unbound-serve-expired, knot-resolver; they differ when the authority is down/,
    );
    expect(r.reasons.join("\n")).toMatch(/no refetch during the probe/);
    expect(scenarioSnippet(r)).toMatch(
      /^resolvers:\n {2}behaviour: unbound {3}# ambiguous; or unbound-serve-expired, knot-resolver/,
    );
    expect(r.signals.refetchesAt).toEqual([]);
  });
  it("sees a refetch when the TTL goes up, but reads no countdown from answers 1 s apart", () => {
    const answers = [5, 4, 3, 2, 1, 0, 5, 4].map((ttl, i) => ({ t: i, addresses: ADDR, ttl }));
    const r = probeReport(answers);
    expect(r.signals.refetchesAt).toEqual([6]);
    expect(r.signals.lowestTtl).toBeNull();
    expect(r.behaviour).toBe("frozen");
    expect(r.candidates).toEqual(["unbound-no-rr", "pdns-recursor"]);
  });
  it("skips the step across a refetch: a new upstream order there is not the cache's", () => {
    // dnsmasq at TTL 5, 0.25 s apart, as recorded: rotate −1 within a fetch; at a refetch a new
    // upstream order (no rotation of the old one), repeated once by the first cached answer.
    const answers: { t: number; addresses: string[]; ttl: number }[] = [];
    let list = [...ADDR];
    let fetchedAt = -1;
    for (let i = 0; i < 80; i++) {
      const t = i * 0.25;
      const ttl = 5 - Math.floor(t % 5);
      if (i > 0 && ttl > answers[i - 1]!.ttl) {
        list = [list[1]!, list[0]!, list[2]!, list[3]!];
        fetchedAt = i;
      } else if (i > 0 && i !== fetchedAt + 1) list = rotate(list, 3);
      answers.push({ t, addresses: list, ttl });
    }
    const r = probeReport(answers);
    expect(r.order.pattern).toBe("rotate-1");
    expect(r.signals).toMatchObject({ lowestTtl: 1, pattern: "rotate-1" });
  });
  it("tells the frozen presets apart by the TTL countdown: 0 and TTL + 1 s is unbound-no-rr, 1 and TTL is PowerDNS", () => {
    const countdown = (lowest: 0 | 1) =>
      Array.from({ length: 100 }, (_, i) => {
        const t = i * 0.25;
        const period = lowest === 0 ? 6 : 5;
        return { t, addresses: ADDR, ttl: 5 - Math.floor(t % period) };
      });
    const noRr = probeReport(countdown(0));
    expect(noRr.signals).toMatchObject({ lowestTtl: 0, pattern: "frozen" });
    expect(noRr.signals.refetchSpacing).toBeCloseTo(6, 5);
    expect(noRr).toMatchObject({ preset: "unbound-no-rr", certainty: "sure" });
    const pdns = probeReport(countdown(1));
    expect(pdns).toMatchObject({ preset: "pdns-recursor", certainty: "sure" });
    expect(scenarioSnippet(pdns)).toBe("resolvers:\n  behaviour: pdns-recursor   # sure\n");
  });
});

/**
 * Answers recorded from the real daemons on loopback (BIND random order,
 * TTL 5, a query every 0.25 s for 20 s; test/conformance/fixtures): probe
 * must name the preset each came from, or list it among what it cannot
 * tell apart, and never name a preset whose signals differ.
 */
describe("probe report on recorded daemons", () => {
  const recorded = JSON.parse(
    readFileSync(new URL("./fixtures/probe-observations.json", import.meta.url), "utf8"),
  ) as Record<string, { t: number; addresses: string[]; ttl: number }[]>;
  const cases: [string, string, string[]][] = [
    ["unbound", "unbound", ["unbound", "unbound-serve-expired", "knot-resolver"]],
    ["unbound-serve-expired", "unbound", ["unbound", "unbound-serve-expired", "knot-resolver"]],
    ["knot-resolver", "unbound", ["unbound", "unbound-serve-expired", "knot-resolver"]],
    ["unbound-no-rr", "unbound-no-rr", ["unbound-no-rr"]],
    ["pdns-recursor", "pdns-recursor", ["pdns-recursor"]],
    ["dnsmasq", "dnsmasq", ["dnsmasq"]],
    ["dnsmasq-stale", "dnsmasq-stale", ["dnsmasq-stale"]],
  ];
  /**
   * main's dnsmasq-stale preset still refetches at TTL 5 showing TTL 1 (the
   * real one: 6 s, TTL 0), so today it cannot be told from dnsmasq and the
   * real dnsmasq-stale matches no preset; issue 24's model (branch h24m)
   * fixes the preset. Remove this once merged: the cases above then hold.
   */
  const dnsmasqStaleFixed = RESOLVER_BEHAVIOUR_REGISTRY["dnsmasq-stale"].lingerSeconds > 0;
  if (!dnsmasqStaleFixed) {
    cases.splice(-2, 2, ["dnsmasq", "dnsmasq", ["dnsmasq", "dnsmasq-stale"]]);
    it("dnsmasq-stale: no preset yet (main's preset refetches at TTL, not TTL + 1 s)", () => {
      const r = probeReport(recorded["dnsmasq-stale"]!);
      expect(r.signals).toMatchObject({ lowestTtl: 0, pattern: "rotate-1" });
      expect(r.signals.refetchSpacing).toBeCloseTo(6, 0);
      expect(r.certainty).toBe("no preset");
    });
  }
  for (const [daemon, preset, candidates] of cases) {
    it(`${daemon}: ${preset}${candidates.length > 1 ? ` (or ${candidates.slice(1).join(", ")})` : ", sure"}`, () => {
      const r = probeReport(recorded[daemon]!);
      expect(r.preset).toBe(preset);
      expect(r.candidates).toEqual(candidates);
      expect(r.certainty).toBe(candidates.length === 1 ? "sure" : "ambiguous");
      for (const c of candidates)
        expect(r.reasons.join(" ")).toContain(candidates.length > 1 ? c : "order");
    });
  }
});

describe("README block", () => {
  it("replaces only what is between the markers", () => {
    const text = "a\n<!-- conformance:start -->\nold\n<!-- conformance:end -->\nb\n";
    expect(replaceReadmeBlock(text, "new\n")).toBe(
      "a\n<!-- conformance:start -->\nnew\n<!-- conformance:end -->\nb\n",
    );
    expect(() => replaceReadmeBlock("none", "x")).toThrow();
    // A page that names the markers in its prose (docs/guides/conformance-and-probe.md) keeps that prose.
    const page =
      "Between `<!-- conformance:start -->` and `<!-- conformance:end -->`:\n<!-- conformance:start -->\nold\n<!-- conformance:end -->\n";
    expect(replaceReadmeBlock(page, "new\n")).toBe(page.replace("old", "new"));
  });
});

describe("share comparison", () => {
  it("names the largest gap and fails when one rank is off by more than its tolerance", async () => {
    const { compareSetting } = await import("../../src/conformance/index.js");
    const real = measurePreset("frozen", REDUCED_PROTOCOL);
    const sim = measurePreset("rotate", REDUCED_PROTOCOL);
    const rows = compareSetting({ id: "x", label: "x", preset: "rotate" }, real, sim);
    const shares = rows.find((r) => r.metric === "first-address shares, cyclic upstream")!;
    expect(shares.verdict).toBe("fail");
    expect(shares.note).toMatch(/largest gap 75\.0 pts/);
    const same = compareSetting({ id: "x", label: "x", preset: "rotate" }, sim, sim);
    expect(same.find((r) => r.metric.startsWith("first-address"))!.verdict).toBe("pass");
  });
});
