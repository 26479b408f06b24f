import { describe, expect, it } from "vitest";
import { TtlDraw } from "../../../src/model/ttl-draw.js";
import type { ScenarioInput } from "../../../src/scenario/index.js";
import { run, total } from "../../helpers.js";
import { fetchTimes, four, probe } from "./timing-probe.js";

// Fidelity in time (issue 11 §2-4): lookups take time, presets timed like the
// real daemons, TTLs drawn per fetch, periodic arrivals.

describe("the rest of the closed forms (issue 11 §4)", () => {
  it("TTL per fetch from a distribution: the hit ratio depends only on its mean (λ = 0.1, E[T] = 30 → 0.750)", () => {
    const uniform = (duration: number, ttl: ScenarioInput["dns"]["ttl"]) =>
      run({
        duration,
        servers: four,
        dns: { ttl, order: "cyclic" },
        resolvers: { count: 1, behaviour: "rotate" },
        clients: { rate: 0.1 },
      });
    const r = uniform(400_000, { uniform: [15, 45] });
    // Regenerative cycles (fetch + its hits): C ≈ n/(1+λE[T]) of them, hits per
    // cycle of variance λE[T] + λ²Var(T) = 3 + 0.75; by the delta method
    // SE(H) = sqrt(3.75 / C) / (1 + λE[T])².
    const n = r.dns.resolverLookups;
    const cycles = n / 4;
    const se = Math.sqrt(3.75 / cycles) / 16;
    expect(Math.abs(r.dns.resolverHitRatio - 0.75)).toBeLessThan(4 * se);
    // Its neighbours: one TTL at either end of the range gives 0.6 and 0.818.
    expect(Math.abs(uniform(40_000, 15).dns.resolverHitRatio - 0.6)).toBeLessThan(0.02);
    expect(4 * se).toBeLessThan(0.01);
  });

  it("a TTL distribution is drawn per fetch: refetch intervals vary within its range", () => {
    const times = fetchTimes(
      probe("rotate", { uniform: [15, 45] }, { duration: 2000, window: 0.5 }),
    );
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(15);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(45.5);
    expect(new Set(gaps).size).toBeGreaterThan(10);
  });

  it("a constant TTL draws nothing from the TTL stream", () => {
    let draws = 0;
    const constant = new TtlDraw(60, () => {
      draws++;
      return 0.5;
    });
    for (let i = 0; i < 10; i++) constant.next();
    expect(draws).toBe(0);
    expect(total([constant.next()])).toBe(60);
  });
});
