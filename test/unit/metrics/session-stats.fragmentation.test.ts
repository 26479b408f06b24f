import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SessionStats, spacingBin, spacingEdge } from "../../../src/metrics/index.js";
import { clf, replay, T0, traceScenario } from "../model/content-helpers.js";

/** `hosts` hosts, each `visits` single-request visits `spacing` seconds apart (thinkTime 10 s). */
function spacedVisits(hosts: number, visits: number, spacing: number): string[] {
  const lines: string[] = [];
  for (let k = 0; k < visits; k++)
    for (let h = 0; h < hosts; h++)
      lines.push(clf(`10.1.${h >> 8}.${h & 255}`, T0 + k * spacing + h * 0.01));
  return lines;
}

const fragmentation = { sessionGap: 1800 };

describe("session fragmentation", () => {
  it("a rotating resolver per host switches servers on every lookup within the TTL; a frozen one never", async () => {
    const lines = spacedVisits(200, 5, 60);
    const rotate = (await replay(traceScenario({ behaviour: "rotate", fragmentation }), lines))
      .fragmentation!;
    const frozen = (await replay(traceScenario({ behaviour: "frozen", fragmentation }), lines))
      .fragmentation!;
    // 200 sessions of 5 visits: 4 pairs each, all 60 s apart (below the 3600 s TTL).
    for (const f of [rotate, frozen]) {
      expect(f.sessions).toBe(200);
      expect(f.multiVisitSessions).toBe(200);
      expect(f.visitPairs).toBe(800);
      expect(f.spacing.map((b) => b.pairs)).toEqual([800]);
      expect(f.spacing[0]!.fromSeconds).toBeLessThanOrEqual(60);
      expect(f.spacing[0]!.toSeconds).toBeGreaterThan(60);
    }
    // rotate: the cached list turns by one per answer, and selection first takes its head.
    expect(rotate.switchedPairs).toBe(800);
    expect(rotate.fragmented).toBe(200);
    // frozen: the same head until the TTL expires.
    expect(frozen.switchedPairs).toBe(0);
    expect(frozen.fragmented).toBe(0);
  });

  it("frozen caches switch only once visits are spaced past the TTL", async () => {
    const s = traceScenario({
      behaviour: "frozen",
      fragmentation: { sessionGap: 20000 },
      dns: { ttl: 300, order: "cyclic" },
    });
    // 0, 90, 180, 270 s: all within the first answer's 300 s.
    const short = (await replay(s, spacedVisits(100, 4, 90))).fragmentation!;
    const long = (await replay(s, spacedVisits(100, 4, 1000))).fragmentation!;
    expect(short.switchedPairs).toBe(0);
    // Past the TTL every visit refetches from the cyclic authority, whose counter 100 other hosts' queries advance.
    expect(long.switchedPairs).toBeGreaterThan(0);
  });

  it("uniform random selection: a pair switches with probability (n − 1)/n, a k-visit session is fragmented with 1 − n^−(k−1)", async () => {
    const n = 3;
    const k = 3;
    const lines = spacedVisits(3000, k, 60);
    const f = (
      await replay(
        traceScenario({ behaviour: "frozen", selection: "random", fragmentation }),
        lines,
      )
    ).fragmentation!;
    expect(f.visitPairs).toBe(3000 * (k - 1));
    const p = (n - 1) / n;
    // Pairs of one session share a visit: Cov(X1, X2) = P(v1≠v2≠v3) − p² = (n−1)²/n² − p² = 0 for iid uniform v, so binomial.
    const se = Math.sqrt((p * (1 - p)) / f.visitPairs);
    expect(Math.abs(f.switchedShare! - p)).toBeLessThan(4 * se);
    const q = 1 - n ** -(k - 1);
    const seq = Math.sqrt((q * (1 - q)) / f.sessions);
    expect(Math.abs(f.fragmentedShare! - q)).toBeLessThan(4 * seq);
    expect(f.fragmentedShareSE).toBeCloseTo(
      Math.sqrt((f.fragmentedShare! * (1 - f.fragmentedShare!)) / f.sessions),
      12,
    );
  });

  it("a gap of sessionGap or more starts a new session", async () => {
    const lines = spacedVisits(10, 4, 600);
    const joined = (await replay(traceScenario({ fragmentation: { sessionGap: 601 } }), lines))
      .fragmentation!;
    const split = (await replay(traceScenario({ fragmentation: { sessionGap: 600 } }), lines))
      .fragmentation!;
    expect([joined.sessions, joined.visitPairs]).toEqual([10, 30]);
    expect([split.sessions, split.visitPairs, split.multiVisitSessions]).toEqual([40, 0, 0]);
  });

  it("sessionGap and spacings are in trace seconds whatever the speed-up", async () => {
    const lines = spacedVisits(20, 4, 600);
    const at = async (speedup: number) =>
      (
        await replay(
          traceScenario({
            fragmentation: { sessionGap: 601 },
            clients: {
              rate: 0,
              trace: {
                file: "t.log",
                from: String(T0),
                speedup,
                thinkTime: 10,
                resolvers: { rule: "host" },
              },
            },
          }),
          lines,
        )
      ).fragmentation!;
    const [slow, fast] = [await at(1), await at(10)];
    expect([fast.sessions, fast.visitPairs]).toEqual([slow.sessions, slow.visitPairs]);
    expect(fast.spacing.map((b) => b.fromSeconds)).toEqual(slow.spacing.map((b) => b.fromSeconds));
    expect(fast.spacing[0]!.fromSeconds).toBeLessThanOrEqual(600);
    expect(fast.spacing[0]!.toSeconds).toBeGreaterThan(600);
  });

  it("sessions that start in the warm-up are not counted, nor their pairs", async () => {
    // Hosts 0-9 from t = 0, hosts 10-19 from t = 1000; warm-up 500 s.
    const lines = [...spacedVisits(10, 3, 60)];
    for (let k = 0; k < 3; k++)
      for (let h = 10; h < 20; h++) lines.push(clf(`10.9.0.${h}`, T0 + 1000 + k * 60 + h * 0.01));
    const f = (await replay(traceScenario({ warmup: 500, fragmentation }), lines)).fragmentation!;
    expect([f.sessions, f.visitPairs]).toEqual([10, 20]);
  });

  it("conservation: pairs = visits − sessions, bins sum to the pairs, switched ≤ pairs (any trace)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 20000 })), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.constantFrom("rotate", "frozen", "shuffle"),
        async (requests, behaviour) => {
          const sorted = [...requests].sort((a, b) => a[1] - b[1]);
          const lines = sorted.map(([h, t]) => clf(`h${h}`, T0 + t));
          const r = await replay(
            traceScenario({
              behaviour,
              thinkTime: 30,
              fragmentation: { sessionGap: 900 },
              dns: { ttl: 120, order: "cyclic" },
            }),
            lines,
          );
          const f = r.fragmentation!;
          expect(f.visitPairs).toBe(r.totals.visits - f.sessions);
          expect(f.spacing.reduce((a, b) => a + b.pairs, 0)).toBe(f.visitPairs);
          expect(f.spacing.reduce((a, b) => a + b.switched, 0)).toBe(f.switchedPairs);
          expect(f.switchedPairs).toBeLessThanOrEqual(f.visitPairs);
          expect(f.multiVisitFragmented).toBeLessThanOrEqual(f.fragmented);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("spacing bins are four per decade from 1 s", () => {
    expect(spacingBin(0.5)).toBe(0);
    expect(spacingBin(1)).toBe(0);
    expect(spacingBin(1.8)).toBe(1);
    expect(spacingBin(10)).toBe(4);
    expect(spacingBin(1e12)).toBe(27);
    expect(spacingEdge(4)).toBeCloseTo(10, 9);
    const s = new SessionStats();
    s.visitPair(300, true);
    s.visitPair(310, false);
    const r = s.result(1800, 300).spacing;
    expect(r).toHaveLength(1);
    expect([r[0]!.pairs, r[0]!.switched, r[0]!.switchedShare]).toEqual([2, 1, 0.5]);
  });

  it("without fragmentation in the scenario, results have no fragmentation block", async () => {
    const r = await replay(traceScenario({}), spacedVisits(3, 2, 60));
    expect(r.fragmentation).toBeUndefined();
    expect(r.content).toBeUndefined();
  });
});
