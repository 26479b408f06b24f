import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  answerMembership,
  balanceOf,
  ConnectionLoad,
  type ConnectionRecording,
  Recorder,
} from "../../../src/metrics/index.js";
import { runScenario } from "../../../src/run/index.js";
import { loadScenario } from "../../../src/scenario/index.js";
import { ROOT } from "../../cli-helpers.js";
import { poolScenario, servers, sum } from "../model/connections/pool-helpers.js";

/** A recording that only counts what reaches it (what the connections block would get). */
function countingStats(): ConnectionRecording & { served_: number; unserved_: number } {
  const c = {
    served_: 0,
    unserved_: 0,
    served: (_s: number, _b: number, count: number) => {
      c.served_ += count;
    },
    opened: () => {},
    closed: () => {},
    resolved: () => {},
    failedConnect: () => {},
    unserved: (count: number) => {
      c.unserved_ += count;
    },
    milestone: () => {},
    poolChanged: () => {},
    autoscaled: () => {},
  };
  return c;
}

const oneVersion = (n: number) => ({ changeTimes: [], members: [new Uint8Array(n).fill(1)] });

describe("ConnectionLoad: a pool run's requests in the run's per-server counters", () => {
  it("passes every request on to the connections block and into the server and bin it was drawn in", () => {
    const rec = new Recorder(3, 100, 10);
    const stats = countingStats();
    const load = new ConnectionLoad(stats, rec, 0, oneVersion(3));
    load.served(1, 4, 25, 10);
    load.served(2, 9, 5, 3);
    expect(stats.served_).toBe(30);
    expect(rec.servedRequests).toBe(30);
    expect(rec.requests).toBe(30);
    expect(Array.from(rec.served)).toEqual([0, 25, 5]);
    expect(rec.binServed[4 * 3 + 1]).toBe(25);
    expect(rec.binHostLoad[9 * 3 + 2]).toBe(5);
    expect(rec.binRequests[4]).toBe(25);
  });

  it("spreads unserved requests over their bins by seconds, adding up exactly, and cuts them at the warm-up", () => {
    const rec = new Recorder(2, 100, 10);
    const load = new ConnectionLoad(countingStats(), rec, 0, oneVersion(2));
    // 7 requests over [5, 35): 5, 10, 10 and 5 seconds of bins 0–3 → running totals 1, 4, 6, 7.
    load.unserved(7, 5, 35);
    expect(Array.from(rec.binFailedRequests.subarray(0, 5))).toEqual([1, 3, 2, 1, 0]);
    expect(rec.failedRequests).toBe(7);
    expect(rec.requests).toBe(7);
    // With a 20 s warm-up, the part of [5, 35) before 20 s (its first 4 of 7) is not counted.
    const warm = new Recorder(2, 100, 10);
    const cut = new ConnectionLoad(countingStats(), warm, 20, oneVersion(2));
    cut.unserved(7, 5, 35);
    expect(Array.from(warm.binFailedRequests.subarray(0, 5))).toEqual([0, 0, 2, 1, 0]);
    // Requests carried in bins that end before the warm-up are not counted either.
    cut.served(0, 1, 50, 10);
    cut.served(0, 2, 40, 10);
    expect(warm.servedRequests).toBe(40);
  });

  it("marks a server in the answer in every bin its answer versions overlap", () => {
    const answers = {
      changeTimes: [600, 605],
      members: [Uint8Array.of(1, 1, 0), Uint8Array.of(1, 1, 1), Uint8Array.of(0, 1, 1)],
    };
    const m = answerMembership(answers, 3, 70, 10);
    const bin = (b: number) => Array.from(m.subarray(b * 3, b * 3 + 3));
    expect(bin(59)).toEqual([1, 1, 0]);
    // Bin 60 holds all three versions: every server was in the answer at some time in it.
    expect(bin(60)).toEqual([1, 1, 1]);
    expect(bin(61)).toEqual([0, 1, 1]);
  });

  it("counts a failed connect from the warm-up's end on, as the unserved requests are cut there", () => {
    const rec = new Recorder(2, 100, 10);
    const load = new ConnectionLoad(countingStats(), rec, 30, oneVersion(2));
    load.failedConnect(0, 29.9);
    load.failedConnect(1, 30);
    load.failedConnect(1, 31);
    expect(Array.from(rec.failedAttempts)).toEqual([0, 2]);
  });

  it("an autoscaled pool's answer follows the changes the run reports: added from its bin on, withdrawn after its bin", () => {
    const rec = new Recorder(3, 100, 10);
    const members = [0, 1, 2, 3].map((k) => Uint8Array.from([0, 1, 2], (i) => (i < k ? 1 : 0)));
    const load = new ConnectionLoad(countingStats(), rec, 0, {
      changeTimes: [],
      members,
      initial: 2,
    });
    const bin = (b: number) => Array.from(load.answerMembers.subarray(b * 3, b * 3 + 3));
    expect(bin(0)).toEqual([1, 1, 0]);
    load.poolChanged({ at: 25, kind: "add", server: 2 });
    expect(bin(1)).toEqual([1, 1, 0]);
    expect(bin(2)).toEqual([1, 1, 1]);
    load.poolChanged({ at: 55, kind: "remove", server: 2 });
    // Bin 5 holds the withdrawal: the server was in the answer for part of it.
    expect(bin(5)).toEqual([1, 1, 1]);
    expect(bin(6)).toEqual([1, 1, 0]);
    load.poolChanged({ at: 81, kind: "add", server: 2 });
    expect(bin(7)).toEqual([1, 1, 0]);
    expect(bin(8)).toEqual([1, 1, 1]);
    expect(bin(9)).toEqual([1, 1, 1]);
  });

  it("balance with members: a server out of the answer and idle is left out, one carrying load is not", () => {
    expect(balanceOf([30, 30, 0], 3, 0, [1, 1, 0])!.maxOverMean).toBe(1);
    expect(balanceOf([30, 30, 0], 3)!.maxOverMean).toBe(1.5);
    expect(balanceOf([40, 20, 0], 3, 0, [0, 1, 0])!.maxOverMean).toBeCloseTo(4 / 3, 12);
  });
});

describe("a pool run's per-server results", () => {
  it("sum of per-server requests = requests served = the connections block's; shares sum to 1; unserved are the failed requests", () => {
    const s = poolScenario(
      { runtime: "jvm", clients: 200, rate: 5, pool: { maxAge: 2 } },
      { duration: 400, pool: { changes: [{ at: 200, remove: ["10.0.0.1"] }], grace: 10 } },
    );
    const r = runScenario(s);
    const c = r.connections!;
    expect(sum(r.servers.map((x) => x.served))).toBe(r.totals.served);
    expect(r.totals.served).toBe(c.requests);
    expect(r.servers.map((x) => x.served)).toEqual(c.servers.map((x) => x.requests));
    expect(sum(r.servers.map((x) => x.share))).toBeCloseTo(1, 6);
    expect(sum(r.timeseries.loadByServer.map(sum))).toBe(r.totals.served);
    expect(r.totals.failed).toBe(c.unserved);
    expect(c.unserved).toBeGreaterThan(0);
    expect(sum(r.timeseries.failedRequests)).toBe(c.unserved);
    expect(r.totals.requests).toBe(c.requests + c.unserved);
    expect(r.totals.failedAttempts).toBe(c.failedConnects);
    expect(r.balance.window.windows).toBe(40);
  });

  it("a pool that sends everything to one server: balance N, whole run and every window", () => {
    // One gRPC pick_first channel whose connection never closes: one server of four.
    const s = poolScenario({ runtime: "grpc-pick-first", clients: 1, rate: 50 }, { duration: 300 });
    const r = runScenario(s);
    expect(r.servers.filter((x) => x.served > 0)).toHaveLength(1);
    expect(r.balance.maxOverMean).toBe(4);
    expect(r.balance.window.maxOverMean).toBe(4);
    expect(r.balance.window.worstMaxOverMean).toBe(4);
    expect(r.balance.jain).toBe(0.25);
  });

  it("servers added later count in a window's balance from the window they join the answer", () => {
    // Round robin over every address in the answer: 10.0.0.4 is added after the end, so every
    // window is even over the three in the answer, and so is the whole run, which counts the
    // servers ever in the answer (counting the fourth, never published, would give 4/3).
    const s = poolScenario(
      { runtime: "grpc-round-robin", clients: 100, rate: 20 },
      { duration: 300, pool: { changes: [{ at: 400, add: ["10.0.0.4"] }] } },
    );
    const r = runScenario(s);
    expect(r.servers[3]!.served).toBe(0);
    expect(r.balance.maxOverMean).toBeLessThan(1.05);
    expect(r.balance.window.maxOverMean).toBeLessThan(1.05);
  });

  it("headless-scale-out-grpc: the shares and balance recorded for the lesson", () => {
    const file = "headless-scale-out-grpc.yaml";
    const s = loadScenario(readFileSync(join(ROOT, "scenarios", file), "utf8"), file);
    const r = runScenario(s);
    expect(r.servers.map((x) => Math.round(x.share * 1000) / 10)).toEqual([
      20.9, 21.8, 18.7, 19.4, 9.1, 10.2,
    ]);
    // Per window over the servers in the answer (4 before 600 s, 6 after); whole run over all 6.
    expect(r.balance.window.maxOverMean).toBeCloseTo(1.214, 3);
    expect(r.balance.window.worstMaxOverMean).toBeCloseTo(1.72, 3);
    expect(r.balance.maxOverMean).toBeCloseTo(1.309, 3);
    expect(r.servers.map((x) => x.address)).toEqual(servers(6).map((x) => x.address));
  });
});
