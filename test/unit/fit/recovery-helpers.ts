import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { readLineBatches } from "../../../src/cli/trace-lines.js";
import { Simulator } from "../../../src/engine/index.js";
import {
  DEFAULT_FIT_OPTIONS,
  type FitOptions,
  fitLog,
  fittedScenarioYaml,
} from "../../../src/fit/index.js";
import { SessionWorkload } from "../../../src/model/index.js";
import { loadScenario, type SessionSpec } from "../../../src/scenario/index.js";
import { clfLine, T0 } from "./helpers.js";

/*
 * Parameter recovery (issue 25): access logs generated from a known session
 * model, to fit and validate. The requests come straight from the engine's
 * session workload (the same SessionWorkload the runs use), written as
 * Combined Log Format lines to the second, one host per client: no DNS and
 * no servers are needed to make a log, so a log of 10,000 lines takes well
 * under a second.
 */

/** A session class as the scenario schema takes it (clients.sessions.classes[]). */
export type ClassInput = Record<string, unknown>;

/** The model's session spec, validated by the scenario loader (so a typo fails loudly). */
export function sessionSpec(classes: readonly ClassInput[], duration: number): SessionSpec {
  const scenario = loadScenario(
    stringify({
      name: "generating-model",
      duration,
      servers: [{ address: "192.0.2.10" }],
      dns: { ttl: 300 },
      clients: { rate: 0, sessions: { lookupGap: 300, classes } },
    }),
    "generating-model.yaml",
  );
  return scenario.clients.sessions!;
}

/** Client k → a host address (10.x.y.z). */
function hostOf(k: number): string {
  return `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
}

/**
 * Writes the log of one run of `classes` over `duration` s to `file`;
 * returns its request count. Each request is `GET /` (the fit tells pages
 * from embedded objects by the gap: the model's object gaps are below its
 * 5 s embed gap, its think times above). `logged`: which request times the
 * log keeps (a sampled log: its windows); absent, all.
 */
export function generateLog(
  file: string,
  classes: readonly ClassInput[],
  duration: number,
  seed: number,
  logged: (t: number) => boolean = () => true,
): number {
  const spec = sessionSpec(classes, duration);
  const lines: string[] = [];
  const sim = new Simulator();
  const workload = new SessionWorkload(spec, seed, sim, duration, {
    request: (t, host) => {
      if (logged(t)) lines.push(clfLine(hostOf(host), T0 + Math.floor(t), "/"));
    },
  });
  workload.start(0);
  sim.run(duration);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return lines.length;
}

/**
 * A generated log fitted with the CLI's defaults (and `options`), written as
 * the recovery tests' scenario: 2 servers, TTL 300 s, own resolvers, lookup
 * gap 300 s.
 */
export async function fitRecoveryScenario(
  file: string,
  options: Partial<FitOptions>,
  name: string,
) {
  const fit = await fitLog(() => readLineBatches(file), {
    ...DEFAULT_FIT_OPTIONS,
    ...options,
    file,
  });
  const yaml = fittedScenarioYaml(fit, {
    servers: 2,
    ttl: 300,
    resolver: "own",
    lookupGap: 300,
    name,
  });
  return { fit, yaml };
}
