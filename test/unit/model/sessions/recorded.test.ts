import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { SessionStarts, simulateSessions } from "../../../../src/fit/index.js";
import { recordSessions, runScenario, Simulation } from "../../../../src/run/index.js";
import { loadScenario, type Scenario, scenarioSchema } from "../../../../src/scenario/index.js";
import { baseInput } from "../../../helpers.js";

/** The committed fit's scenario (quiet pre-roll, observation windows, return visits, six classes), shortened. */
function fitted(changes: { ttl?: number; behaviour?: string; lookupGap?: number } = {}): Scenario {
  const input = parse(
    readFileSync(
      new URL("../../../../reports/fit-apache-combined-2015/fitted.yaml", import.meta.url),
      "utf8",
    ),
  ) as Record<string, Record<string, unknown>> & { clients: { sessions: Record<string, unknown> } };
  input.duration = 40000 as unknown as Record<string, unknown>;
  if (changes.ttl !== undefined) input.dns = { ...input.dns, ttl: changes.ttl };
  if (changes.behaviour !== undefined)
    input.resolvers = { ...input.resolvers, behaviour: changes.behaviour };
  if (changes.lookupGap !== undefined) input.clients.sessions.lookupGap = changes.lookupGap;
  return loadScenario(stringify(input), "fitted.yaml");
}

describe("recorded session requests (recordSessionRequests, SessionPlayer)", () => {
  it("played into a world, a record gives runScenario's results byte for byte: the fit's workload, one record for several TTLs, caches and lookup gaps", () => {
    const seed = 7;
    const record = recordSessions(fitted(), seed);
    expect(record.count).toBeGreaterThan(1000);
    for (const changes of [
      {},
      { ttl: 3600 },
      { ttl: 60, behaviour: "frozen", lookupGap: 30 },
      { ttl: 3600, behaviour: "frozen", lookupGap: 300 },
    ]) {
      const s = fitted(changes);
      const drawn = JSON.stringify(runScenario(s, { seed }));
      expect(JSON.stringify(runScenario(s, { seed, sessions: record }))).toBe(drawn);
    }
  });

  it("the same with a steady pre-roll (requests before 0), warm-up, outages, observation windows and servers with capacity, and stepped (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          start: fc.constantFrom("cold", "steady"),
          warmup: fc.constantFrom(0, 30),
          capacity: fc.boolean(),
          observe: fc.boolean(),
          revisit: fc.boolean(),
          failure: fc.constantFrom("none", "blackhole", "refused"),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        (p) => {
          const s = scenarioSchema.parse(
            baseInput({
              duration: 300,
              warmup: p.warmup,
              seed: p.seed,
              start: p.start,
              window: 20,
              ...(p.capacity
                ? {
                    service: {
                      workers: 1,
                      queue: 2,
                      serviceTime: { distribution: "exponential", mean: 0.3 },
                    },
                  }
                : {}),
              failures:
                p.failure === "none"
                  ? []
                  : [{ server: "10.0.0.1", at: 50, duration: 40, mode: p.failure }],
              clients: {
                rate: 0,
                selection: "failover",
                sessions: {
                  lookupGap: 20,
                  ...(p.observe ? { observe: { period: 100, length: 40 } } : {}),
                  classes: [
                    {
                      name: "b",
                      clients: 50,
                      rate: 0.5,
                      pages: { dist: "geometric", mean: 3, max: 20 },
                      thinkTime: { dist: "exponential", mean: 10 },
                      objects: { dist: "geometric", mean: 3, max: 20 },
                      objectGap: { dist: "exponential", mean: 0.2 },
                      ...(p.revisit
                        ? { revisit: { probability: 0.5, gap: { dist: "exponential", mean: 60 } } }
                        : {}),
                    },
                  ],
                },
              },
            }),
          );
          const record = recordSessions(s);
          if (p.start === "steady") expect(record.preRoll).toBeGreaterThan(0);
          const drawn = JSON.stringify(runScenario(s));
          expect(JSON.stringify(runScenario(s, { sessions: record }))).toBe(drawn);
          // Stepped: a request at or after a step's end waits for the next step (Simulator.claim).
          const stepped = new Simulation(s, { sessions: record });
          for (let t = 7; t < s.duration; t += 13) stepped.runUntil(t);
          stepped.run();
          expect(JSON.stringify(stepped.snapshot())).toBe(drawn);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("with a quiet pre-roll or none, its requests are the fit's simulation's (simulateSessions): the fit validation's population rows read the record", () => {
    for (const preRoll of ["quiet", "none"]) {
      const input = parse(stringify(fitted())) as { clients: { sessions: { preRoll: string } } };
      input.clients.sessions.preRoll = preRoll;
      const s = loadScenario(stringify(input), "fitted.yaml");
      const spec = s.clients.sessions!;
      const record = recordSessions(s, 5);
      const clients = spec.classes.reduce((a, c) => a + c.clients, 0);
      const played = new SessionStarts(clients, 1800);
      for (let i = 0; i < record.count; i++) played.request(record.times[i]!, record.hosts[i]!);
      const simulated = simulateSessions(spec, s.duration, 5, 1800);
      expect(played.requests).toBe(record.count);
      expect(played.requests).toBe(simulated.requests);
      expect(played.count).toBe(simulated.count);
      expect(played.hosts.subarray(0, played.count)).toEqual(
        simulated.hosts.subarray(0, simulated.count),
      );
      expect(played.times.subarray(0, played.count)).toEqual(
        simulated.times.subarray(0, simulated.count),
      );
      expect(played.requestsOfHost).toEqual(simulated.requestsOfHost);
    }
  });

  it("refuses a record of another seed or another workload", () => {
    const s = fitted();
    const record = recordSessions(s, 3);
    expect(() => runScenario(s, { seed: 4, sessions: record })).toThrow(/another seed/);
    expect(() => runScenario(s, { seed: 3, duration: 30000, sessions: record })).toThrow(
      /another seed or session workload/,
    );
    const input = parse(stringify(s)) as { clients: { sessions: { observe: unknown } } };
    delete input.clients.sessions.observe;
    const unobserved = loadScenario(stringify(input), "x.yaml");
    expect(() => runScenario(unobserved, { seed: 3, sessions: record })).toThrow(
      /another seed or session workload/,
    );
  });
});
