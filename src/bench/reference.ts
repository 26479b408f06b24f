import { type Scenario, type ScenarioInput, scenarioSchema } from "../scenario/index.js";

/** Visits per second of the reference workload. */
export const REFERENCE_RATE = 1000;

/**
 * The reference workload of the core issue, lasting `visits` visits at
 * REFERENCE_RATE: 4 servers, 1000 resolvers with Zipf 1.0 skew, half
 * rotating and half frozen, TTL 60 s, one request per visit to the first
 * address. `changes` replaces whole top-level fields (the queueing case's
 * servers with capacity and failover clients).
 */
export function referenceScenario(visits: number, changes: Partial<ScenarioInput> = {}): Scenario {
  return scenarioSchema.parse({
    name: "bench",
    duration: visits / REFERENCE_RATE,
    servers: [2, 3, 4, 5].map((i) => ({ address: `10.0.0.${i}` })),
    dns: { ttl: 60, order: "cyclic" },
    resolvers: {
      count: 1000,
      skew: 1,
      behaviour: [
        { behaviour: "rotate", share: 0.5 },
        { behaviour: "frozen", share: 0.5 },
      ],
    },
    clients: { rate: REFERENCE_RATE, requestsPerVisit: 1, selection: "first" },
    ...changes,
  });
}
