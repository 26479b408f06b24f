import { describe, expect, it } from "vitest";
import { zipfWeights } from "../../../../src/engine/index.js";
import {
  classOffsets,
  mapSessionResolvers,
  meanRequestsPerSession,
} from "../../../../src/model/sessions/resolvers.js";
import {
  type Scenario,
  type ScenarioInput,
  scenarioSchema,
} from "../../../../src/scenario/index.js";
import { baseInput } from "../../../helpers.js";

type ClassInput = NonNullable<NonNullable<ScenarioInput["clients"]["sessions"]>["classes"]>[number];

const WEIGHTS = [0.5, 0.3, 0.2];

function klass(name: string, more: Partial<ClassInput>): ClassInput {
  return {
    name,
    clients: 10,
    rate: 1,
    pages: 2,
    thinkTime: { dist: "exponential", mean: 10 },
    ...more,
  };
}

function sessions(classes: ClassInput[]): Scenario {
  return scenarioSchema.parse(
    baseInput({
      resolvers: { count: 3, weights: WEIGHTS, behaviour: "rotate" },
      clients: { rate: 0, sessions: { classes } },
    }),
  );
}

const specOf = (s: Scenario) => s.clients.sessions!;
const sum = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0);

describe("session clients and their resolvers", () => {
  it("classes take consecutive client ranges, in order", () => {
    const s = sessions([
      klass("a", { clients: 7 }),
      klass("b", { clients: 1 }),
      klass("c", { clients: 4 }),
    ]);
    expect(Array.from(classOffsets(specOf(s)))).toEqual([0, 7, 8, 12]);
  });

  it("own classes only: one map for every seed (kept), its shares the duration's", () => {
    const classes = [
      klass("early", {
        clients: 3,
        resolver: "own",
        rate: {
          profile: "steps",
          steps: [
            { at: 0, rate: 1 },
            { at: 100, rate: 0 },
          ],
        },
      }),
      klass("late", {
        clients: 2,
        resolver: "own",
        rate: {
          profile: "steps",
          steps: [
            { at: 0, rate: 0 },
            { at: 100, rate: 1 },
          ],
        },
      }),
    ] as ClassInput[];
    const short = { ...sessions(classes), duration: 100 };
    const long = { ...sessions(classes), duration: 300 };
    const a = mapSessionResolvers(short, specOf(short), 1);
    expect(mapSessionResolvers(short, specOf(short), 2)).toEqual(a);
    expect(Array.from(a.resolverOfHost)).toEqual([0, 1, 2, 3, 4]);
    // Up to 100 s only the early class comes; then the late one twice as long.
    expect(sum(a.shares.subarray(3))).toBe(0);
    const b = mapSessionResolvers(long, specOf(long), 1);
    expect(sum(b.shares.subarray(0, 3))).toBeCloseTo(1 / 3, 12);
    expect(sum(b.shares.subarray(3))).toBeCloseTo(2 / 3, 12);
  });

  it("own: each client its own resolver, in client order, after the shared ones", () => {
    const s = sessions([
      klass("shared", { clients: 5, resolver: "shared" }),
      klass("own", { clients: 4, resolver: "own" }),
    ]);
    const m = mapSessionResolvers(s, specOf(s), 1);
    expect(Array.from(m.resolverOfHost.subarray(5))).toEqual([3, 4, 5, 6]);
    expect(m.resolverCount).toBe(7);
    expect(m.resolverOfHost.subarray(0, 5).every((r) => r >= 0 && r < 3)).toBe(true);
  });

  it("without a shared class the scenario's resolvers take no index", () => {
    const s = sessions([klass("own", { clients: 3 })]);
    const m = mapSessionResolvers(s, specOf(s), 1);
    expect(Array.from(m.resolverOfHost)).toEqual([0, 1, 2]);
    expect(m.resolverCount).toBe(3);
  });

  it("shared: clients drawn onto the resolvers by their weights (within 6 s.e.), the same for a seed", () => {
    const n = 20_000;
    const s = sessions([klass("shared", { clients: n, resolver: "shared" })]);
    const m = mapSessionResolvers(s, specOf(s), 4);
    const counts = [0, 0, 0];
    for (const r of m.resolverOfHost) counts[r]!++;
    counts.forEach((c, r) => {
      const p = WEIGHTS[r]!;
      expect(Math.abs(c / n - p)).toBeLessThan(6 * Math.sqrt((p * (1 - p)) / n));
    });
    expect(mapSessionResolvers(s, specOf(s), 4).resolverOfHost).toEqual(m.resolverOfHost);
    expect(mapSessionResolvers(s, specOf(s), 5).resolverOfHost).not.toEqual(m.resolverOfHost);
  });

  it("shares: each client's expected requests (rate × sessions per visit × requests per session × its Zipf weight), summing to 1", () => {
    const a = klass("a", { clients: 3, skew: 1, rate: 2, pages: 3 });
    const b = klass("b", { clients: 2, skew: 0, rate: 1, revisit: { probability: 0.5, gap: 60 } });
    const s = sessions([a, b]);
    const m = mapSessionResolvers(s, specOf(s), 1);
    const [ca, cb] = specOf(s).classes;
    const perA = 2 * meanRequestsPerSession(ca!);
    // With return visits half the time, each visit brings 1 / (1 − 0.5) = 2 sessions.
    const perB = 1 * 2 * meanRequestsPerSession(cb!);
    const expected = [
      ...Array.from(zipfWeights(3, 1), (w) => perA * w),
      ...Array.from(zipfWeights(2, 0), (w) => perB * w),
    ];
    const total = sum(expected);
    expect(sum(m.shares)).toBeCloseTo(1, 12);
    Array.from(m.shares).forEach((share, r) => {
      expect(share).toBeCloseTo(expected[r]! / total, 12);
    });
  });
});
