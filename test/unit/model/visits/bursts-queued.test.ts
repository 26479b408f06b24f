import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AccessLogRecording, Results } from "../../../../src/metrics/index.js";
import { replayTrace, runScenario } from "../../../../src/run/index.js";
import { loadScenario, type Scenario, scenarioSchema } from "../../../../src/scenario/index.js";
import { ROOT } from "../../../cli-helpers.js";
import { baseInput, total } from "../../../helpers.js";
import { sampleLines } from "../../../trace-helpers.js";

/**
 * Replayed traces and session workloads with servers with capacity
 * (src/model/visits/bursts-queued.ts): conservation, queueing closed forms,
 * time order at the servers, and the clients' reaction to errors.
 */

/** Epoch seconds of the synthetic traces' first line. */
const ORIGIN = Date.UTC(2015, 4, 18) / 1000;

/** A TSV trace (fractional epoch seconds: exact arrival times) of (seconds after ORIGIN, host) requests. */
function tsv(requests: readonly (readonly [number, string])[]): string[] {
  return [
    "time\thost\tbytes",
    ...requests.map(([t, h]) => `${(ORIGIN + t).toFixed(6)}\t${h}\t100`),
  ];
}

/** A small deterministic PRNG for the test's own traces (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson arrivals at rate λ over [0, horizon) from `hosts` hosts drawn uniformly. */
function poissonTrace(lambda: number, horizon: number, hosts: number, seed: number): string[] {
  const u = prng(seed);
  const requests: [number, string][] = [];
  for (let t = -Math.log(1 - u()) / lambda; t < horizon; t += -Math.log(1 - u()) / lambda)
    requests.push([t, `h${Math.floor(u() * hosts)}`]);
  return tsv(requests);
}

/** A trace scenario: `yaml` adds top-level fields (service, failures, ...), `clients` fields of clients; duration 1000 unless given. */
function traceScenario(yaml: string, clients = "", thinkTime = 30, trace = ""): Scenario {
  return loadScenario(
    `name: capacity-trace
${/^duration:/m.test(yaml) ? "" : "duration: 1000\n"}start: cold
${yaml}
clients:
  rate: 0
  selection: failover
${clients}
  trace: { file: x.tsv, format: tsv, thinkTime: ${thinkTime}${trace} }
`,
    "t.yaml",
  );
}

/** An access-log port that counts lines: 200 per answering host, 503 and 499 overall. */
function countingLog(servers: number) {
  const served = new Array<number>(servers).fill(0);
  const answers: number[] = [];
  const counts = { refused: 0, late: 0 };
  const log: AccessLogRecording = {
    served: (host, t) => {
      served[host]!++;
      answers.push(t);
    },
    unanswered: (_host, _t, _client, status) => {
      if (status === 503) counts.refused++;
      else counts.late++;
    },
  };
  return { log, served, answers, counts };
}

const R = 12;

function replicated(xs: readonly number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
  return { mean, se: sd / Math.sqrt(xs.length) };
}

function expectWithin(e: { mean: number; se: number }, expected: number): void {
  expect(Math.abs(e.mean - expected), `${e.mean} ± ${e.se} vs ${expected}`).toBeLessThanOrEqual(
    4 * e.se,
  );
}

describe("a replayed trace with capacity: conservation (property)", () => {
  const arb = fc.record({
    requests: fc.array(
      fc.tuple(fc.double({ min: 0, max: 120, noNaN: true }), fc.integer({ min: 0, max: 7 })),
      { minLength: 1, maxLength: 80 },
    ),
    servers: fc.integer({ min: 1, max: 3 }),
    workers: fc.integer({ min: 1, max: 2 }),
    queue: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    overflow: fc.constantFrom("refuse", "drop"),
    mean: fc.constantFrom(0.2, 1, 4),
    onError: fc.constantFrom("next", "retry", "give-up"),
    retries: fc.integer({ min: 0, max: 3 }),
    timeout: fc.constantFrom(0.5, 3, 30),
    failure: fc.constantFrom("none", "blackhole", "refused"),
    rtt: fc.constantFrom(0, 0.5),
    think: fc.constantFrom(0.5, 30),
    seed: fc.integer({ min: 1, max: 1000 }),
  });

  it("every request ends exactly once; attempts, server arrivals and access-log lines all agree", async () => {
    await fc.assert(
      fc.asyncProperty(arb, async (p) => {
        const addresses = Array.from({ length: p.servers }, (_, i) => `10.0.0.${i + 2}`);
        const sorted = [...p.requests].sort((a, b) => a[0] - b[0]);
        const lines = tsv(sorted.map(([t, h]) => [t, `h${h}`] as const));
        const s = traceScenario(
          `seed: ${p.seed}
servers: [${addresses.map((a) => `{ address: ${a} }`).join(", ")}]
service: { workers: ${p.workers}, serviceTime: { distribution: exponential, mean: ${p.mean} }${
            p.queue === undefined ? "" : `, queue: ${p.queue}`
          }, overflow: ${p.overflow} }
dns: { ttl: 20, order: cyclic }
resolvers: { count: 3, authorityRtt: ${p.rtt} }
failures: ${p.failure === "none" ? "[]" : `[{ server: ${addresses[0]}, at: 20, duration: 60, mode: ${p.failure} }]`}`,
          `  onError: ${p.onError}
  retries: ${p.retries}
  retryDelay: 0.3
  timeout: ${p.timeout}
  connectTimeout: 1`,
          p.think,
        );
        const logs = countingLog(p.servers);
        const { results: r } = await replayTrace(s, () => [lines], { accessLog: logs.log });
        const t = r.totals;
        const qt = r.queueing!.totals;
        expect(t.requests).toBe(sorted.length);
        expect(t.served + t.failed).toBe(t.requests);
        // A visit fails when one of its requests does, also one that fails after the host's next burst began.
        expect(t.failedVisits === 0).toBe(t.failed === 0);
        expect(t.failedVisits).toBeLessThanOrEqual(Math.min(t.failed, t.visits));
        expect(t.attempts).toBe(
          t.served + t.failedAttempts + qt.refused + qt.dropped + qt.timedOut,
        );
        expect(total(r.servers.map((sv) => sv.attempts))).toBe(t.attempts);
        for (const sv of r.queueing!.servers)
          expect(sv.accepted + sv.refused + sv.dropped).toBe(sv.arrivals);
        // The servers' access logs: one line per answer at the host that gave it, per refusal, per late answer.
        expect(logs.served).toEqual(r.servers.map((sv) => sv.load));
        expect(logs.counts.refused).toBe(qt.refused);
        expect(logs.counts.late).toBe(qt.timedOut);
        if (p.onError === "give-up" || p.retries === 0) expect(qt.retries).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});

describe("a session workload with capacity: conservation (property)", () => {
  it("every request ends exactly once, with warm-up, pre-roll, failures and retries", () => {
    fc.assert(
      fc.property(
        fc.record({
          start: fc.constantFrom("cold", "steady"),
          warmup: fc.constantFrom(0, 30),
          queue: fc.integer({ min: 0, max: 4 }),
          onError: fc.constantFrom("next", "retry", "give-up"),
          failure: fc.constantFrom("none", "blackhole"),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        (p) => {
          const s = scenarioSchema.parse(
            baseInput({
              duration: 200,
              warmup: p.warmup,
              seed: p.seed,
              start: p.start,
              window: 20,
              service: {
                workers: 1,
                queue: p.queue,
                serviceTime: { distribution: "exponential", mean: 0.3 },
              },
              failures:
                p.failure === "none"
                  ? []
                  : [{ server: "10.0.0.1", at: 50, duration: 40, mode: "blackhole" }],
              clients: {
                rate: 0,
                selection: "failover",
                onError: p.onError,
                timeout: 2,
                retries: 2,
                retryDelay: 0.5,
                sessions: {
                  lookupGap: 20,
                  classes: [
                    {
                      name: "b",
                      clients: 50,
                      rate: 0.5,
                      pages: { dist: "geometric", mean: 3, max: 20 },
                      thinkTime: { dist: "exponential", mean: 10 },
                      objects: { dist: "geometric", mean: 3, max: 20 },
                      objectGap: { dist: "exponential", mean: 0.2 },
                    },
                  ],
                },
              },
            }),
          );
          const r = runScenario(s);
          const t = r.totals;
          const qt = r.queueing!.totals;
          expect(t.requests).toBeGreaterThan(0);
          expect(t.served + t.failed).toBe(t.requests);
          expect(t.attempts).toBe(
            t.served + t.failedAttempts + qt.refused + qt.dropped + qt.timedOut,
          );
          for (const sv of r.queueing!.servers)
            expect(sv.accepted + sv.refused + sv.dropped).toBe(sv.arrivals);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("queueing closed forms through a replayed trace (Poisson requests, 1 server, exponential service)", () => {
  // λ = 0.8, μ = 1: the M/M/1 relaxation time is about 90 s, the warm-up over ten of them.
  const lambda = 0.8;
  const duration = 12_000;
  const s = (queue: string) =>
    traceScenario(
      `duration: ${duration}
warmup: 1000
window: 1000
servers: [{ address: 10.0.0.2 }]
service: { workers: 1, serviceTime: { distribution: exponential, mean: 1 }${queue} }
dns: { ttl: 60, order: cyclic }
resolvers: { count: 5, authorityRtt: 0 }`,
      "  timeout: 1e9\n  onError: give-up",
    );
  /** R replications: each its own trace (seed i) and service times (run seed i). */
  async function runs(scenario: Scenario): Promise<Results[]> {
    const out: Results[] = [];
    for (let i = 1; i <= R; i++) {
      const lines = poissonTrace(lambda, duration, 200, i);
      out.push((await replayTrace(scenario, () => [lines], { seed: i })).results);
    }
    return out;
  }

  it("M/M/1: mean response 1/(μ − λ) = 5 s, utilisation λ/μ = 0.8", async () => {
    const rs = await runs(s(""));
    const w = replicated(rs.map((r) => r.queueing!.servers[0]!.responseTime.mean!));
    // Small against the nearest wrong model, M/D/1 (3 s), and against feed-order offering.
    expect(w.se).toBeLessThan(0.25);
    expectWithin(w, 1 / (1 - lambda));
    const u = replicated(rs.map((r) => r.queueing!.servers[0]!.utilisation));
    expect(u.se).toBeLessThan(0.01);
    expectWithin(u, lambda);
  });

  it("M/M/1/K, K = 10 in the system (queue: 9): the refused share is the blocking probability", async () => {
    const rs = await runs(s(", queue: 9"));
    const rho = lambda;
    const K = 10;
    const blocking = ((1 - rho) * rho ** K) / (1 - rho ** (K + 1));
    const b = replicated(
      rs.map((r) => {
        const sv = r.queueing!.servers[0]!;
        return sv.refused / sv.arrivals;
      }),
    );
    // Tells K = 10 (0.0235) from K = 9 (0.0302) and K = 11 (0.0183).
    expect(b.se).toBeLessThan(0.0015);
    expectWithin(b, blocking);
  });
});

describe("a queueing closed form through a session workload", () => {
  it("one request per session (a Poisson stream) to 1 server: M/M/1 mean response 5 s", () => {
    const xs: number[] = [];
    for (let i = 1; i <= R; i++) {
      const s = scenarioSchema.parse(
        baseInput({
          duration: 12_000,
          warmup: 1000,
          window: 1000,
          start: "cold",
          servers: [{ address: "10.0.0.2" }],
          service: { workers: 1, serviceTime: { distribution: "exponential", mean: 1 } },
          resolvers: { count: 5, authorityRtt: 0 },
          clients: {
            rate: 0,
            timeout: 1e9,
            onError: "give-up",
            sessions: {
              lookupGap: 300,
              classes: [
                {
                  name: "one",
                  clients: 1000,
                  rate: 0.8,
                  pages: 1,
                  objects: 0,
                  thinkTime: 1,
                  objectGap: 1,
                },
              ],
            },
          },
        }),
      );
      xs.push(runScenario(s, { seed: i }).queueing!.servers[0]!.responseTime.mean!);
    }
    const w = replicated(xs);
    expect(w.se).toBeLessThan(0.25);
    expectWithin(w, 5);
  });
});

describe("time order at the servers", () => {
  it("a request delayed by its lookup reaches the server after a later-made one and queues behind it", async () => {
    // One server, one worker, 1 s deterministic service. Host b's burst starts
    // at 0 with a 0.5 s lookup (a cache miss), so its first request reaches the
    // server at 0.5; its second, made at 0.3 in the same burst (no lookup),
    // reaches it at 0.3 and is served first: answers at 1.3 and 2.3, responses
    // 1.0 and 1.8. Offered in the order they were made, the first would be
    // answered at 1.5 and the second at 2.5 (responses 1.0 and 2.2).
    const s = traceScenario(
      `servers: [{ address: 10.0.0.2 }]
service: { workers: 1, serviceTime: { distribution: deterministic, mean: 1 } }
dns: { ttl: 60 }
resolvers: { count: 1, authorityRtt: 0.5 }`,
    );
    const logs = countingLog(1);
    const lines = tsv([
      [0, "b"],
      [0.3, "b"],
    ]);
    const { results } = await replayTrace(s, () => [lines], { accessLog: logs.log });
    const sv = results.queueing!.servers[0]!;
    expect(logs.answers.map((t) => Math.round(t * 1e6) / 1e6)).toEqual([1.3, 2.3]);
    expect(sv.responseTime.mean!).toBeCloseTo(1.4, 6);
    expect(sv.meanWait).toBeCloseTo(0.4, 6);
  });

  it("a failover after a black-holed connect reaches the next server at the connect timeout, behind requests made later", async () => {
    // Two servers, 10.0.0.2 black-holed throughout, 2 s connect timeout, one
    // frozen resolver: every host gets the answer (10.0.0.2, 10.0.0.3). Host a's
    // request at 0 reaches 10.0.0.3 at 2; host c's first, at 1, at 3, and
    // moves c's sticky address on, so c's second (same burst, made at 1.5)
    // goes straight there at 1.5 and is served first.
    const s = traceScenario(
      `servers: [{ address: 10.0.0.2 }, { address: 10.0.0.3 }]
service: { workers: 1, serviceTime: { distribution: deterministic, mean: 1 } }
dns: { ttl: 600, order: cyclic }
resolvers: { count: 1, behaviour: frozen, authorityRtt: 0 }
failures: [{ server: 10.0.0.2, at: 0, duration: 900, mode: blackhole }]`,
      "  connectTimeout: 2",
      30,
      // No host is a resolver of its own: both share the one frozen resolver.
      ", resolvers: { rule: heavy, heavy: 0 }",
    );
    const logs = countingLog(2);
    const lines = tsv([
      [0, "a"],
      [1, "c"],
      [1.5, "c"],
    ]);
    const { results } = await replayTrace(s, () => [lines], { accessLog: logs.log });
    expect(results.totals.failedAttempts).toBe(2);
    expect(logs.served).toEqual([0, 3]);
    // Served in arrival order at the server: c's second 1.5–2.5, a's 2.5–3.5, c's first 3.5–4.5.
    expect(logs.answers.map((t) => Math.round(t * 1e6) / 1e6)).toEqual([2.5, 3.5, 4.5]);
  });
});

describe("onError with a trace: next, retry and give-up on a tiny deterministic case", () => {
  // Two loss servers (1 worker, queue 0) with 10 s service; one host's burst
  // of three requests at 0, 1 and 2, retries 1, retryDelay 10.
  async function outcome(onError: string) {
    const s = traceScenario(
      `duration: 100
servers: [{ address: 10.0.0.2 }, { address: 10.0.0.3 }]
service: { workers: 1, queue: 0, serviceTime: { distribution: deterministic, mean: 10 } }
dns: { ttl: 600, order: cyclic }
resolvers: { count: 1, authorityRtt: 0 }`,
      `  onError: ${onError}\n  retries: 1\n  retryDelay: 10\n  timeout: 30`,
    );
    const lines = tsv([
      [0, "h"],
      [1, "h"],
      [2, "h"],
    ]);
    const logs = countingLog(2);
    const { results } = await replayTrace(s, () => [lines], { accessLog: logs.log });
    const q = results.queueing!.totals;
    return {
      served: results.totals.served,
      failed: results.totals.failed,
      refused: q.refused,
      retries: q.retries,
      loads: results.servers.map((sv) => sv.load).sort(),
      answers: logs.answers,
      failedVisits: results.totals.failedVisits,
    };
  }

  it("give-up: the two requests refused by the busy sticky server fail", async () => {
    expect(await outcome("give-up")).toEqual({
      served: 1,
      failed: 2,
      refused: 2,
      retries: 0,
      loads: [0, 1],
      answers: [10],
      failedVisits: 1,
    });
  });

  it("next: the refused request moves to the other address, and the burst's next request sticks to it (refused there, no address left)", async () => {
    expect(await outcome("next")).toEqual({
      served: 2,
      failed: 1,
      refused: 2,
      retries: 1,
      loads: [1, 1],
      answers: [10, 11],
      failedVisits: 1,
    });
  });

  it("retry: the same address after 10 s, free again at 11; the third request's retry at 12 is refused again", async () => {
    expect(await outcome("retry")).toEqual({
      served: 2,
      failed: 1,
      refused: 3,
      retries: 2,
      loads: [0, 2],
      answers: [10, 21],
      failedVisits: 1,
    });
  });
});

describe("fragmentation and content see the server that answered", () => {
  const bundled = (name: string): Scenario => {
    const file = join(ROOT, "scenarios", `${name}.yaml`);
    return loadScenario(readFileSync(file, "utf8"), file);
  };
  // Servers so fast and wide that nothing waits: every request is answered by
  // the server the fast path serves it at, a microsecond later, in the same order.
  const instant = {
    workers: 64,
    serviceTime: { distribution: "deterministic" as const, mean: 1e-6 },
  };
  it("with capacity that never queues, the real day's fragmentation and content results are the fast path's", async () => {
    for (const name of ["session-fragmentation-real-day", "content-central-copy"]) {
      const s = bundled(name);
      const fast = (await replayTrace(s, () => [sampleLines()])).results;
      const queued = (await replayTrace({ ...s, service: instant }, () => [sampleLines()])).results;
      expect(queued.queueing!.totals.accepted, name).toBe(2893);
      expect(
        queued.servers.map((sv) => sv.load),
        name,
      ).toEqual(fast.servers.map((sv) => sv.load));
      if (fast.fragmentation) expect(queued.fragmentation, name).toEqual(fast.fragmentation);
      if (fast.content) expect(queued.content, name).toEqual(fast.content);
      expect(fast.fragmentation ?? fast.content, name).toBeDefined();
    }
  });
});
