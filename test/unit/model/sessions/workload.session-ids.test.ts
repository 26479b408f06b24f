import { describe, expect, it } from "vitest";
import { Simulator } from "../../../../src/engine/index.js";
import { drawClients, SessionWorkload } from "../../../../src/model/index.js";
import {
  type ScenarioInput,
  type SessionSpec,
  scenarioSchema,
} from "../../../../src/scenario/index.js";
import { baseInput } from "../../../helpers.js";

type SessionsInput = NonNullable<ScenarioInput["clients"]["sessions"]>;

function spec(sessions: SessionsInput): SessionSpec {
  return scenarioSchema.parse(baseInput({ clients: { rate: 0, selection: "failover", sessions } }))
    .clients.sessions!;
}

/** Two classes (one with return visits) under windows: every draw the fit's runs make. */
function classes(clients: readonly [number, number], skews: readonly [number, number]) {
  return [
    {
      name: "browsers",
      clients: clients[0],
      skew: skews[0],
      rate: 0.3,
      pages: { dist: "lognormal", median: 2, sigma: 1, max: 50 },
      thinkTime: { dist: "lognormal", median: 20, sigma: 1 },
      objects: { dist: "geometric", mean: 3, max: 100 },
      objectGap: { dist: "exponential", mean: 1 },
      revisit: { probability: 0.8, gap: { dist: "exponential", mean: 600 } },
    },
    {
      name: "crawler",
      clients: clients[1],
      skew: skews[1],
      rate: 0.05,
      pages: 3,
      thinkTime: 5,
      objects: 0,
      objectGap: 1,
    },
  ] as SessionsInput["classes"];
}

const observe = { period: 600, length: 60, offset: 100 };

function run(s: SessionSpec, horizon: number, seed: number, preRoll: number, ids: boolean) {
  const times: number[] = [];
  const hosts: number[] = [];
  const sim = new Simulator();
  const w = new SessionWorkload(
    s,
    seed,
    sim,
    horizon,
    {
      request(t, host) {
        times.push(t);
        hosts.push(host);
      },
    },
    { sessionIds: ids },
  );
  w.start(preRoll, true);
  sim.run(horizon);
  return { times, hosts, w };
}

describe("session workload: session ids (sessionIds) and drawClients", () => {
  it("gives each session the client the plain workload draws, for any clients and skews of the same laws", () => {
    const horizon = 30_000;
    const timeline = run(
      spec({ classes: classes([50, 2], [1, 0]), observe }),
      horizon,
      3,
      2000,
      true,
    );
    expect(timeline.w.sessionIdCount).toBeGreaterThan(100);
    // Some sessions arrived in the pre-roll, of both classes.
    const pre = timeline.w.sessionPreRoll.subarray(0, timeline.w.sessionIdCount);
    expect(pre.includes(1)).toBe(true);
    expect(pre.includes(0)).toBe(true);
    expect(new Set(timeline.w.sessionClass.subarray(0, timeline.w.sessionIdCount))).toEqual(
      new Set([0, 1]),
    );
    for (const [clients, skews] of [
      [
        [50, 2],
        [1, 0],
      ],
      [
        [400, 7],
        [0.6, 0.3],
      ],
      [
        [1, 1],
        [0, 0],
      ],
    ] as const) {
      const s = spec({ classes: classes(clients, skews), observe });
      const plain = run(s, horizon, 3, 2000, false);
      const client = drawClients(
        s,
        3,
        timeline.w.sessionClass,
        timeline.w.sessionPreRoll,
        timeline.w.sessionIdCount,
      );
      // The same requests at the same times, each at its session's client.
      expect(timeline.times).toEqual(plain.times);
      expect(timeline.hosts.map((id) => client[id]!)).toEqual(plain.hosts);
      expect(plain.w.sessionsStarted).toBe(timeline.w.sessionsStarted);
    }
  });

  it("makes ids in arrival order, a return visit keeping its session's", () => {
    const { hosts, w } = run(spec({ classes: classes([50, 2], [1, 0]) }), 5000, 1, 0, true);
    // First appearances of ids run 0, 1, 2, … (a request's session arrived no later than any later-seen one's).
    const seen = new Set<number>();
    let next = 0;
    for (const id of hosts)
      if (!seen.has(id)) {
        expect(id).toBe(next++);
        seen.add(id);
      }
    // Return visits: fewer ids than sessions started.
    expect(w.sessionIdCount).toBeLessThan(w.sessionsStarted);
    expect(w.sessionIdCount).toBe(next);
  });
});
