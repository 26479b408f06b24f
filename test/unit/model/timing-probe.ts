import type { Results } from "../../../src/metrics/index.js";
import type { ResolverBehaviourName, ScenarioInput } from "../../../src/scenario/index.js";
import { run } from "../../helpers.js";

/* A periodic probe of one resolver, shared by the timing tests (issue 11 §2-4). */

export const four = [1, 2, 3, 4].map((i) => ({ address: `10.0.0.${i}` }));

/** One resolver, one query every `interval` s from t = 0, cold caches, 1 s bins. */
export function probe(
  behaviour: ResolverBehaviourName,
  ttl: ScenarioInput["dns"]["ttl"],
  more: Partial<ScenarioInput> = {},
): Results {
  return run({
    duration: 60,
    window: 0.5,
    start: "cold",
    servers: four,
    dns: { ttl, order: "cyclic" },
    resolvers: { count: 1, behaviour },
    clients: { rate: { profile: "periodic", interval: 0.5 } },
    ...more,
  });
}

/** Times (s) at which the authority was asked, from 0.5 s bins of a periodic probe. */
export function fetchTimes(r: Results): number[] {
  const q = r.timeseries.authoritativeQueries;
  const times: number[] = [];
  q.forEach((count, b) => {
    for (let i = 0; i < count; i++) times.push(r.timeseries.start[b]!);
  });
  return times;
}
