import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/run/index.js";
import {
  CLIENT_DEFAULTS,
  estimateWork,
  hasServiceModel,
  type ResolvedScenario,
  resolve,
  type Scenario,
  type ScenarioInput,
  SERVER_DEFAULTS,
  scenarioJsonSchema,
  scenarioSchema,
} from "../../../src/scenario/index.js";
import { baseInput } from "../../helpers.js";

const serviceTime = { distribution: "deterministic" as const, mean: 0.01 };

function parse(overrides: Partial<ScenarioInput>): Scenario {
  return scenarioSchema.parse(baseInput(overrides));
}

/** Every field resolve() promises to fill, with its value (undefined: not filled). */
function defaultedFields(r: ResolvedScenario): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    "clients.timeout": r.clients.timeout,
    "clients.onError": r.clients.onError,
    "clients.retries": r.clients.retries,
    "clients.retryDelay": r.clients.retryDelay,
  };
  if (r.clients.sessions) fields["clients.sessions.preRoll"] = r.clients.sessions.preRoll;
  r.queueing?.forEach((q, i) => {
    for (const key of ["workers", "queue", "overflow", "speed", "serviceTime"] as const)
      fields[`queueing[${i}].${key}`] = q[key];
  });
  return fields;
}

describe("resolve: every default in one place", () => {
  it("fills the clients' error handling and each server's queueing from the defaults", () => {
    const r = resolve(parse({ service: { serviceTime } }));
    expect(r.clients).toMatchObject(CLIENT_DEFAULTS);
    expect(r.queueing).toEqual(
      Array.from({ length: 3 }, () => ({ ...SERVER_DEFAULTS, serviceTime })),
    );
  });

  it("a server's own field wins over the service block's, which wins over the default", () => {
    const slow = { distribution: "exponential" as const, mean: 0.5 };
    const r = resolve(
      parse({
        servers: [
          {
            address: "10.0.0.1",
            workers: 4,
            queue: 2,
            overflow: "drop",
            speed: 2,
            serviceTime: slow,
          },
          { address: "10.0.0.2" },
        ],
        service: { serviceTime, workers: 3, queue: 7 },
        clients: { rate: 5, timeout: 2, onError: "retry", retries: 0, retryDelay: 0.5 },
      }),
    );
    expect(r.queueing).toEqual([
      { workers: 4, queue: 2, overflow: "drop", speed: 2, serviceTime: slow },
      { workers: 3, queue: 7, overflow: "refuse", speed: 1, serviceTime },
    ]);
    expect(r.clients).toMatchObject({ timeout: 2, onError: "retry", retries: 0, retryDelay: 0.5 });
  });

  it("servers without capacity: no queueing (the fast path), the scenario otherwise as written", () => {
    const s = parse({});
    const r = resolve(s);
    expect(hasServiceModel(s)).toBe(false);
    expect(r.queueing).toBeUndefined();
    const { queueing, clients, ...rest } = r;
    const { clients: written, ...unchanged } = s;
    expect(rest).toEqual(unchanged);
    expect(clients).toEqual({ ...written, ...CLIENT_DEFAULTS });
  });

  it("a session workload's pre-roll: as written, else warm with start: steady and none with start: cold", () => {
    const sessions = (start: "steady" | "cold", preRoll?: "warm" | "quiet" | "none") =>
      resolve(
        parse({
          start,
          clients: {
            rate: 0,
            sessions: {
              ...(preRoll ? { preRoll } : {}),
              classes: [{ name: "a", clients: 10, rate: 1, pages: 2, thinkTime: 10 }],
            },
          },
        }),
      ).clients.sessions?.preRoll;
    expect(sessions("steady")).toBe("warm");
    expect(sessions("cold")).toBe("none");
    expect(sessions("cold", "quiet")).toBe("quiet");
    expect(sessions("steady", "none")).toBe("none");
  });

  it("does not change the scenario it is given (results echo that one)", () => {
    const s = parse({ service: { serviceTime } });
    const before = structuredClone(s);
    resolve(s);
    expect(s).toEqual(before);
  });
});

describe("resolve: properties", () => {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const queueing = fc.record(
    {
      workers: maybe(fc.integer({ min: 1, max: 8 })),
      queue: maybe(fc.integer({ min: 0, max: 20 })),
      overflow: maybe(fc.constantFrom("refuse" as const, "drop" as const)),
      serviceTime: maybe(fc.constant(serviceTime)),
    },
    { requiredKeys: [] },
  );
  const input = fc.record({
    servers: fc.array(
      fc.record({ own: queueing, speed: maybe(fc.double({ min: 0.5, max: 4, noNaN: true })) }),
      { minLength: 1, maxLength: 4 },
    ),
    // With a service block its service time, so that every server has one.
    service: maybe(queueing.map((q) => ({ ...q, serviceTime }))),
    clients: fc.record(
      {
        timeout: maybe(fc.double({ min: 0.1, max: 60, noNaN: true })),
        onError: maybe(fc.constantFrom("next" as const, "retry" as const, "give-up" as const)),
        retries: maybe(fc.integer({ min: 0, max: 5 })),
        retryDelay: maybe(fc.double({ min: 0, max: 5, noNaN: true })),
      },
      { requiredKeys: [] },
    ),
    start: fc.constantFrom("steady" as const, "cold" as const),
    preRoll: fc.option(fc.constantFrom("warm" as const, "quiet" as const, "none" as const)),
    sessions: fc.boolean(),
  });

  type Input = typeof input extends fc.Arbitrary<infer T> ? T : never;

  function scenarioOf(x: Input): Scenario {
    const anyCapacity =
      x.service !== undefined ||
      x.servers.some((sv) => sv.own.workers !== undefined || sv.own.serviceTime !== undefined);
    return parse({
      start: x.start,
      servers: x.servers.map((sv, i) => ({
        address: `10.0.0.${i + 1}`,
        ...sv.own,
        // Servers with capacity each need a service time (the cross-check's rule).
        ...(anyCapacity && !x.service ? { serviceTime } : {}),
        ...(sv.speed === undefined ? {} : { speed: sv.speed }),
      })),
      ...(x.service ? { service: x.service } : {}),
      clients: {
        rate: x.sessions ? 0 : 5,
        ...x.clients,
        ...(x.sessions
          ? {
              sessions: {
                ...(x.preRoll ? { preRoll: x.preRoll } : {}),
                classes: [{ name: "a", clients: 10, rate: 1, pages: 2, thinkTime: 10 }],
              },
            }
          : {}),
      },
    });
  }

  it("is idempotent: resolving a resolved scenario changes nothing", () => {
    fc.assert(
      fc.property(input, (x) => {
        const once = resolve(scenarioOf(x));
        expect(resolve(once)).toEqual(once);
      }),
    );
  });

  it("fills every default, keeps every value the scenario sets, and queues exactly when a server has capacity", () => {
    fc.assert(
      fc.property(input, (x) => {
        const s = scenarioOf(x);
        const r = resolve(s);
        for (const [field, value] of Object.entries(defaultedFields(r)))
          expect(value, field).not.toBeUndefined();
        for (const key of ["timeout", "onError", "retries", "retryDelay"] as const)
          if (s.clients[key] !== undefined) expect(r.clients[key]).toBe(s.clients[key]);
        expect(r.queueing !== undefined).toBe(hasServiceModel(s));
        r.queueing?.forEach((q, i) => {
          const sv = s.servers[i]!;
          expect(q.workers).toBe(sv.workers ?? s.service?.workers ?? SERVER_DEFAULTS.workers);
          expect(q.speed).toBe(sv.speed ?? SERVER_DEFAULTS.speed);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe("one default, one place", () => {
  /** The schema's description of a field (what the JSON Schema, the field table and the docs show). */
  function described(path: readonly string[]): string {
    let node = scenarioJsonSchema() as {
      properties?: Record<string, unknown>;
      items?: unknown;
      description?: string;
    };
    for (const key of path)
      node = (key === "[]" ? node.items : node.properties?.[key]) as typeof node;
    return node.description ?? "";
  }

  it("the defaults the schema documents are the ones resolve applies", () => {
    expect(described(["clients", "timeout"])).toContain(`default ${CLIENT_DEFAULTS.timeout})`);
    expect(described(["clients", "onError"])).toContain(`default ${CLIENT_DEFAULTS.onError})`);
    expect(described(["clients", "retries"])).toContain(`default ${CLIENT_DEFAULTS.retries})`);
    expect(described(["clients", "retryDelay"])).toContain(
      `default ${CLIENT_DEFAULTS.retryDelay})`,
    );
    expect(described(["servers", "[]", "speed"])).toContain(`default ${SERVER_DEFAULTS.speed})`);
    expect(described(["servers", "[]", "overflow"])).toContain(
      `Default ${SERVER_DEFAULTS.overflow}.`,
    );
    expect(described(["servers", "[]", "workers"])).toContain(
      `${SERVER_DEFAULTS.workers} when a service time is given`,
    );
    expect(described(["servers", "[]", "queue"])).toContain("unlimited when omitted");
    expect(SERVER_DEFAULTS.queue).toBe(Number.POSITIVE_INFINITY);
  });

  it("a run, its results and the work estimate are the same whether the defaults are written or left out", () => {
    // A default applied anywhere but resolve (the model, the metrics, the
    // limits), or changed there alone, makes the omitted run differ.
    const omitted = parse({
      duration: 120,
      service: { serviceTime: { distribution: "exponential", mean: 0.05 } },
      clients: { rate: 40, requestsPerVisit: 2 },
    });
    const written = parse({
      duration: 120,
      servers: [
        { address: "10.0.0.1", speed: SERVER_DEFAULTS.speed },
        { address: "10.0.0.2", speed: SERVER_DEFAULTS.speed },
        { address: "10.0.0.3", speed: SERVER_DEFAULTS.speed },
      ],
      service: {
        serviceTime: { distribution: "exponential", mean: 0.05 },
        workers: SERVER_DEFAULTS.workers,
        overflow: SERVER_DEFAULTS.overflow,
      },
      clients: { rate: 40, requestsPerVisit: 2, ...CLIENT_DEFAULTS },
    });
    const a = runScenario(omitted);
    const b = runScenario(written);
    expect(a.queueing).toBeDefined();
    expect(a.queueing).toEqual(b.queueing);
    expect(a.totals).toEqual(b.totals);
    expect(a.servers).toEqual(b.servers);
    expect(a.queueing).toMatchObject({
      requestTimeout: CLIENT_DEFAULTS.timeout,
      onError: CLIENT_DEFAULTS.onError,
      retries: CLIENT_DEFAULTS.retries,
      retryDelay: CLIENT_DEFAULTS.retryDelay,
    });
    expect(estimateWork(omitted)).toEqual(estimateWork(written));
  });
});
