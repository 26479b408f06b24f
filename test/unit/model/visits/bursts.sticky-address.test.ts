import { describe, expect, it } from "vitest";
import { runScenario } from "../../../../src/run/index.js";
import { type ScenarioInput, scenarioSchema } from "../../../../src/scenario/index.js";
import { baseInput } from "../../../helpers.js";

/*
 * A session client whose requests never pause for a lookup gap keeps the
 * address it resolved (a browser on an open connection). When that server
 * dies it must not keep failing for ever: once its answer's TTL has run out,
 * its next request asks DNS again, and health-checked DNS no longer
 * publishes the dead address. Without that, one busy client hammers a dead
 * server for the rest of its burst (hours in ttl-60min-vs-60s).
 */
const FAIL_AT = 300;
const TTL = 60;
const CHECK = { interval: 10, failures: 3 };

function busyClient(overrides: Partial<ScenarioInput> = {}): ScenarioInput {
  return baseInput({
    duration: 1800,
    window: 30,
    servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }],
    dns: { ttl: TTL, order: "fixed", healthCheck: CHECK },
    resolvers: { count: 1, behaviour: "frozen" },
    clients: {
      rate: 0,
      selection: "first",
      sessions: {
        lookupGap: 600,
        classes: [
          {
            name: "busy",
            clients: 1,
            rate: 0.05,
            pages: { dist: "geometric", mean: 500, max: 5000 },
            thinkTime: { dist: "exponential", mean: 2 },
            objects: { dist: "geometric", mean: 1, max: 1 },
            objectGap: { dist: "exponential", mean: 0.5 },
          },
        ],
      },
    },
    failures: [{ server: "10.0.0.1", at: FAIL_AT, duration: 1500, mode: "refused" }],
    ...overrides,
  });
}

/** The last window (start, s) in which the dead server still saw attempts. */
function lastDeadAttempt(input: ScenarioInput): number {
  const r = runScenario(scenarioSchema.parse(input), { seed: 3 });
  const attempts = r.timeseries.attemptsByServer[0]!;
  let last = -1;
  attempts.forEach((a, i) => {
    if (a > 0) last = r.timeseries.start[i]!;
  });
  expect(r.failures[0]!.failedAttempts).toBeGreaterThan(0);
  return last;
}

describe("a busy client's sticky address after its server dies", () => {
  // Withdrawn after at most interval × failures; the resolver's record then lives TTL more
  // (frozen, exact clock); the client's next request after that asks again.
  const bound = FAIL_AT + CHECK.interval * CHECK.failures + TTL + 30;

  it("is looked up again once its answer expired (instant servers)", () => {
    const last = lastDeadAttempt(busyClient());
    expect(last).toBeGreaterThanOrEqual(FAIL_AT);
    expect(last).toBeLessThan(bound);
  });

  it("is looked up again once its answer expired (servers with capacity)", () => {
    const last = lastDeadAttempt(
      busyClient({
        service: { workers: 4, serviceTime: { distribution: "exponential", mean: 0.01 } },
      }),
    );
    expect(last).toBeGreaterThanOrEqual(FAIL_AT);
    expect(last).toBeLessThan(bound);
  });
});
