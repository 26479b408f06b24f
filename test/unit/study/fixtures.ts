import type { Scenario } from "../../../src/scenario/index.js";
import {
  buildSweepOutput,
  expandGrid,
  inProcessExecutor,
  parseSetFlag,
  runTasks,
  type SweepOutput,
  type SweepPlan,
  sweepTasks,
} from "../../../src/study/index.js";
import { VERSION } from "../../../src/version.js";
import { scenario } from "../../helpers.js";

/**
 * A small world with a failure that health-checked DNS withdraws after at
 * most 10 s, so the time to drain is set by how long caches keep the dead
 * address: the TTL.
 */
export const failing: Scenario = scenario({
  duration: 1500,
  servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }, { address: "10.0.0.3" }],
  dns: { ttl: 60, order: "cyclic", healthCheck: { interval: 5, failures: 2 } },
  resolvers: { count: 60, skew: 1, behaviour: "rotate" },
  clients: { rate: 20, selection: "first" },
  failures: [{ server: "10.0.0.2", at: 300, duration: 900 }],
});

export function ttlPlan(base: Scenario, ttls: string, replications: number, seed = 3): SweepPlan {
  return {
    command: "ttl",
    version: VERSION,
    scenario: base,
    parameters: [parseSetFlag(`dns.ttl=${ttls}`)],
    replications,
    seed,
    duration: null,
  };
}

/** Runs a plan in this thread and builds its output. */
export async function runPlan(plan: SweepPlan): Promise<SweepOutput> {
  const points = expandGrid(plan);
  const { records } = await runTasks(
    sweepTasks(plan),
    (t) => ({ scenario: points[t.point]!.scenario, seed: t.seed }),
    inProcessExecutor(),
  );
  return buildSweepOutput(plan, records);
}
