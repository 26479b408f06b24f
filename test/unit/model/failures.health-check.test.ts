import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../src/engine/index.js";
import type { Results } from "../../../src/metrics/index.js";
import { planFailures } from "../../../src/model/failures.js";
import { type ScenarioInput, scenarioSchema } from "../../../src/scenario/index.js";
import { run } from "../../helpers.js";

/**
 * Health-checked DNS (src/model/failures.ts): each server is checked every I
 * seconds on a phase of its own; the address is withdrawn at the F-th
 * consecutive failed check and published again at the R-th good one. A check
 * at the instant the server fails sees it down, one at the instant it is
 * back sees it up. So the withdrawal falls in [(F−1)·I, F·I) after the
 * failure and the restoration in [(R−1)·I, R·I) after the repair, and an
 * outage is withdrawn only when the F-th check comes before it ends.
 *
 * I is a power of two and the times are dyadic, so every check time is exact
 * in floating point and the test can put failures exactly on a check.
 */

const I = 8;
const F = 3;
const R = 2;
const SEED = 7;
/** One dyadic step, far below the interval. */
const EPS = 2 ** -10;

type Failure = { at: number; duration: number };

function scenario(failures: readonly Failure[], extra: Partial<ScenarioInput> = {}) {
  return scenarioSchema.parse({
    name: "hc",
    duration: 40_000,
    seed: SEED,
    servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }],
    dns: { ttl: 0, order: "cyclic", healthCheck: { interval: I, failures: F, recoveries: R } },
    clients: { rate: 1 },
    failures: failures.map((f) => ({ server: "10.0.0.1", mode: "refused", ...f })),
    ...extra,
  });
}

const plan = (failures: readonly Failure[]) => {
  const s = scenario(failures);
  return planFailures(s, new RandomStreams(SEED), s.duration).outages;
};

/** The check grid of server 0 under SEED: its phase, read off one withdrawal. */
function phase(): number {
  const w = plan([{ at: 1000, duration: 500 }])[0]!.withdrawnAt;
  const p = w % I;
  expect(p).toBeGreaterThanOrEqual(0);
  // All checks lie on p + k·I exactly (dyadic arithmetic).
  expect((w - p) % I).toBe(0);
  return p;
}

/** The first check time ≥ t on the grid p + k·I. */
const nextCheck = (p: number, t: number) => p + Math.ceil((t - p) / I) * I;

describe("health-checked DNS: withdrawal after F failed checks, restoration after R good ones", () => {
  it("falls in [(F−1)·I, F·I) after the failure and [(R−1)·I, R·I) after the repair, at every phase offset", () => {
    const p = phase();
    // Failures and repairs at every offset from a check: on it, just after, halfway, just before the next.
    const offsets = [0, EPS, I / 2, I - EPS];
    const failures: Failure[] = [];
    for (const [i, a] of offsets.entries())
      for (const [j, b] of offsets.entries()) {
        const at = p + (100 + 20 * (i * offsets.length + j)) * I + a;
        const end = nextCheck(p, at) + 5 * I + b;
        failures.push({ at, duration: end - at });
      }
    const outages = plan(failures);
    expect(outages).toHaveLength(failures.length);
    for (const o of outages) {
      const withdrawal = o.withdrawnAt - o.start;
      const restoration = o.restoredAt - o.end;
      expect(withdrawal).toBeGreaterThanOrEqual((F - 1) * I);
      expect(withdrawal).toBeLessThan(F * I);
      expect(restoration).toBeGreaterThanOrEqual((R - 1) * I);
      expect(restoration).toBeLessThan(R * I);
      // Exactly: the F-th check from the failure's instant on, the R-th from the repair's.
      expect(o.withdrawnAt).toBe(nextCheck(p, o.start) + (F - 1) * I);
      expect(o.restoredAt).toBe(nextCheck(p, o.end) + (R - 1) * I);
    }
    // A failure on a check is seen by that check: the lower bounds are reached.
    const onCheck = outages.filter((o) => o.start === nextCheck(p, o.start));
    expect(onCheck.map((o) => o.withdrawnAt - o.start)).toEqual([
      (F - 1) * I,
      (F - 1) * I,
      (F - 1) * I,
      (F - 1) * I,
    ]);
    const backOnCheck = outages.filter((o) => o.end === nextCheck(p, o.end));
    expect(backOnCheck.map((o) => o.restoredAt - o.end)).toEqual([
      (R - 1) * I,
      (R - 1) * I,
      (R - 1) * I,
      (R - 1) * I,
    ]);
    // Just after a check: almost a whole interval more.
    const justAfter = outages.find((o) => o.start - nextCheck(p, o.start - I) === EPS)!;
    expect(justAfter.withdrawnAt - justAfter.start).toBe(F * I - EPS);
  });

  it("an outage is withdrawn only if it lasts until the F-th failed check", () => {
    const p = phase();
    const at = p + 200 * I;
    const [ended, lasted] = plan([
      // Back at the instant of the F-th check: that check sees it up.
      { at, duration: (F - 1) * I },
      { at: at + 1000 * I, duration: (F - 1) * I + EPS },
    ]);
    expect(ended!.withdrawnAt).toBe(Number.POSITIVE_INFINITY);
    expect(ended!.restoredAt).toBe(Number.POSITIVE_INFINITY);
    expect(lasted!.withdrawnAt).toBe(lasted!.start + (F - 1) * I);
    expect(lasted!.restoredAt).toBe(nextCheck(p, lasted!.end) + (R - 1) * I);
  });

  it("in a run, clients reach the dead address until the withdrawal and the live one again from the restoration", () => {
    // TTL 0 and no lookup delay: every visit gets the authority's current answer
    // at once, and `first` clients use its first address, so the dead address
    // takes failed attempts exactly while it is published, and once repaired it
    // serves again only when published again.
    const p = phase();
    const at = p + 60 * I + I / 2;
    const duration = 40 * I;
    const r: Results = run({
      name: "hc-run",
      duration: 1000,
      window: 1,
      seed: SEED,
      servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }],
      dns: { ttl: 0, order: "cyclic", healthCheck: { interval: I, failures: F, recoveries: R } },
      resolvers: { count: 50, skew: 0, behaviour: "rotate", authorityRtt: 0 },
      clients: { rate: 200, selection: "first" },
      failures: [{ server: "10.0.0.1", at, duration, mode: "refused" }],
    });
    const f = r.failures[0]!;
    const withdrawnAt = nextCheck(p, at) + (F - 1) * I;
    const restoredAt = nextCheck(p, at + duration) + (R - 1) * I;
    expect(f.withdrawnAt).toBeCloseTo(withdrawnAt, 6);
    expect(f.restoredAt).toBeCloseTo(restoredAt, 6);
    const failed = r.timeseries.failedAttemptsByServer[0]!;
    const served = r.timeseries.servedByServer[0]!;
    const sum = (xs: readonly number[], from: number, to: number) =>
      xs.slice(Math.floor(from), Math.ceil(to)).reduce((a, b) => a + b, 0);
    // Failed attempts in every second from the failure to the withdrawal, none after.
    for (let t = Math.ceil(at); t < Math.floor(withdrawnAt); t++)
      expect(failed[t]).toBeGreaterThan(0);
    expect(sum(failed, Math.ceil(withdrawnAt), failed.length)).toBe(0);
    expect(sum(failed, 0, Math.floor(at))).toBe(0);
    // Repaired but not yet published: nothing served; published again: served every second.
    expect(sum(served, Math.ceil(at), Math.floor(restoredAt))).toBe(0);
    for (let t = Math.ceil(restoredAt); t < Math.ceil(restoredAt) + 20; t++)
      expect(served[t]).toBeGreaterThan(0);
  });
});
