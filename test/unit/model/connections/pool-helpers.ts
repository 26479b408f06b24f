import { ConnectionStats, type ConnectionsResults } from "../../../../src/metrics/index.js";
import { AnswerVersions, ConnectionWorld } from "../../../../src/model/index.js";
import {
  type Scenario,
  type ScenarioInput,
  scenarioSchema,
} from "../../../../src/scenario/index.js";

/** Servers 10.0.0.1 … 10.0.0.n. */
export const servers = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ address: `10.0.0.${i + 1}` }));

/** A connection-pool scenario: visits off, the given connections and pool blocks. */
export function poolScenario(
  connections: NonNullable<ScenarioInput["connections"]>,
  overrides: Partial<ScenarioInput> = {},
): Scenario {
  return scenarioSchema.parse({
    name: "pool-test",
    duration: 600,
    window: 10,
    servers: servers(4),
    dns: { ttl: 5 },
    clients: { rate: 0 },
    connections,
    ...overrides,
  });
}

/** Runs only the connection world (the run layer adds the visit world, empty here). */
export function runPools(s: Scenario, steps: readonly number[] = []): ConnectionsResults {
  const stats = new ConnectionStats(
    s.servers.map((sv) => sv.address),
    s.duration,
    s.window,
    new AnswerVersions(s).entries,
  );
  const world = new ConnectionWorld({ scenario: s, seed: s.seed, recording: stats });
  for (const t of steps) world.runUntil(t);
  world.runUntil(s.duration);
  return stats.result(s.connections!.runtime, s.connections!.clients, s.connections!.rate);
}

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
