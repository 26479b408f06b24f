import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AutoscaleRule, Autoscaler } from "../../../../src/model/connections/autoscaler.js";

/** target 50 %, 2-10 servers, HPA tolerance, a 15 s sync and a 60 s scale-down window. */
const RULE: AutoscaleRule = {
  target: 0.5,
  min: 2,
  max: 10,
  tolerance: 0.1,
  interval: 15,
  upCooldown: 0,
  downStabilization: 60,
};

describe("the autoscaling rule against hand-computed HPA decisions", () => {
  it("desired = ceil(current × utilisation / target), nothing within the tolerance band", () => {
    const a = new Autoscaler(RULE);
    // 0.54 / 0.5 = 1.08 and 0.46 / 0.5 = 0.92: within ±0.1, no change.
    expect(a.recommend(4, 0.54)).toBe(4);
    expect(a.recommend(4, 0.46)).toBe(4);
    // 0.56 / 0.5 = 1.12: ceil(4 × 1.12) = ceil(4.48) = 5.
    expect(a.recommend(4, 0.56)).toBe(5);
    // 0.3 / 0.5 = 0.6: ceil(2.4) = 3; 0.44 / 0.5 = 0.88: ceil(3.52) = 4 (outside the band, still 4).
    expect(a.recommend(4, 0.3)).toBe(3);
    expect(a.recommend(4, 0.44)).toBe(4);
    // Exactly on the product: 4 × 0.75 / 0.5 = 6, not 7.
    expect(a.recommend(4, 0.75)).toBe(6);
    expect(a.recommend(6, 0.5 * (1 + 1e-12))).toBe(6);
  });

  it("clamps to [min, max]", () => {
    const a = new Autoscaler(RULE);
    expect(a.recommend(4, 2)).toBe(10); // ceil(16) above max
    expect(a.recommend(4, 0.05)).toBe(2); // ceil(0.4) = 1 below min
    expect(a.recommend(4, 0)).toBe(2);
  });

  it("scales up at once, scales down only to the highest recommendation of the window", () => {
    const a = new Autoscaler(RULE);
    expect(a.decide(15, 4, 1.0)).toBe(8); // up at once: ceil(4 × 2)
    const b = new Autoscaler(RULE);
    expect(b.decide(15, 4, 0.5)).toBe(4); // recommendation 4
    // From 30 s the recommendation is ceil(4 × 0.5) = 2, but 4 (at 15 s) is in the 60 s window.
    expect(b.decide(30, 4, 0.25)).toBe(4);
    expect(b.decide(45, 4, 0.25)).toBe(4);
    expect(b.decide(60, 4, 0.25)).toBe(4);
    // At 75 s the window is (15, 75]: only 2s left.
    expect(b.decide(75, 4, 0.25)).toBe(2);
  });

  it("a dip shorter than the window removes nothing; the stabilized value is the window's highest, not the latest", () => {
    const a = new Autoscaler(RULE);
    expect(a.decide(15, 6, 0.5)).toBe(6);
    expect(a.decide(30, 6, 0.2)).toBe(6); // recommendation ceil(2.4) = 3
    expect(a.decide(45, 6, 0.3)).toBe(6); // recommendation ceil(3.6) = 4
    expect(a.decide(60, 6, 0.2)).toBe(6); // 3
    // (15, 75]: recommendations 3, 4, 3, 3: down to 4, the highest, not to 3.
    expect(a.decide(75, 6, 0.2)).toBe(4);
  });

  it("the up cooldown holds a second scale-up back, and only that", () => {
    const a = new Autoscaler({ ...RULE, upCooldown: 60 });
    expect(a.decide(15, 4, 1.0)).toBe(8);
    expect(a.decide(30, 8, 1.0)).toBe(8); // wants 10, 15 s after the last event
    expect(a.decide(60, 8, 1.0)).toBe(8);
    expect(a.decide(75, 8, 1.0)).toBe(10); // 60 s after it
    // Without a cooldown the second step is taken at once.
    const b = new Autoscaler(RULE);
    b.decide(15, 4, 1.0);
    expect(b.decide(30, 8, 1.0)).toBe(10);
  });

  it("a pool outside [min, max] is brought inside at the first evaluation", () => {
    const a = new Autoscaler(RULE);
    expect(a.decide(15, 12, 0.5)).toBe(10);
    expect(new Autoscaler(RULE).decide(15, 1, 0.5)).toBe(2);
    // Below min inside an up cooldown: the cooldown holds back the scale-up, not the clamp.
    const held = new Autoscaler({ ...RULE, upCooldown: 60 });
    expect(held.decide(15, 2, 1.0)).toBe(4);
    expect(held.decide(30, 1, 0.5)).toBe(2);
  });

  it("the ring of recommendations decides as a plain list of every recommendation would", () => {
    // Reference: keep every (t, recommendation); same rule written without the ring.
    const reference = (rule: AutoscaleRule, utils: number[], start: number): number[] => {
      const recs: { t: number; r: number }[] = [];
      let n = start;
      let last = Number.NEGATIVE_INFINITY;
      const out: number[] = [];
      utils.forEach((u, k) => {
        const t = (k + 1) * rule.interval;
        const ratio = u / rule.target;
        let r = Math.abs(ratio - 1) <= rule.tolerance ? n : Math.ceil(n * ratio - 1e-9);
        r = Math.min(rule.max, Math.max(rule.min, r));
        recs.push({ t, r });
        let next = n;
        if (r > n) {
          if (t - last >= rule.upCooldown) next = r;
        } else {
          const inWindow = recs.filter((x) => x.t > t - rule.downStabilization).map((x) => x.r);
          const stable = Math.max(r, ...inWindow);
          if (stable < n) next = stable;
        }
        if (next !== n) last = t;
        n = next;
        out.push(n);
      });
      return out;
    };
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1.5, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 2, max: 10 }),
        (utils, windowSteps, cooldownSteps, start) => {
          const rule = {
            ...RULE,
            downStabilization: windowSteps * 15 + 7,
            upCooldown: cooldownSteps * 15,
          };
          const a = new Autoscaler(rule);
          let n = start;
          const got = utils.map((u, k) => {
            n = a.decide((k + 1) * 15, n, u);
            expect(n).toBeGreaterThanOrEqual(rule.min);
            expect(n).toBeLessThanOrEqual(rule.max);
            return n;
          });
          expect(got).toEqual(reference(rule, utils, start));
        },
      ),
      { numRuns: 300, seed: 29 },
    );
  });
});
