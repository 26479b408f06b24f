import { describe, expect, it } from "vitest";
import type { Results } from "../../../../src/metrics/index.js";
import { runScenario, Simulation } from "../../../../src/run/index.js";
import { type ScenarioInput, scenarioSchema } from "../../../../src/scenario/index.js";

/** Two servers, every request a deterministic 1 s of work; one visit per 10 s, fixed order. */
function input(
  over: Partial<ScenarioInput> = {},
  clients: Record<string, unknown> = {},
): ScenarioInput {
  return {
    name: "flow",
    duration: 2000,
    servers: [{ address: "10.0.0.2" }, { address: "10.0.0.3" }],
    service: { serviceTime: { distribution: "deterministic", mean: 1 } },
    dns: { ttl: 60, order: "fixed" },
    // One frozen resolver: every visit gets the same order, 10.0.0.2 first.
    resolvers: { count: 1, behaviour: "frozen" },
    clients: { rate: 0.1, selection: "failover", timeout: 30, ...clients },
    ...over,
  };
}
const run = (i: ScenarioInput): Results => runScenario(scenarioSchema.parse(i));

describe("requests as events", () => {
  it("a visit's requests are sequential: the next leaves requestInterval after the previous answer", () => {
    // 3 requests of 1 s with 2 s between them: a lone visit holds the server for
    // 3 of every 7 s it spends; at 0.1 visits/s utilisation is 0.1 · 3 = 0.3.
    const r = run(input({}, { requestsPerVisit: 3, requestInterval: 2 }));
    expect(r.queueing!.servers[0]!.utilisation).toBeCloseTo(0.3, 1);
    // Sequential requests of one visit never queue behind each other.
    expect(r.queueing!.servers[0]!.responseTime.p50).toBeCloseTo(1, 2);
  });

  it("with instant service the event path gives the fast path's results: failures mid-visit, failover, takeover", () => {
    // The fast path computes a visit's requests at its arrival against the
    // failure intervals; the event path sends each at its own time. With
    // service times of 1 ns both see the same requests at (almost) the same
    // times, so every count must agree: a failure that begins mid-visit
    // catches exactly the later requests in both.
    const common: ScenarioInput = {
      name: "same",
      duration: 3000,
      servers: [2, 3, 4].map((i) => ({ address: `10.0.0.${i}` })),
      dns: { ttl: 30, order: "cyclic" },
      resolvers: { count: 50, skew: 1, behaviour: "rotate" },
      clients: {
        rate: 5,
        requestsPerVisit: 4,
        requestInterval: 3,
        selection: "failover",
        connectTimeout: 5,
      },
      failures: [
        { server: "10.0.0.2", at: 500, duration: 400, mode: "blackhole" },
        { server: "10.0.0.3", at: 1500, duration: 300, mode: "refused" },
      ],
      takeover: { delay: 120 },
    };
    const fast = run(common);
    const events = run({
      ...common,
      service: { workers: 1000, serviceTime: { distribution: "deterministic", mean: 1e-9 } },
    });
    expect(events.totals).toEqual(fast.totals);
    expect(events.servers.map((s) => [s.attempts, s.served, s.failedAttempts, s.load])).toEqual(
      fast.servers.map((s) => [s.attempts, s.served, s.failedAttempts, s.load]),
    );
    expect(events.failures.map((f) => [f.failedAttempts, f.failedVisits])).toEqual(
      fast.failures.map((f) => [f.failedAttempts, f.failedVisits]),
    );
    expect(events.delay).toEqual(fast.delay);
    expect(fast.totals.failedAttempts).toBeGreaterThan(0);
  });

  it("onError: next fails over on refusal, retry hits the same server again, give-up fails the request", () => {
    // Server 0 is a loss system with 1 worker and requests of 1 s at 2 visits/s: most are refused.
    const base = input(
      {
        servers: [
          { address: "10.0.0.2", queue: 0 },
          { address: "10.0.0.3", workers: 10 },
        ],
        service: { serviceTime: { distribution: "deterministic", mean: 1 } },
        duration: 600,
      },
      { rate: 2, retries: 1, retryDelay: 0.01 },
    );
    const next = run({ ...base, clients: { ...base.clients, onError: "next" } });
    const retry = run({ ...base, clients: { ...base.clients, onError: "retry" } });
    const giveUp = run({ ...base, clients: { ...base.clients, onError: "give-up" } });
    const refused0 = (r: Results) => r.queueing!.servers[0]!.refused;
    // next: every refusal at 0 moves to 1, which then serves it.
    expect(next.totals.failed).toBe(0);
    expect(next.queueing!.totals.retries).toBe(refused0(next));
    expect(next.servers[1]!.served).toBe(refused0(next));
    // retry: the second attempt goes to 0 again, so server 1 never sees a request.
    expect(retry.servers[1]!.attempts).toBe(0);
    expect(retry.totals.failed).toBeGreaterThan(0);
    // give-up: no retries; every refusal is a failed request.
    expect(giveUp.queueing!.totals.retries).toBe(0);
    expect(giveUp.totals.failed).toBe(refused0(giveUp));
  });

  it("a request answered later than the timeout counts as timed out, and its work is still done", () => {
    const r = run(
      input(
        {
          servers: [{ address: "10.0.0.2" }],
          service: { serviceTime: { distribution: "deterministic", mean: 5 } },
        },
        { rate: 0.5, timeout: 4, onError: "give-up" },
      ),
    );
    const q = r.queueing!;
    expect(q.totals.timedOut).toBe(r.totals.requests);
    expect(r.totals.failed).toBe(r.totals.requests);
    // The server is overloaded (ρ = 2.5) and keeps working on abandoned requests.
    expect(q.servers[0]!.utilisation).toBeGreaterThan(0.99);
  });

  it("drop makes the client wait its timeout; refuse fails at once", () => {
    const mk = (overflow: "refuse" | "drop") =>
      run(
        input(
          { servers: [{ address: "10.0.0.2", queue: 0, overflow }], duration: 600 },
          { rate: 2, onError: "give-up", timeout: 7 },
        ),
      );
    const refuse = mk("refuse");
    const drop = mk("drop");
    expect(refuse.queueing!.totals.refused).toBeGreaterThan(0);
    expect(refuse.queueing!.totals.dropped).toBe(0);
    expect(drop.queueing!.totals.dropped).toBeGreaterThan(0);
    expect(drop.queueing!.totals.refused).toBe(0);
    // Failed requests are binned when they fail: at once for refuse, 7 s later for drop.
    expect(refuse.timeseries.afterHorizon.failedRequests).toBe(0);
  });

  it("stepping the run gives the same results as one run, and visits under way at the horizon finish", () => {
    const s = scenarioSchema.parse(input({ duration: 500 }, { rate: 0.9, requestsPerVisit: 3 }));
    const whole = runScenario(s);
    const sim = new Simulation(s);
    for (let t = 7; t < 500; t += 7) sim.runUntil(t);
    sim.run();
    expect(JSON.stringify(sim.snapshot())).toBe(JSON.stringify(whole));
    expect(whole.totals.served + whole.totals.failed).toBe(whole.totals.requests);
  });
});

describe("scenario validation for servers with capacity", () => {
  const problems = (i: unknown) => {
    const parsed = scenarioSchema.safeParse(i);
    return parsed.success;
  };
  it("unknown keys in service are schema errors", () => {
    expect(problems({ ...input(), service: { workers: 2, wrkers: 3 } })).toBe(false);
  });
});
