import { describe, expect, it } from "vitest";
import { type Scenario, type ScenarioInput, scenarioSchema } from "../../../src/scenario/index.js";
import {
  applicableAlternatives,
  type CauseEvidence,
  classifyCause,
  failoverTarget,
  type PlanOptions,
  planCapacity,
} from "../../../src/study/index.js";

/**
 * Small worlds whose binding constraint is known by construction. Each
 * server: one worker at 20 ms (exponential), 50 requests/s, a queue of 100
 * (at most 2 s of waiting, under the clients' 5 s timeout, so no work is
 * done twice; a full queue refuses and the client moves on); 600 s after a
 * 60 s warm-up, in 60 s windows (2,700 requests per server-window at ρ = 0.9,
 * so a window's utilisation is within about ±0.03 of ρ).
 */
function world(overrides: Partial<ScenarioInput>): Scenario {
  return scenarioSchema.parse({
    name: "cause",
    duration: 660,
    warmup: 60,
    window: 60,
    servers: [{ address: "10.0.0.1" }],
    service: { serviceTime: { distribution: "exponential", mean: 0.02 }, queue: 100 },
    dns: { ttl: 0, order: "cyclic" },
    resolvers: { count: 1 },
    clients: { rate: 100, selection: "failover", timeout: 5, onError: "next" },
    ...overrides,
  });
}

const options = (n: number, limit: number, nPlusOne = false): PlanOptions => ({
  slo: { metric: "p99", limit },
  maxErrors: 0.01,
  servers: { from: n, to: n },
  nPlusOne,
  replications: 3,
  seed: 1,
});

describe("rrdns plan: the cause, on worlds where it is known", () => {
  it("pure capacity: 2 servers for 100 requests/s of 50 each (ρ = 1)", async () => {
    const plan = await planCapacity(world({}), options(2, 0.5));
    const c = plan.candidates[0]!;
    expect(c.meets).toBe(false);
    expect(c.cause).toBe("capacity");
    expect(c.meanUtilisation.mean!).toBeGreaterThan(0.9);
    expect(plan.reason).toMatch(/what forced it|No count/);
    expect(plan.reason).toContain("the load");
    expect(plan.alternatives).toEqual([]);
  });

  it("queueing at ρ = 0.75: no server full, yet p99 ≈ 0.2 s breaks a 50 ms SLO", async () => {
    // TTL 0, cyclic: each of 2 servers is E2/M/1 at ρ = 0.75, p99 about 0.26 s.
    const plan = await planCapacity(
      world({ clients: { rate: 75, selection: "failover", timeout: 5 } }),
      options(2, 0.05),
    );
    const c = plan.candidates[0]!;
    expect(c.cause).toBe("queueing");
    expect(c.busiestUtilisation.mean!).toBeLessThan(0.9);
    expect(c.meanUtilisation.mean!).toBeGreaterThan(0.7);
    expect(plan.reason).toContain("queueing delay");
    expect(plan.reason).not.toContain("capacity in the busiest window");
  });

  it("frozen resolvers: one resolver with half the clients pins them to one server per TTL", async () => {
    // 4 servers at ρ = 0.5 overall; the big frozen resolver puts 0.5 + 0.5/4 of
    // the load on one server for each 300 s TTL (ρ ≈ 1.25 there; five whole
    // windows, so the peak window sees it undiluted).
    const s = world({
      dns: { ttl: 300, order: "cyclic" },
      resolvers: { weights: [50, 10, 10, 10, 10, 10], behaviour: "frozen" },
    });
    const plan = await planCapacity(s, options(4, 0.5));
    const c = plan.candidates[0]!;
    expect(c.cause).toBe("frozen-resolvers");
    expect(c.busiestUtilisation.mean!).toBeGreaterThan(0.9);
    expect(c.meanUtilisation.mean!).toBeLessThan(0.7);
    expect(plan.reason).toContain("frozen or skewed resolvers");
    // Rotating resolvers are the alternative that applies, and they fix it at 4.
    expect(plan.alternatives.map((a) => [a.alternative, a.servers])).toContainEqual([
      "rotating-resolvers",
      4,
    ]);
  });

  it("failover concentration: with N+1 the dead server's clients all land on its neighbour", async () => {
    // 4 servers, one down: the 3 live ones at ρ = 100/150 = 0.67 if spread
    // evenly (p99 about 0.3 s), but with cyclic answers the dead server's
    // quarter moves to its successor, which gets 2/4 of 100/s: ρ = 1.
    const s = world({
      dns: { ttl: 10, order: "cyclic" },
      resolvers: { count: 20, behaviour: "rotate" },
    });
    const plan = await planCapacity(s, options(4, 0.5, true));
    const c = plan.candidates[0]!;
    expect(c.liveServers).toBe(3);
    expect(c.cause).toBe("failover-concentration");
    // The busiest server carries about twice its fair share (1/3): 2/4 × 3 = 1.5.
    expect(c.imbalance.mean!).toBeGreaterThan(1.3);
    // The dead server is not in the fleet figure: 3 live servers at about 0.67, not 4 at 0.5.
    expect(c.meanUtilisation.mean!).toBeGreaterThan(0.6);
    expect(plan.reason).toContain("failover concentration");
    // Health-checked DNS and random order spread the dead server's clients: both fix it at 4.
    const fixed = Object.fromEntries(plan.alternatives.map((a) => [a.alternative, a.servers]));
    expect(fixed).toEqual({ "health-check": 4, "random-order": 4 });
    expect(plan.reason).toContain("4 with health-checked DNS");
  });
});

describe("rrdns plan: the classification rule", () => {
  const e = (x: Partial<CauseEvidence>): CauseEvidence => ({
    fleetPeak: 0.5,
    busiestPeak: 0.6,
    busiestShareRatio: 1,
    followsDead: 0,
    clientsFailOver: true,
    ...x,
  });
  it("puts capacity first, then imbalance by its source, then queueing", () => {
    expect(classifyCause(e({ fleetPeak: 0.95, busiestPeak: 1 }))).toBe("capacity");
    expect(classifyCause(e({ busiestPeak: 1, busiestShareRatio: 1.8, followsDead: 1 }))).toBe(
      "failover-concentration",
    );
    // The neighbour of a dead server, but with an even share: frozen resolvers, not failover.
    expect(classifyCause(e({ busiestPeak: 1, busiestShareRatio: 1.05, followsDead: 1 }))).toBe(
      "frozen-resolvers",
    );
    // Clients that do not fail over cannot concentrate on a neighbour.
    expect(
      classifyCause(
        e({ busiestPeak: 1, busiestShareRatio: 1.8, followsDead: 1, clientsFailOver: false }),
      ),
    ).toBe("frozen-resolvers");
    expect(classifyCause(e({ busiestPeak: 0.8 }))).toBe("queueing");
  });

  it("finds a dead server's failover target as the next live server in the answer order", () => {
    expect(failoverTarget(0, 4, (i) => i === 0)).toBe(1);
    expect(failoverTarget(3, 4, (i) => i === 3)).toBe(0);
    expect(failoverTarget(0, 4, (i) => i <= 1)).toBe(2);
  });

  it("offers only the alternatives that change something", () => {
    const s = world({ resolvers: { count: 5, behaviour: "rotate" } });
    expect(applicableAlternatives(s, false)).toEqual(["random-order"]);
    expect(applicableAlternatives(s, true)).toEqual(["health-check", "random-order"]);
    const frozen = world({
      dns: { ttl: 60, order: "random", healthCheck: { interval: 5, failures: 2 } },
      resolvers: {
        count: 5,
        behaviour: [
          { behaviour: "pdns-recursor", share: 0.5 },
          { behaviour: "rotate", share: 0.5 },
        ],
      },
    });
    expect(applicableAlternatives(frozen, true)).toEqual(["rotating-resolvers"]);
  });
});
