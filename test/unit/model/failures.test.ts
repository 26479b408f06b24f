import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import type { Results } from "../../../src/metrics/index.js";
import { mergeOutages } from "../../../src/model/failures.js";
import type { ScenarioInput } from "../../../src/scenario/index.js";
import { relativeError, run } from "../../helpers.js";

const four = [1, 2, 3, 4].map((i) => ({ address: `10.0.0.${i}` }));

/** Time (s) of the last bin with a failed attempt at `address`, or -1. */
function lastFailedAttempt(r: Results, address: string): number {
  const i = r.servers.findIndex((s) => s.address === address);
  const series = r.timeseries.failedAttemptsByServer[i]!;
  for (let b = series.length - 1; b >= 0; b--)
    if (series[b]! > 0) return r.timeseries.start[b]! + r.timeseries.binSeconds;
  return -1;
}

describe("server failures", () => {
  const outage = (
    mode: "blackhole" | "refused",
    selection: "first" | "failover",
  ): Partial<ScenarioInput> => ({
    duration: 3600,
    servers: four,
    dns: { ttl: 60, order: "cyclic" },
    resolvers: { count: 200, skew: 1, behaviour: "rotate" },
    clients: { rate: 100, selection, connectTimeout: 21 },
    failures: [{ server: "10.0.0.2", at: 1200, duration: 600, mode }],
  });

  it("rotating resolvers, first clients, one of N down for d s at rate λ: about λ·d/N failed visits", () => {
    const r = run(outage("blackhole", "first"));
    const expected = (100 * 600) / 4;
    expect(relativeError(r.totals.failedVisits, expected)).toBeLessThan(0.04);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]!.failedVisits).toBe(r.totals.failedVisits);
    expect(r.servers[1]!.served).toBeGreaterThan(0);
  });

  it("failover clients: no failed visit; blackhole costs one connect timeout for about 1/N of the outage's visits", () => {
    const r = run(outage("blackhole", "failover"));
    expect(r.totals.failedVisits).toBe(0);
    expect(relativeError(r.delay.delayedVisits, (100 * 600) / 4)).toBeLessThan(0.04);
    expect(r.delay.meanDelayedSeconds).toBeCloseTo(21, 6);
    expect(r.delay.maxSeconds).toBe(21);
  });

  it("failover clients against a refused port: no failed visit and no added delay", () => {
    const r = run(outage("refused", "failover"));
    expect(r.totals.failedVisits).toBe(0);
    expect(r.totals.failedAttempts).toBeGreaterThan(0);
    expect(r.delay.meanSeconds).toBe(0);
  });

  it("a dead address under plain round robin never drains; sticky visits broken mid-visit fail with first clients", () => {
    const r = run({
      ...outage("refused", "first"),
      clients: { rate: 50, selection: "first", requestsPerVisit: 10, requestInterval: 30 },
    });
    expect(r.failures[0]!.drainSeconds).toBeNull();
    // Visits that started before the outage and ran into it fail too, so more than λ·d/N visits fail.
    expect(r.totals.failedVisits).toBeGreaterThan((50 * 600) / 4);
  });

  it("health-checked DNS: failures stop within detection delay + TTL (+ the violators' extra time)", () => {
    const interval = 10;
    const failures = 3;
    const ttl = 60;
    const extra = 120;
    const r = run({
      duration: 3600,
      window: 1,
      servers: four,
      dns: { ttl, order: "cyclic", healthCheck: { interval, failures } },
      resolvers: { count: 300, skew: 1, behaviour: "frozen", violators: { share: 0.1, extra } },
      clients: { rate: 100, selection: "first" },
      failures: [{ server: "10.0.0.3", at: 1000, duration: 2000 }],
    });
    const f = r.failures[0]!;
    expect(f.withdrawnAt).not.toBeNull();
    expect(f.withdrawnAt! - 1000).toBeLessThanOrEqual(interval * failures);
    const last = lastFailedAttempt(r, "10.0.0.3");
    expect(last).toBeGreaterThan(1000);
    expect(last).toBeLessThanOrEqual(1000 + interval * failures + ttl + extra + 1);
    // Without violators it stops within detection + TTL.
    const honest = run({
      duration: 3600,
      window: 1,
      servers: four,
      dns: { ttl, order: "cyclic", healthCheck: { interval, failures } },
      resolvers: { count: 300, skew: 1, behaviour: "frozen" },
      clients: { rate: 100, selection: "first" },
      failures: [{ server: "10.0.0.3", at: 1000, duration: 2000 }],
    });
    expect(lastFailedAttempt(honest, "10.0.0.3")).toBeLessThanOrEqual(
      1000 + interval * failures + ttl + 1,
    );
    expect(honest.failures[0]!.drainSeconds!).toBeLessThanOrEqual(interval * failures + ttl + 1);
    expect(honest.failures[0]!.drainFromWithdrawalSeconds!).toBeLessThanOrEqual(ttl + 1);
  });

  it("CNAME round robin with failover clients still fails during the outage; A records with the same clients do not", () => {
    const common: Partial<ScenarioInput> = {
      duration: 2400,
      servers: four,
      resolvers: { count: 400, skew: 0, behaviour: "rotate" },
      clients: { rate: 50, selection: "failover", connectTimeout: 21 },
      failures: [{ server: "10.0.0.1", at: 600, duration: 1200 }],
    };
    const cname = run({ ...common, dns: { ttl: 60, order: "cname" } });
    const a = run({ ...common, dns: { ttl: 60, order: "cyclic" } });
    // Each resolver holds one address per TTL epoch, dead with probability 1/N:
    // about λ·d/N visits fail. SE: Poisson noise plus the resolvers' epoch
    // noise, (λd)²·(1/N)(1-1/N)·Σw²/epochs (domain.md's frozen-cache sd; the
    // cyclic CNAME rotation only lowers it).
    const n = 4;
    const expected = (50 * 1200) / n;
    const epochs = 1200 / 60;
    const sumSquares = 1 / 400;
    const se = Math.sqrt(
      expected + (50 * 1200) ** 2 * (1 / n) * (1 - 1 / n) * (sumSquares / epochs),
    );
    expect(Math.abs(cname.totals.failedVisits - expected)).toBeLessThan(4 * se);
    expect(a.totals.failedVisits).toBe(0);
  });

  it("one-week TTL with frozen resolvers keeps sending visits to a dead server for up to a week; 60 s TTL stops within about a minute of withdrawal", () => {
    const week = 7 * 86400;
    const common = (ttl: number): Partial<ScenarioInput> => ({
      duration: 9 * 86400,
      window: 600,
      servers: four,
      dns: { ttl, order: "cyclic", healthCheck: { interval: 10, failures: 3 } },
      resolvers: { count: 1000, skew: 1, behaviour: "frozen" },
      clients: { rate: 2, selection: "first" },
      failures: [{ server: "10.0.0.4", at: 3600, duration: 8 * 86400 }],
    });
    const long = run(common(week));
    const lastLong = lastFailedAttempt(long, "10.0.0.4");
    expect(lastLong).toBeGreaterThan(3600 + 5 * 86400);
    expect(lastLong).toBeLessThanOrEqual(3600 + 30 + week + 600);
    const short = run({ ...common(60), window: 10 });
    const f = short.failures[0]!;
    expect(lastFailedAttempt(short, "10.0.0.4")).toBeLessThanOrEqual(f.withdrawnAt! + 60 + 10);
  });

  it("withdrawal closed form: first clients fail with probability (1/N)·λ(T−t)/(1+λT) at t after withdrawal", () => {
    // One resolver of Poisson rate λ and TTL T; the address is withdrawn the instant it dies.
    // Its fetches are nearly periodic (T + Exp(1/λ)), so the closed form (a stationary
    // average) is checked over failure times spread across a whole fetch cycle.
    const lambda = 1;
    const ttl = 60;
    const n = 2;
    let early = 0;
    let late = 0;
    let after = 0;
    const seeds = 305;
    for (let seed = 1; seed <= seeds; seed++) {
      const at = 900 + ((seed * 37) % 61);
      const r = run(
        {
          duration: 1100,
          window: 1,
          servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }],
          dns: { ttl, order: "cyclic", healthCheck: { interval: 0.001, failures: 1 } },
          resolvers: { count: 1, behaviour: "rotate" },
          clients: { rate: lambda, selection: "first" },
          failures: [{ server: "10.0.0.2", at, duration: 150, mode: "refused" }],
        },
        seed,
      );
      const failed = r.timeseries.failedVisits;
      for (let t = 0; t < 90; t++) {
        const x = failed[at + t]!;
        if (t < 30) early += x;
        else if (t < 60) late += x;
        else after += x;
      }
    }
    // ∫ (1/N)·λ(T−t)/(1+λT) · λ dt over [0, 30) and [30, 60).
    const integral = (a: number, b: number) =>
      ((1 / n) * lambda * lambda * (ttl * (b - a) - (b * b - a * a) / 2)) / (1 + lambda * ttl);
    expect(relativeError(early / seeds, integral(0, 30))).toBeLessThan(0.12);
    expect(relativeError(late / seeds, integral(30, 60))).toBeLessThan(0.2);
    expect(after).toBe(0);
  });

  it("IP takeover: the dead address is served by another host after the delay", () => {
    const r = run({
      ...outage("refused", "first"),
      takeover: { delay: 30 },
    });
    const expectedFailed = (100 * 30) / 4;
    expect(relativeError(r.totals.failedVisits, expectedFailed)).toBeLessThan(0.2);
    // The next server in the list carried the dead address's load.
    expect(r.servers[2]!.load).toBeGreaterThan(r.servers[2]!.served + 10000);
    expect(r.failures[0]!.takenOverAt).toBe(1230);
  });

  it("random failures: exponential repair times of mean MTTR and up times of mean MTBF, per server (within 4 SE)", () => {
    const mtbf = 5000;
    const mttr = 300;
    const duration = 1_000_000;
    const r = run({
      duration,
      window: 1000,
      servers: four,
      failures: [{ server: "all", mtbf, mttr }],
      clients: { rate: 0.01 },
    });
    const outages = r.failures;
    const repairs = outages.map((f) => f.end - f.start);
    // Exponential: sd = mean, so the mean of k repairs has SE mttr/√k.
    expect(Math.abs(ss.mean(repairs) - mttr)).toBeLessThan((4 * mttr) / Math.sqrt(repairs.length));
    // Renewal count per server over D: mean D/(mtbf+mttr), variance D(mtbf²+mttr²)/(mtbf+mttr)³.
    const cycle = mtbf + mttr;
    const expectedCount = (four.length * duration) / cycle;
    const countSE = Math.sqrt((four.length * duration * (mtbf ** 2 + mttr ** 2)) / cycle ** 3);
    expect(Math.abs(outages.length - expectedCount)).toBeLessThan(4 * countSE);
    for (const sv of four) {
      const own = outages.filter((f) => f.server === sv.address);
      expect(own.length, sv.address).toBeGreaterThan(expectedCount / 4 - 4 * countSE);
      const ups = own.slice(1).map((f, i) => f.start - own[i]!.end);
      expect(Math.abs(ss.mean(ups) - mtbf)).toBeLessThan((4 * mtbf) / Math.sqrt(ups.length));
    }
  });
});

describe("accounting at the edges", () => {
  it("requests that run past the horizon count in the totals but not in the last bin", () => {
    const r = run({
      duration: 600,
      servers: four,
      clients: { rate: 10, requestsPerVisit: 10, requestInterval: 30 },
    });
    const perBin = r.timeseries.servedByServer.map((s) => s.slice(1, -1));
    const typical = Math.max(...perBin.flat());
    const last = Math.max(...r.timeseries.servedByServer.map((s) => s[s.length - 1]!));
    expect(last).toBeLessThanOrEqual(typical * 1.3);
    expect(r.timeseries.afterHorizon.served).toBeGreaterThan(0);
    for (const s of r.servers) expect(s.peakPerSecond).toBeLessThan(((10 * 10) / 4) * 1.5);
  });

  it("delay figures stay exact for visits that pay many connect timeouts", () => {
    const r = run({
      duration: 1200,
      servers: four,
      clients: { rate: 5, requestsPerVisit: 100, requestInterval: 0, connectTimeout: 21 },
      failures: [{ server: "10.0.0.2", at: 0, duration: 5000 }],
    });
    // Every visit whose first address is dead pays one timeout per request.
    expect(r.delay.maxSeconds).toBe(100 * 21);
    const expectedMean = (r.totals.failedAttempts * 21) / r.totals.visits;
    expect(r.delay.meanSeconds).toBeCloseTo(expectedMean, 6);
  });

  it("under IP takeover, peak load and balance follow the host that carries the traffic", () => {
    const r = run({
      duration: 1200,
      servers: [1, 2, 3].map((i) => ({ address: `10.0.0.${i}`, capacity: 100 })),
      resolvers: { count: 100, behaviour: "rotate" },
      clients: { rate: 90 },
      failures: [{ server: "10.0.0.1", at: 0, duration: 1200, mode: "refused" }],
      takeover: { delay: 0 },
    });
    // 10.0.0.2 carries its own third and the dead 10.0.0.1's third.
    expect(r.servers[1]!.peakPerSecond).toBeGreaterThan(50);
    expect(r.servers[0]!.peakPerSecond).toBe(0);
    expect(r.balance.maxOverMean!).toBeGreaterThan(1.8);
  });
});

describe("authoritative outage", () => {
  const input = (
    behaviour: "unbound" | "unbound-serve-expired" | "pdns-recursor" | "rotate",
  ): Partial<ScenarioInput> => ({
    duration: 2400,
    servers: four,
    dns: { ttl: 60, order: "cyclic", outages: [{ at: 600, duration: 900 }] },
    resolvers: { count: 50, skew: 1, behaviour },
    clients: { rate: 20 },
  });

  it("serve-stale resolvers keep resolving through an authoritative outage", () => {
    const r = run(input("unbound-serve-expired"));
    expect(r.totals.unresolvedVisits).toBe(0);
    expect(r.dns.staleAnswers).toBeGreaterThan(1000);
  });

  it("others answer from cache until expiry, then leave visits unresolved", () => {
    const unbound = run(input("rotate"));
    expect(unbound.totals.unresolvedVisits).toBeGreaterThan(0.5 * 20 * 900);
    expect(unbound.dns.noAnswerVisits).toBe(unbound.totals.unresolvedVisits);
    const pdns = run(input("pdns-recursor"));
    expect(pdns.dns.servfailVisits).toBe(pdns.totals.unresolvedVisits);
    expect(pdns.totals.unresolvedVisits).toBeGreaterThan(0);
    // Nothing is unresolved outside the outage (+ one TTL of cached answers at its
    // start; the abstract behaviours recover at once).
    const ts = unbound.timeseries;
    ts.unresolvedVisits.forEach((u, b) => {
      const t = ts.start[b]!;
      if (t + ts.binSeconds <= 600 || t >= 1500) expect(u).toBe(0);
    });
  });

  it("a scenario-wide serveStale setting makes every resolver serve stale", () => {
    const r = run({
      ...input("rotate"),
      resolvers: { count: 50, behaviour: "rotate", serveStale: { ttl: 30, max: 86400 } },
    });
    expect(r.totals.unresolvedVisits).toBe(0);
  });
});

describe("overlapping outages of different modes", () => {
  // Issue 10, item 4: a 100 s refused outage at t=100 overlapping a 600 s
  // blackhole outage at t=150 on one server.
  const input = (failures: ScenarioInput["failures"]): Partial<ScenarioInput> => ({
    duration: 1200,
    window: 1,
    servers: four,
    resolvers: { count: 100, behaviour: "rotate" },
    clients: { rate: 50, selection: "failover", connectTimeout: 21 },
    failures,
  });
  const refused = { server: "10.0.0.2", at: 100, duration: 100, mode: "refused" as const };
  const blackhole = { server: "10.0.0.2", at: 150, duration: 600, mode: "blackhole" as const };

  it("keep the mode per sub-interval, blackhole winning where both hold: the delayed visits are the blackhole's", () => {
    const both = run(input([refused, blackhole]));
    const blackholeOnly = run(input([blackhole]));
    const refusedOnly = run(input([refused]));
    expect(blackholeOnly.delay.delayedVisits).toBeGreaterThan(5000);
    // Arrivals and answers do not depend on the failures, so the same visits meet the blackhole.
    expect(both.delay.delayedVisits).toBe(blackholeOnly.delay.delayedVisits);
    // The refused stretch [100, 150) adds its failed attempts, and no delay.
    const refusedBefore = refusedOnly.timeseries.failedAttemptsByServer[1]!.slice(100, 150).reduce(
      (a, b) => a + b,
      0,
    );
    expect(refusedBefore).toBeGreaterThan(0);
    expect(both.totals.failedAttempts).toBe(blackholeOnly.totals.failedAttempts + refusedBefore);
  });

  it("are reported as one outage over the union, with the worst mode", () => {
    const r = run(input([refused, blackhole]));
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ start: 100, end: 750, mode: "blackhole" });
    expect(r.failures[0]!.failedAttempts).toBe(r.totals.failedAttempts);
  });

  it("split into segments by the mode that holds (unit)", () => {
    const seg = (start: number, end: number, mode: "blackhole" | "refused") => ({
      start,
      end,
      mode,
    });
    expect(mergeOutages([seg(100, 200, "refused"), seg(150, 750, "blackhole")])).toEqual([
      { start: 100, end: 750, segments: [seg(100, 150, "refused"), seg(150, 750, "blackhole")] },
    ]);
    // Refused inside blackhole changes nothing; blackhole inside refused cuts it in three.
    expect(mergeOutages([seg(0, 100, "blackhole"), seg(20, 50, "refused")])[0]!.segments).toEqual([
      seg(0, 100, "blackhole"),
    ]);
    expect(mergeOutages([seg(0, 100, "refused"), seg(20, 50, "blackhole")])[0]!.segments).toEqual([
      seg(0, 20, "refused"),
      seg(20, 50, "blackhole"),
      seg(50, 100, "refused"),
    ]);
    // Touching outages merge (the server never comes back); disjoint ones stay apart.
    expect(
      mergeOutages([seg(0, 10, "refused"), seg(10, 20, "refused"), seg(30, 40, "blackhole")]),
    ).toEqual([
      { start: 0, end: 20, segments: [seg(0, 20, "refused")] },
      { start: 30, end: 40, segments: [seg(30, 40, "blackhole")] },
    ]);
  });
});
