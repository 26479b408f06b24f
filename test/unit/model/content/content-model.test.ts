import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RandomStreams, zipfWeights } from "../../../../src/engine/index.js";
import { ContentStats } from "../../../../src/metrics/index.js";
import { Catalog, ContentModel } from "../../../../src/model/index.js";
import { clf, replay, T0, traceScenario } from "../content-helpers.js";

/** `hosts` hosts, each asking for its own set of `paths` paths `rounds` times, one request a minute (each its own visit). */
function repeatedFetches(hosts: number, paths: number, rounds: number, bytes = 1000): string[] {
  const lines: string[] = [];
  let t = T0;
  for (let k = 0; k < rounds; k++)
    for (let h = 0; h < hosts; h++)
      for (let p = 0; p < paths; p++) {
        t += 0.01;
        lines.push(clf(`10.2.${h >> 8}.${h & 255}`, t + k * 60, `/o${p}`, bytes));
      }
  return lines;
}

/**
 * Repeats with uniform routing over classes of Last-Modified (consistent
 * servers one class, each skewed server its own): the cached copy is the
 * version of the last server that answered (a 304 means they agree), so a
 * repeat is a 200 exactly when two independent uniform servers fall in
 * different classes: q = 1 − Σ π_j², π = ((n − k)/n, 1/n, ..., 1/n); one
 * skewed server of n: q = 2(n − 1)/n². Consecutive repeats of one object
 * share a draw: Cov = Σ π_j(1 − π_j)² − q², so Var(sum of a chain of m) =
 * m q(1 − q) + 2(m − 1) Cov.
 */
function redownloadLaw(n: number, k: number, chains: number, m: number) {
  const pi = [(n - k) / n, ...Array.from({ length: k }, () => 1 / n)].filter((x) => x > 0);
  const q = 1 - pi.reduce((a, x) => a + x * x, 0);
  const cov = pi.reduce((a, x) => a + x * (1 - x) ** 2, 0) - q * q;
  const se = Math.sqrt(chains * (m * q * (1 - q) + 2 * (m - 1) * cov)) / (chains * m);
  return { q, se };
}

describe("content consistency", () => {
  it("identical timestamps: every repeat of a cached object is a 304, and no extra byte", async () => {
    const r = (
      await replay(traceScenario({ selection: "random", content: {} }), repeatedFetches(50, 4, 5))
    ).content!;
    expect(r.requests).toBe(1000);
    expect(r.firstFetches).toBe(200);
    expect(r.repeats).toBe(800);
    expect(r.notModified).toBe(800);
    expect([r.redownloads, r.extraBytes]).toEqual([0, 0]);
    expect(r.bytes).toBe(r.consistentBytes);
    expect(r.consistentBytes).toBe(200 * 1000);
  });

  it("one skewed server of three, uniform routing: repeats are 200 with 2(n − 1)/n² = 4/9", async () => {
    const hosts = 400;
    const rounds = 6;
    const s = traceScenario({ selection: "random", content: { skewed: ["10.0.0.2"] } });
    const r = (await replay(s, repeatedFetches(hosts, 2, rounds, 3000))).content!;
    const law = redownloadLaw(3, 1, hosts * 2, rounds - 1);
    expect(law.q).toBeCloseTo(4 / 9, 12);
    expect(r.repeats).toBe(hosts * 2 * (rounds - 1));
    expect(Math.abs(r.redownloadShare! - law.q)).toBeLessThan(4 * law.se);
    expect(r.extraBytes).toBe(r.redownloads * 3000);
    expect(r.bytes - r.consistentBytes).toBe(r.extraBytes);
    // The skewed server sends a 200 to every repeat it answers whose copy came from elsewhere, and vice versa.
    const byServer = Object.fromEntries(r.servers.map((sv) => [sv.address, sv]));
    expect(byServer["10.0.0.2"]!.redownloads).toBeGreaterThan(byServer["10.0.0.1"]!.redownloads);
  });

  it("two skewed servers of three disagree with each other too: 1 − (1 + 2)/9 = 2/3", async () => {
    const hosts = 400;
    const s = traceScenario({ selection: "random", content: { skewed: ["10.0.0.2", "10.0.0.3"] } });
    const r = (await replay(s, repeatedFetches(hosts, 2, 6))).content!;
    const law = redownloadLaw(3, 2, hosts * 2, 5);
    expect(law.q).toBeCloseTo(2 / 3, 12);
    expect(Math.abs(r.redownloadShare! - law.q)).toBeLessThan(4 * law.se);
  });

  it("frozen caches with the TTL longer than the trace: one server per client, so no re-download even when skewed", async () => {
    const s = traceScenario({ selection: "first", content: { skewed: ["10.0.0.2"] } });
    const r = (await replay(s, repeatedFetches(30, 3, 4))).content!;
    expect(r.redownloads).toBe(0);
    expect(r.notModified).toBe(r.repeats);
  });

  it("consistentBytes is exactly what the same requests cost with identical timestamps (no second run needed)", async () => {
    // 60 hosts, 20 requests each a minute apart, paths drawn from 8 (an LCG), with 4-entry caches: evictions and repeats.
    let x = 7;
    const lines: string[] = [];
    for (let k = 0; k < 20; k++)
      for (let h = 0; h < 60; h++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        lines.push(
          clf(`10.3.0.${h}`, T0 + k * 60 + h * 0.1, `/r${(x >> 16) % 8}`, 1000 + ((x >> 16) % 8)),
        );
      }
    const s = traceScenario({
      behaviour: "rotate",
      selection: "failover",
      content: { skewed: ["10.0.0.1"], browserCache: 3 },
    });
    const skewed = (await replay(s, lines)).content!;
    const central = (await replay({ ...s, content: { ...s.content!, skewed: [] } }, lines))
      .content!;
    expect(skewed.redownloads).toBeGreaterThan(0);
    expect(central.bytes).toBe(skewed.consistentBytes);
    expect(central.firstFetches).toBe(skewed.firstFetches);
    expect(skewed.firstFetches).toBeGreaterThan(60 * 4); // evictions refetch
  });

  it("a path's size is the largest bytes logged for it (a 304 logs none)", async () => {
    const lines = [
      clf("h", T0, "/big", 0),
      clf("h2", T0 + 1, "/big", 7000),
      clf("h3", T0 + 2, "/big", 10),
    ];
    const r = (await replay(traceScenario({ content: {} }), lines)).content!;
    expect([r.objects, r.firstFetches, r.bytes]).toEqual([1, 3, 21000]);
  });

  it("conservation: first fetches + 200 re-downloads + 304s = requests served, per server and in all", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 4 }),
            fc.integer({ min: 0, max: 5000 }),
            fc.integer({ min: 0, max: 6 }),
          ),
          { minLength: 1, maxLength: 80 },
        ),
        fc.subarray(["10.0.0.1", "10.0.0.2", "10.0.0.3"]),
        fc.integer({ min: 1, max: 4 }),
        async (requests, skewed, browserCache) => {
          const sorted = [...requests].sort((a, b) => a[1] - b[1]);
          const lines = sorted.map(([h, t, p]) => clf(`h${h}`, T0 + t, `/p${p}`, 100 + p));
          const s = traceScenario({
            behaviour: "rotate",
            content: { skewed, browserCache },
            thinkTime: 30,
          });
          const r = await replay(s, lines);
          const c = r.content!;
          expect(c.firstFetches + c.redownloads + c.notModified).toBe(r.totals.served);
          c.servers.forEach((sv, i) => {
            expect(sv.ok + sv.notModified).toBe(r.servers[i]!.served);
          });
          expect(c.bytes - c.consistentBytes).toBe(c.extraBytes);
          if (skewed.length === 0) expect(c.redownloads).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("browser cache and synthetic objects", () => {
  it("with no log line, objects are drawn by Zipf popularity from their own stream", () => {
    const streams = new RandomStreams(7);
    const catalog = new Catalog(50, 2000, 1, streams.stream("content-sizes"));
    const stats = new ContentStats(2);
    const model = new ContentModel({
      clients: 1,
      entries: 50,
      versions: Int32Array.of(0, 0),
      stats,
      traceObjects: undefined,
      catalog,
      objectRng: streams.stream("content-objects"),
    });
    const draws = 20000;
    for (let i = 0; i < draws; i++) model.served(0, i % 2, -1, true);
    const r = stats.result(["a", "b"], [], catalog.count, 50);
    // With all 50 objects cached, the first fetches are the distinct objects drawn; consistent: no re-download.
    expect(r.redownloads).toBe(0);
    expect(r.firstFetches).toBeLessThanOrEqual(50);
    expect(r.requests).toBe(draws);
    // The top object's share of the catalogue's draws matches its Zipf weight within 4 binomial standard errors.
    const rng = new RandomStreams(8).stream("content-objects");
    let top = 0;
    for (let i = 0; i < draws; i++) if (catalog.draw(rng) === 0) top++;
    const w = zipfWeights(50, 1)[0]!;
    expect(Math.abs(top / draws - w)).toBeLessThan(4 * Math.sqrt((w * (1 - w)) / draws));
  });
});
