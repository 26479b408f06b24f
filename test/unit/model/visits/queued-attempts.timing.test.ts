import { describe, expect, it } from "vitest";
import type { Results } from "../../../../src/metrics/index.js";
import { replayTrace, runScenario } from "../../../../src/run/index.js";
import {
  loadScenario,
  type ScenarioInput,
  scenarioSchema,
} from "../../../../src/scenario/index.js";
import { total } from "../../../helpers.js";

/**
 * When a live server's error reaches the client (src/model/servers/attempt.ts):
 * a refusal at once, a drop after the client's whole timeout, an answer later
 * than the timeout at the timeout; an answer at exactly the timeout is in
 * time. Failed requests are binned when they fail, so 1 s bins show the time.
 */

/** One server; visits of one request that give up at the first error; 1 s bins. */
function synthetic(
  server: Record<string, unknown>,
  clients: Record<string, unknown>,
  service: Record<string, unknown>,
): Results {
  const input: ScenarioInput = {
    name: "timing",
    duration: 600,
    window: 1,
    servers: [{ address: "10.0.0.2", ...server }],
    service,
    dns: { ttl: 60, order: "fixed" },
    resolvers: { count: 1, behaviour: "frozen" },
    clients: {
      rate: 2,
      requestsPerVisit: 1,
      selection: "failover",
      onError: "give-up",
      ...clients,
    },
  };
  return runScenario(scenarioSchema.parse(input));
}

/** Epoch seconds of the traces' first line. */
const ORIGIN = Date.UTC(2015, 4, 18) / 1000;

/** A replayed TSV trace of (seconds after ORIGIN, host) requests to one server; give-up clients; 1 s bins. */
async function replay(
  requests: readonly (readonly [number, string])[],
  service: string,
  timeout: number,
): Promise<Results> {
  const s = loadScenario(
    `name: timing-trace
duration: 100
window: 1
start: cold
servers: [{ address: 10.0.0.2 }]
service: ${service}
dns: { ttl: 60, order: fixed }
resolvers: { count: 1 }
clients:
  rate: 0
  selection: failover
  onError: give-up
  timeout: ${timeout}
  trace: { file: x.tsv, format: tsv, thinkTime: 30, from: "${ORIGIN}" }
`,
    "t.yaml",
  );
  const lines = [
    "time\thost\tbytes",
    ...requests.map(([t, h]) => `${(ORIGIN + t).toFixed(6)}\t${h}\t100`),
  ];
  return (await replayTrace(s, () => [lines])).results;
}

/** The bins (seconds) holding failed requests, one entry per failure. */
function failureTimes(r: Results): number[] {
  return r.timeseries.failedRequests.flatMap((n, b) => Array<number>(n).fill(b));
}

describe("overflow: drop fails after the client's timeout, refuse at once", () => {
  it("rate model: the same requests overflow in both, and drop's failures are refuse's moved by the timeout", () => {
    // A loss system (one worker, no queue) at 2 visits/s of 1 s requests: about
    // 2/3 overflow. Give-up clients with one request per visit never come back,
    // so both runs offer the server the same requests; only when the error
    // reaches the client differs.
    const timeout = 7;
    const mk = (overflow: "refuse" | "drop") =>
      synthetic(
        { queue: 0, overflow },
        { timeout },
        {
          serviceTime: { distribution: "deterministic", mean: 1 },
        },
      );
    const refuse = mk("refuse");
    const drop = mk("drop");
    const refused = refuse.queueing!.totals.refused;
    expect(refused).toBeGreaterThan(500);
    expect(drop.queueing!.totals.dropped).toBe(refused);
    expect(refuse.totals.failed).toBe(refused);
    expect(drop.totals.failed).toBe(refused);
    const a = refuse.timeseries.failedRequests;
    const b = drop.timeseries.failedRequests;
    // Nothing fails in the first `timeout` seconds of the drop run ...
    expect(b.slice(0, timeout)).toEqual(Array(timeout).fill(0));
    // ... then each bin holds what refuse failed `timeout` seconds earlier.
    expect(b.slice(timeout)).toEqual(a.slice(0, a.length - timeout));
    // Drops in the last `timeout` seconds fail past the horizon; refusals never do.
    expect(drop.timeseries.afterHorizon.failedRequests).toBe(total(a.slice(a.length - timeout)));
    expect(refuse.timeseries.afterHorizon.failedRequests).toBe(0);
  });

  it("trace replay: the request that finds the only worker busy fails at its arrival (refuse) or timeout later (drop)", async () => {
    // 1 worker, no queue, 5 s requests: the request at 10.5 finds the one of 10 in service.
    const requests = [
      [10, "a"],
      [10.5, "b"],
      [40, "c"],
    ] as const;
    const mk = (overflow: string) =>
      replay(
        requests,
        `{ workers: 1, queue: 0, overflow: ${overflow}, serviceTime: { distribution: deterministic, mean: 5 } }`,
        7,
      );
    const refuse = await mk("refuse");
    const drop = await mk("drop");
    expect(refuse.queueing!.totals.refused).toBe(1);
    expect(drop.queueing!.totals.dropped).toBe(1);
    expect(failureTimes(refuse)).toEqual([10]);
    expect(failureTimes(drop)).toEqual([17]);
    expect([refuse.totals.served, drop.totals.served]).toEqual([2, 2]);
  });
});

describe("the client's timeout: an answer later than it fails, one at exactly it does not", () => {
  const timeout = 0.3;
  /** Many workers: every request starts at once, so its response time is exactly S. */
  const withService = (s: number) =>
    synthetic(
      { workers: 1000 },
      { timeout },
      {
        serviceTime: { distribution: "deterministic", mean: s },
      },
    );

  it("rate model: S just below and at the timeout is served, just above times out", () => {
    // S = 0.29 is far above timeout / 2, so a halved comparison fails the first two.
    for (const s of [0.29, timeout]) {
      const r = withService(s);
      expect(r.totals.requests).toBeGreaterThan(1000);
      expect(r.queueing!.totals.timedOut, `S = ${s}`).toBe(0);
      expect(r.totals.served, `S = ${s}`).toBe(r.totals.requests);
    }
    const late = withService(0.31);
    expect(late.queueing!.totals.timedOut).toBe(late.totals.requests);
    expect(late.totals.served).toBe(0);
    // Timed out requests fail at the timeout, not when the late answer comes.
    expect(late.timeseries.afterHorizon.failedRequests).toBeLessThan(late.totals.requests);
  });

  it("trace replay: the same boundary, and the wait in the queue counts towards the timeout", async () => {
    // Arrival times with inexact binary fractions, where t + S − t is not S.
    const requests = [0.1, 3.7, 12.3, 20.9, 33.3].map((t, i) => [t, `h${i}`] as const);
    const deterministic = (s: number) =>
      `{ workers: 1, serviceTime: { distribution: deterministic, mean: ${s} } }`;
    for (const [s, timedOut] of [
      [0.29, 0],
      [timeout, 0],
      [0.31, 5],
    ] as const) {
      const r = await replay(requests, deterministic(s), timeout);
      expect(r.queueing!.totals.timedOut, `S = ${s}`).toBe(timedOut);
      expect(r.totals.served, `S = ${s}`).toBe(5 - timedOut);
    }
    // Two requests at once at one worker of 1 s: the second answers after 2 s.
    const pair = [
      [10, "a"],
      [10, "b"],
    ] as const;
    const waited = await replay(pair, deterministic(1), 1.9);
    expect(waited.queueing!.totals.timedOut).toBe(1);
    expect(failureTimes(waited)).toEqual([11]);
    const inTime = await replay(pair, deterministic(1), 2.1);
    expect(inTime.queueing!.totals.timedOut).toBe(0);
  });
});
