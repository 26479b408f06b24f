import { Simulator } from "../../../../src/engine/index.js";
import { SessionWorkload } from "../../../../src/model/sessions/workload.js";
import {
  type ScenarioInput,
  type SessionSpec,
  scenarioSchema,
} from "../../../../src/scenario/index.js";
import { baseInput } from "../../../helpers.js";

/** One session class as a scenario file writes it. */
export type ClassInput = NonNullable<
  NonNullable<ScenarioInput["clients"]["sessions"]>["classes"]
>[number];

/** The session spec of a scenario with these classes and nothing else (parsed, so defaulted). */
export function specOf(classes: ClassInput[]): SessionSpec {
  return scenarioSchema.parse(
    baseInput({ clients: { rate: 0, selection: "failover", sessions: { classes } } }),
  ).clients.sessions!;
}

/** Every request the workload makes, as (time, client) columns (a pre-roll's at negative times), with its session count. */
export function requestsOf(spec: SessionSpec, horizon: number, seed = 1, preRoll = 0) {
  const times: number[] = [];
  const clients: number[] = [];
  const sim = new Simulator();
  const w = new SessionWorkload(spec, seed, sim, horizon, {
    request(t, host) {
      times.push(t);
      clients.push(host);
    },
  });
  w.start(preRoll);
  sim.run(horizon);
  return { times, clients, sessions: w.sessionsStarted, inFlight: w.inFlight };
}
