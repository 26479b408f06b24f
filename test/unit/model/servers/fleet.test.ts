import { describe, expect, it } from "vitest";
import type { ServerRecording } from "../../../../src/metrics/index.js";
import { Offer, ServerFleet, serverModels } from "../../../../src/model/servers/index.js";
import {
  resolve,
  type Scenario,
  type ScenarioInput,
  scenarioSchema,
} from "../../../../src/scenario/index.js";

/** The fleet of a scenario with capacity, built as the world builds it. */
const fleetOf = (s: Scenario) => new ServerFleet(serverModels(resolve(s).queueing!), 1, rec);

const log: string[] = [];
const rec: ServerRecording = {
  arrived: (h, t, n) => log.push(`arrive ${h} ${t} n=${n}`),
  accepted: (h, t, s, e) => log.push(`accept ${h} ${t} ${s}-${e}`),
  overflowed: (h, t, d) => log.push(`${d ? "drop" : "refuse"} ${h} ${t}`),
};

function fleet(service: ScenarioInput["service"]): ServerFleet {
  const s = scenarioSchema.parse({
    name: "f",
    duration: 100,
    servers: [{ address: "10.0.0.2" }],
    service,
    dns: { ttl: 60 },
    clients: { rate: 1 },
  });
  log.length = 0;
  return fleetOf(s);
}

describe("server fleet: FIFO workers and a bounded queue", () => {
  it("one worker, deterministic 1 s: requests queue FIFO and start when the worker frees up", () => {
    const f = fleet({ serviceTime: { distribution: "deterministic", mean: 1 } });
    expect(f.offer(0, 0)).toBe(1);
    expect(f.offer(0, 0.2)).toBe(2);
    expect(f.offer(0, 0.4)).toBe(3);
    expect(f.inSystem(0, 0.5)).toBe(3);
    expect(f.inSystem(0, 1.5)).toBe(2);
    expect(f.offer(0, 5)).toBe(6);
    expect(log).toEqual([
      "arrive 0 0 n=0",
      "accept 0 0 0-1",
      "arrive 0 0.2 n=1",
      "accept 0 0.2 1-2",
      "arrive 0 0.4 n=2",
      "accept 0 0.4 2-3",
      "arrive 0 5 n=0",
      "accept 0 5 5-6",
    ]);
  });
  it("c workers serve c at once; the earliest-free worker takes the next request", () => {
    const f = fleet({ workers: 2, serviceTime: { distribution: "empirical", values: [1] } });
    expect([f.offer(0, 0), f.offer(0, 0.5), f.offer(0, 0.6)]).toEqual([1, 1.5, 2]);
  });
  it("queue K: the (K+1)-th waiting request is refused, or dropped with overflow: drop", () => {
    const refuse = fleet({ serviceTime: { distribution: "deterministic", mean: 1 }, queue: 1 });
    expect(refuse.offer(0, 0)).toBe(1);
    expect(refuse.offer(0, 0.1)).toBe(2);
    expect(refuse.offer(0, 0.2)).toBe(Offer.REFUSED);
    // Once the first has finished, the waiting one is in service and the queue has room.
    expect(refuse.offer(0, 1.1)).toBe(3);
    const drop = fleet({
      serviceTime: { distribution: "deterministic", mean: 1 },
      queue: 0,
      overflow: "drop",
    });
    expect(drop.offer(0, 0)).toBe(1);
    expect(drop.offer(0, 0.5)).toBe(Offer.DROPPED);
    expect(drop.offer(0, 1)).toBe(2);
  });
  it("a server's speed divides its service times", () => {
    const s = scenarioSchema.parse({
      name: "f",
      duration: 100,
      servers: [{ address: "10.0.0.2", speed: 4 }],
      service: { serviceTime: { distribution: "deterministic", mean: 1 } },
      dns: { ttl: 60 },
      clients: { rate: 1 },
    });
    expect(fleetOf(s).offer(0, 0)).toBe(0.25);
  });
  it("a lognormal by median and p99 has that median and p99", () => {
    const f = fleet({ serviceTime: { distribution: "lognormal", median: 0.1, p99: 1 } });
    const xs = Array.from({ length: 40_000 }, (_, i) => {
      const t = i * 1000;
      return f.offer(0, t) - t;
    }).sort((a, b) => a - b);
    // Order statistics: the SE of an empirical q-quantile is sqrt(q(1−q)/n)/f(x_q);
    // in probability terms 4 SE is 4·sqrt(q(1−q)/n): 0.01 at the median, 0.002 at p99.
    const cdfAt = (x: number) => xs.findIndex((v) => v > x) / xs.length;
    expect(Math.abs(cdfAt(0.1) - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / xs.length));
    expect(Math.abs(cdfAt(1) - 0.99)).toBeLessThan(4 * Math.sqrt(0.0099 / xs.length));
  });
});

describe("server fleet: the worker of each accepted request (a lane each)", () => {
  it("names the worker that serves it, each worker's ends non-decreasing while a server's are not", () => {
    const s = scenarioSchema.parse({
      name: "f",
      duration: 100,
      servers: [{ address: "10.0.0.2" }, { address: "10.0.0.3" }],
      service: {
        workers: 3,
        serviceTime: { distribution: "exponential", mean: 0.5 },
        queue: 1000,
      },
      dns: { ttl: 60 },
      clients: { rate: 1 },
    });
    const f = fleetOf(s);
    expect(f.workerCount).toBe(6);
    const lastOfWorker = new Array<number>(6).fill(0);
    const used = new Set<number>();
    let serverOutOfOrder = 0;
    const lastOfServer = [0, 0];
    for (let k = 0; k < 2000; k++) {
      const host = k % 2;
      const end = f.offer(host, k * 0.1);
      expect(end).toBeGreaterThanOrEqual(0);
      const w = f.worker;
      // Server 0's workers are 0..2, server 1's 3..5.
      expect(Math.floor(w / 3)).toBe(host);
      expect(end).toBeGreaterThanOrEqual(lastOfWorker[w]!);
      lastOfWorker[w] = end;
      used.add(w);
      if (end < lastOfServer[host]!) serverOutOfOrder++;
      lastOfServer[host] = Math.max(lastOfServer[host]!, end);
    }
    expect(used.size).toBe(6);
    // ρ = 0.5 · 5 / 3 ≈ 0.83: ends overtake each other at a server, so a server's lane would not do.
    expect(serverOutOfOrder).toBeGreaterThan(100);
  });
});
