import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AccessLogRecording } from "../../../../src/metrics/index.js";
import { runScenario, Simulation } from "../../../../src/run/index.js";
import type { ScenarioInput } from "../../../../src/scenario/index.js";
import { scenario } from "../../../helpers.js";

/*
 * RateInstantVisits takes the common visit (one request, a fresh resolver
 * hit, a live address, no outage under way) in few calls (`startQuick`) and
 * every other visit the general way. An access log turns the quick way off
 * (every request must be logged), and writing a log changes nothing else:
 * so a run with a log that discards its lines must give exactly the results
 * of the same run without one. Whatever the quick way skipped or counted
 * twice, a draw moved or a count lost, shows here.
 */
const discard: AccessLogRecording = { served: () => {}, unanswered: () => {} };

function bothWays(input: Partial<ScenarioInput>, seed: number) {
  const s = scenario(input);
  const quick = runScenario(s, { seed });
  const general = new Simulation(s, { seed }, { accessLog: discard });
  general.run();
  return { quick, general: general.snapshot() };
}

describe("the quick visit gives what the general way gives", () => {
  it("the default mix: rotating and frozen caches, an outage, health checks, failover", () => {
    const { quick, general } = bothWays(
      {
        duration: 400,
        warmup: 20,
        resolvers: {
          count: 60,
          skew: 1,
          behaviour: [
            { behaviour: "rotate", share: 0.5 },
            { behaviour: "frozen", share: 0.5 },
          ],
        },
        dns: { ttl: 30, order: "cyclic", healthCheck: { interval: 10, failures: 2 } },
        clients: { rate: 30, selection: "failover", connectTimeout: 3 },
        failures: [{ server: "10.0.0.2", at: 100, duration: 120 }],
      },
      7,
    );
    expect(quick.totals.visits).toBeGreaterThan(10_000);
    expect(general).toEqual(quick);
  });

  it("for any TTL, answer order, resolver behaviour and outage (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom("cyclic", "random", "fixed"),
        fc.constantFrom(
          "rotate",
          "frozen",
          "rotate-random",
          "shuffle",
          "dnsmasq",
          "unbound-serve-expired",
        ),
        fc.option(fc.integer({ min: 0, max: 150 })),
        fc.integer({ min: 1, max: 1000 }),
        (ttl, order, behaviour, failAt, seed) => {
          const { quick, general } = bothWays(
            {
              duration: 200,
              resolvers: { count: 20, skew: 1, behaviour },
              dns: { ttl, order },
              clients: { rate: 10 },
              ...(failAt === null
                ? {}
                : { failures: [{ server: "10.0.0.1", at: failAt, duration: 40 }] }),
            },
            seed,
          );
          expect(general).toEqual(quick);
        },
      ),
      { numRuns: 40 },
    );
  });
});
