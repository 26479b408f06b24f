import { describe, expect, it } from "vitest";
import type { AccessLogRecording, Results } from "../../../src/metrics/index.js";
import { replayTrace, Simulation } from "../../../src/run/index.js";
import {
  loadScenario,
  type Scenario,
  type ScenarioInput,
  scenarioSchema,
} from "../../../src/scenario/index.js";

/**
 * Under IP takeover the host that took the dead address over answers its
 * requests, so its access log gets their lines (200, and with capacity the
 * 503 of its full queue and the 499 of its late answers), and the dead host's
 * log gets nothing while it is down. Checked on all four request paths: the
 * rate model without and with capacity (src/model/visits/rate-instant.ts,
 * rate-queued.ts), a replayed trace without and with capacity
 * (bursts-instant.ts, bursts-queued.ts).
 */

const SERVERS = ["10.0.0.1", "10.0.0.2", "10.0.0.3"];
/** 10.0.0.1 is down (connections refused) from 100 s for 300 s; taken over 30 s in. */
const FAILURE = { server: "10.0.0.1", at: 100, duration: 300, mode: "refused" } as const;
const TAKEOVER = { delay: 30 };
/** Capacity that the takeover host's doubled share overloads: 503s and 499s there. */
const CAPACITY = {
  workers: 2,
  queue: 2,
  serviceTime: { distribution: "exponential", mean: 0.05 },
} as const;

interface Line {
  readonly host: number;
  readonly t: number;
  readonly status: number;
}

function recordingLog(): { log: AccessLogRecording; lines: Line[] } {
  const lines: Line[] = [];
  return {
    lines,
    log: {
      served: (host, t) => lines.push({ host, t, status: 200 }),
      unanswered: (host, t, _client, status) => lines.push({ host, t, status }),
    },
  };
}

function synthetic(capacity: boolean): { r: Results; lines: Line[] } {
  const input: ScenarioInput = {
    name: "takeover-logs",
    duration: 600,
    start: "cold",
    servers: SERVERS.map((address) => ({ address })),
    ...(capacity ? { service: CAPACITY } : {}),
    dns: { ttl: 10, order: "cyclic" },
    resolvers: { count: 100, skew: 0, behaviour: "rotate" },
    clients: { rate: 60, selection: "first", timeout: 0.2, onError: "give-up" },
    failures: [FAILURE],
    takeover: TAKEOVER,
  };
  const { log, lines } = recordingLog();
  const sim = new Simulation(scenarioSchema.parse(input), {}, { accessLog: log });
  sim.run();
  return { r: sim.snapshot(), lines };
}

/** Epoch seconds of the trace's first line. */
const ORIGIN = Date.UTC(2015, 4, 18) / 1000;

/** A small deterministic PRNG for the test's trace (mulberry32). */
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

/** 60 requests/s for 600 s from 300 hosts, as a TSV trace. */
function traceLines(): string[] {
  const u = prng(22);
  const lines = ["time\thost\tbytes"];
  for (let t = -Math.log(1 - u()) / 60; t < 600; t += -Math.log(1 - u()) / 60)
    lines.push(`${(ORIGIN + t).toFixed(6)}\th${Math.floor(u() * 300)}\t100`);
  return lines;
}

async function replayed(capacity: boolean): Promise<{ r: Results; lines: Line[] }> {
  const s: Scenario = loadScenario(
    `name: takeover-trace
duration: 600
start: cold
servers: [${SERVERS.map((a) => `{ address: ${a} }`).join(", ")}]
${capacity ? `service: ${JSON.stringify(CAPACITY)}` : ""}
dns: { ttl: 10, order: cyclic }
resolvers: { count: 100 }
failures: [${JSON.stringify(FAILURE)}]
takeover: ${JSON.stringify(TAKEOVER)}
clients:
  rate: 0
  selection: first
  timeout: 0.2
  onError: give-up
  trace: { file: x.tsv, format: tsv, thinkTime: 5, from: "${ORIGIN}" }
`,
    "t.yaml",
  );
  const { log, lines } = recordingLog();
  const all = traceLines();
  const { results } = await replayTrace(s, () => [all], { accessLog: log });
  return { r: results, lines };
}

function expectLogsAtTheTakeoverHost(r: Results, lines: readonly Line[], capacity: boolean): void {
  const f = r.failures[0]!;
  expect(f.takenOverAt).toBe(FAILURE.at + TAKEOVER.delay);
  const during = (l: Line) => l.t >= f.takenOverAt! && l.t < f.end;
  // The takeover host carried part of the dead address's requests.
  expect(r.servers[0]!.served - r.servers[0]!.load).toBeGreaterThan(1000);
  // One 200 line per request a host carried, at that host.
  const served = SERVERS.map(
    (_, h) => lines.filter((l) => l.status === 200 && l.host === h).length,
  );
  expect(served).toEqual(r.servers.map((s) => s.load));
  // Nothing in the dead host's log while it is down; its address's lines are at 10.0.0.2.
  expect(lines.filter((l) => l.host === 0 && during(l))).toEqual([]);
  const at = (h: number) =>
    lines.filter((l) => l.status === 200 && l.host === h && during(l)).length;
  expect(at(1)).toBeGreaterThan(1.5 * at(2));
  if (!capacity) return;
  // The takeover host's full queue refuses (503) and answers late (499), in its own log.
  const q = r.queueing!;
  const refused = SERVERS.map(
    (_, h) => lines.filter((l) => l.status === 503 && l.host === h).length,
  );
  expect(refused).toEqual(q.servers.map((s) => s.refused));
  expect(lines.filter((l) => l.status === 499).length).toBe(q.totals.timedOut);
  for (const status of [503, 499])
    expect(
      lines.filter((l) => l.status === status && l.host === 1 && during(l)).length,
    ).toBeGreaterThan(10);
}

describe("IP takeover: access-log lines go to the host that answered", () => {
  it("rate model, fast path", () => {
    const { r, lines } = synthetic(false);
    expectLogsAtTheTakeoverHost(r, lines, false);
  });

  it("rate model, servers with capacity", () => {
    const { r, lines } = synthetic(true);
    expectLogsAtTheTakeoverHost(r, lines, true);
  });

  it("replayed trace, fast path", async () => {
    const { r, lines } = await replayed(false);
    expectLogsAtTheTakeoverHost(r, lines, false);
  });

  it("replayed trace, servers with capacity", async () => {
    const { r, lines } = await replayed(true);
    expectLogsAtTheTakeoverHost(r, lines, true);
  });
});
