import { RandomStreams, type Rng } from "../../engine/index.js";
import type { ServerRecording } from "../../metrics/index.js";
import type { ServerQueueing } from "../../scenario/index.js";
import { type ServiceTimeSampler, serviceTimeOf } from "./service-time.js";

/** A server's queueing parameters (scenario/resolve's, defaulted) with its service-time sampler. */
export interface ServerModel {
  readonly workers: number;
  /** Most requests waiting (Infinity: unlimited). */
  readonly queue: number;
  readonly overflow: "refuse" | "drop";
  readonly speed: number;
  /** Mean service time at this server's speed, seconds. */
  readonly meanService: number;
  readonly sample: ServiceTimeSampler;
}

/** Every server's model, from the resolved scenario's queueing parameters: built once per run (the fleet and the metrics share it). */
export function serverModels(queueing: readonly ServerQueueing[]): ServerModel[] {
  return queueing.map((q) => {
    const time = serviceTimeOf(q.serviceTime);
    return {
      workers: q.workers,
      queue: q.queue,
      overflow: q.overflow,
      speed: q.speed,
      meanService: time.mean / q.speed,
      sample: time.sample,
    };
  });
}

/** What `ServerFleet.offer` returns when a request is not accepted (accepted: its end time, ≥ 0). */
export const enum Offer {
  /** The queue was full and refuses at once. */
  REFUSED = -1,
  /** The queue was full and drops. */
  DROPPED = -2,
}

/**
 * The servers of a scenario with capacity: per server, c workers and a FIFO
 * queue of at most K waiting requests, with service times from a stream of
 * its own.
 *
 * A request's service time is drawn when it arrives, so in FIFO order its
 * start (when the earliest-free worker frees up) and end are known at once
 * (the Kiefer–Wolfowitz workload recursion): the workers are a min-heap of
 * the times they next fall free, the queue a ring buffer of the start times
 * of the requests still waiting (non-decreasing, since both arrivals and the
 * heap's minimum are). No completion events are needed. A client that gives
 * up does not take its request out of the queue: like a real server that
 * finds the socket closed only when it answers, the work is done anyway, so
 * timeouts and retries add load (retry storms).
 */
export class ServerFleet {
  readonly models: readonly ServerModel[];
  /** Workers over all servers. */
  readonly workerCount: number;
  /**
   * The worker that took the last accepted request. A worker's ends are
   * non-decreasing (it takes a request only once free), so each worker's
   * answers can be events of one engine lane.
   */
  worker = 0;
  private readonly heapOffset: Int32Array;
  private readonly freeAt: Float64Array;
  /** Beside each freeAt entry, the worker it belongs to (0 .. workerCount − 1, over all servers). */
  private readonly workerAt: Int32Array;
  private readonly rings: Float64Array[];
  private readonly head: Int32Array;
  private readonly size: Int32Array;
  private readonly rngs: Rng[];

  /** `models`: serverModels of the resolved scenario's queueing. */
  constructor(
    models: readonly ServerModel[],
    seed: number,
    private readonly rec: ServerRecording,
  ) {
    this.models = models;
    const n = this.models.length;
    this.heapOffset = new Int32Array(n + 1);
    for (let i = 0; i < n; i++)
      this.heapOffset[i + 1] = this.heapOffset[i]! + this.models[i]!.workers;
    this.workerCount = this.heapOffset[n]!;
    this.freeAt = new Float64Array(this.workerCount);
    this.workerAt = Int32Array.from({ length: this.workerCount }, (_, w) => w);
    this.rings = this.models.map((m) => new Float64Array(Math.max(1, Math.min(m.queue, 64))));
    this.head = new Int32Array(n);
    this.size = new Int32Array(n);
    const streams = new RandomStreams(seed);
    this.rngs = this.models.map((_, i) => streams.stream("service", i));
  }

  /**
   * A request reaches `host` at t: its end time if accepted, else
   * Offer.REFUSED or Offer.DROPPED (the queue was full).
   */
  offer(host: number, time: number): number {
    // Unboxed once: V8 checks and loads a double argument again at each use
    // in another block (about 6 instructions a use), a local it keeps as a double.
    const t = time - 0;
    const m = this.models[host]!;
    // The requests that have started by t leave the ring (waitingAt, inlined).
    const ring = this.rings[host]!;
    let h = this.head[host]!;
    let waiting = this.size[host]!;
    if (waiting > 0) {
      while (waiting > 0 && ring[h]! <= t) {
        h = h + 1 === ring.length ? 0 : h + 1;
        waiting--;
      }
      this.head[host] = h;
      this.size[host] = waiting;
    }
    const base = this.heapOffset[host]!;
    const c = m.workers;
    const freeAt = this.freeAt;
    const earliest = freeAt[base]!;
    // With requests waiting, or the earliest-free worker busy, every worker is.
    let busy = c;
    if (waiting === 0 && earliest <= t) {
      busy = 0;
      // Counted without a branch per worker (which busy is random: a branch would mispredict).
      for (let w = 1; w < c; w++) busy += +(freeAt[base + w]! > t);
    }
    this.rec.arrived(host, t, waiting + busy);
    if (earliest > t && waiting >= m.queue) {
      const dropped = m.overflow === "drop";
      this.rec.overflowed(host, t, dropped);
      return dropped ? Offer.DROPPED : Offer.REFUSED;
    }
    const start = earliest > t ? earliest : t;
    // At speed 1 (the usual case) the division is skipped: x / 1 is x, bit for bit.
    const work = m.sample(this.rngs[host]!);
    const speed = m.speed;
    const end = start + (speed === 1 ? work : work / speed);
    this.worker = this.workerAt[base]!;
    this.replaceEarliest(base, c, end);
    if (start > t) this.enqueue(host, start);
    this.rec.accepted(host, t, start, end);
    return end;
  }

  /** Requests at `host` at time t, waiting or in service (for tests: Little's law). */
  inSystem(host: number, t: number): number {
    const waiting = this.countWaiting(host, t);
    const base = this.heapOffset[host]!;
    let busy = 0;
    for (let w = 0; w < this.models[host]!.workers; w++) if (this.freeAt[base + w]! > t) busy++;
    return waiting + busy;
  }

  private countWaiting(host: number, t: number): number {
    const ring = this.rings[host]!;
    let n = 0;
    for (let k = 0, h = this.head[host]!; k < this.size[host]!; k++) {
      if (ring[h]! > t) n++;
      h = h + 1 === ring.length ? 0 : h + 1;
    }
    return n;
  }

  private enqueue(host: number, start: number): void {
    let ring = this.rings[host]!;
    const n = this.size[host]!;
    if (n === ring.length) {
      // Only an unlimited queue grows; a bounded one was sized to K.
      const grown = new Float64Array(ring.length * 2);
      const h = this.head[host]!;
      for (let k = 0; k < n; k++) grown[k] = ring[(h + k) % ring.length]!;
      this.rings[host] = ring = grown;
      this.head[host] = 0;
    }
    let tail = this.head[host]! + n;
    if (tail >= ring.length) tail -= ring.length;
    ring[tail] = start;
    this.size[host] = n + 1;
  }

  /** Sets the earliest-free worker's time to `value` and restores the min-heap (the worker moving with it). */
  private replaceEarliest(base: number, c: number, value: number): void {
    const heap = this.freeAt;
    const workers = this.workerAt;
    const worker = workers[base]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= c) break;
      if (child + 1 < c && heap[base + child + 1]! < heap[base + child]!) child++;
      if (heap[base + child]! >= value) break;
      heap[base + i] = heap[base + child]!;
      workers[base + i] = workers[base + child]!;
      i = child;
    }
    heap[base + i] = value;
    workers[base + i] = worker;
  }
}
