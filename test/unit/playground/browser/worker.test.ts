import { createContext, runInContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleBrowserScript } from "../../../../src/cli/playground-build.js";
import type { FromWorker, ToWorker } from "../../../../src/playground/index.js";
import { runScenario } from "../../../../src/run/index.js";
import type { Scenario } from "../../../../src/scenario/index.js";
import { scenario } from "../../../helpers.js";

type Frame = Extract<FromWorker, { type: "frame" }>;

/**
 * The playground's worker script, bundled exactly as the page embeds it, run
 * in a bare V8 context with a fake clock and a hand-driven timer queue: the
 * page's final results must be runScenario's, byte for byte, however the run
 * was paced, paused and stepped.
 */
class FakeWorker {
  readonly frames: Frame[] = [];
  readonly errors: string[] = [];
  /** Wall-clock ms; every read of the clock moves it on by `tick`. */
  wall = 0;
  private timers: { at: number; fn: () => void }[] = [];
  private readonly self: { onmessage: ((e: { data: ToWorker }) => void) | null };

  constructor(code: string, tick = 0.25) {
    const self = {
      onmessage: null as ((e: { data: ToWorker }) => void) | null,
      postMessage: (m: FromWorker) => {
        if (m.type === "frame") this.frames.push(m);
        else this.errors.push(m.message);
      },
    };
    this.self = self;
    const context = createContext({
      self,
      performance: {
        now: () => {
          this.wall += tick;
          return this.wall;
        },
      },
      setTimeout: (fn: () => void, delay: number) => {
        this.timers.push({ at: this.wall + delay, fn });
        return this.timers.length;
      },
    });
    runInContext(code, context);
  }

  send(message: ToWorker): void {
    this.self.onmessage!({ data: JSON.parse(JSON.stringify(message)) });
  }

  /** Runs queued timers (jumping the clock to each) until none is left or `limit` ran. */
  drain(limit = 1_000_000): number {
    let ran = 0;
    while (this.timers.length > 0 && ran < limit) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift()!;
      this.wall = Math.max(this.wall, next.at);
      next.fn();
      ran++;
    }
    return ran;
  }

  get last(): Frame {
    return this.frames[this.frames.length - 1]!;
  }
}

const s: Scenario = scenario({
  duration: 900,
  warmup: 30,
  window: 30,
  resolvers: {
    count: 60,
    skew: 1,
    behaviour: [
      { behaviour: "rotate", share: 0.5 },
      { behaviour: "pdns-recursor", share: 0.5 },
    ],
  },
  dns: { ttl: 45, order: "cyclic", healthCheck: { interval: 10, failures: 3 } },
  clients: { rate: 40, selection: "failover", requestsPerVisit: 3 },
  failures: [{ server: "10.0.0.2", at: 300, duration: 200, mode: "blackhole" }],
});

describe("the playground's Web Worker (bundled, in a context without Node globals)", () => {
  let code: string;
  const expected = JSON.stringify(runScenario(s));

  beforeAll(async () => {
    code = await bundleBrowserScript("worker");
  });

  it("runs as fast as it can to the same results as runScenario, in many slices with frames between", () => {
    // Every clock read costs 4 ms, so each slice holds only a few runUntil calls.
    const w = new FakeWorker(code, 4);
    w.send({ type: "start", scenario: s, speed: 0, paused: false });
    const slices = w.drain();
    expect(w.errors).toEqual([]);
    expect(w.last.done).toBe(true);
    expect(JSON.stringify(w.last.results)).toBe(expected);
    // It yielded: many slices, and frames at increasing times before the end.
    expect(slices).toBeGreaterThan(100);
    // Its own account of the longest stretch without yielding, on the fake clock.
    expect(w.last.longestSliceMs).toBeGreaterThan(0);
    expect(w.last.longestSliceMs).toBeLessThan(50);
    const times = w.frames.map((f) => f.now);
    expect(times.length).toBeGreaterThan(3);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("steps one window at a time while paused, then resumes to the same results", () => {
    const w = new FakeWorker(code);
    w.send({ type: "start", scenario: s, speed: 0, paused: true });
    expect(w.drain()).toBe(0); // paused: nothing runs
    for (let k = 1; k <= 3; k++) {
      w.send({ type: "step", seconds: 30 });
      w.drain();
      expect(w.last.now).toBe(30 * k);
      expect(w.last.paused).toBe(true);
    }
    w.send({ type: "resume" });
    w.drain();
    expect(JSON.stringify(w.last.results)).toBe(expected);
  });

  it("keeps to the speed asked for: simulated time per wall-clock second", () => {
    const w = new FakeWorker(code, 0.01);
    w.send({ type: "start", scenario: s, speed: 60, paused: false });
    while (w.wall < 5000) w.drain(1);
    // 5 s of wall clock at 60 s per second: 300 s simulated, within one 15 ms wait.
    expect(w.frames.length).toBeGreaterThan(0);
    const reached = w.last.now;
    expect(reached).toBeGreaterThan(300 - 60 * 0.25);
    expect(reached).toBeLessThanOrEqual(300 + 60 * 0.25);
    w.send({ type: "speed", speed: 0 });
    w.drain();
    expect(JSON.stringify(w.last.results)).toBe(expected);
  });
});
