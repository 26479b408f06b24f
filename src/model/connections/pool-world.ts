import {
  CounterStreams,
  gamma,
  grownColumn,
  poisson,
  Simulator,
  uniformInt,
} from "../../engine/index.js";
import type { ConnectionRecording, PoolChangeEntry } from "../../metrics/index.js";
import type { Scenario } from "../../scenario/index.js";
import { AnswerVersions, answerTtl } from "./answers.js";
import { Autoscaler } from "./autoscaler.js";
import { idleCloseDelay } from "./idle-close.js";
import { type ResolvedRuntime, resolveRuntime } from "./runtimes.js";

/** Seconds a client waits before it tries again when no address of its answer takes a connection. */
export const RETRY_DELAY = 1;

export interface ConnectionWorldOptions {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly recording: ConnectionRecording;
}

/**
 * Clients that hold pools of connections (scenario `connections`), on their
 * own simulator. Events are only what changes a pool: a connection closing
 * (age, request limit, idle timeout, server reset), a retry, a periodic or
 * delayed re-resolution, a change of the DNS answer, a server resetting its
 * connections, a change of the clients' request rate, and (pool.autoscale)
 * each evaluation of the autoscaling rule. Requests are not events: between
 * two events of a client its requests are a Poisson stream split evenly over
 * its open connections, so each connection's requests are drawn per time bin
 * as Poisson counts when the client's pool next changes (and at the horizon).
 *
 * State is typed arrays: per client (held answer, open count), per slot
 * (clients × connections per client), per server. Nothing is allocated per
 * event. Each client draws from its own counter streams (answer rotations,
 * connection lives, request counts), so runs with another runtime use
 * common random numbers.
 */
export class ConnectionWorld {
  readonly sim = new Simulator();
  readonly horizon: number;
  private readonly rt: ResolvedRuntime;
  private readonly rec: ConnectionRecording;
  private readonly clients: number;
  private readonly servers: number;
  /** Connection slots per client: the pool size (first address), or one per server (every address). */
  private readonly perClient: number;
  /** Requests per second per client now (connections.rate, then each rateChanges entry). */
  private lambda: number;
  private readonly poolSize: number;
  private readonly maxAge: number;
  private readonly ageJitter: number;
  private readonly maxRequests: number;
  private readonly idleTimeout: number;
  private readonly fillShare: number;
  private readonly binWidth: number;
  private readonly binCount: number;
  private readonly steady: boolean;

  private readonly answers: AnswerVersions;
  private readonly ttl: number;
  private authVersion = 0;
  private resolverVersion = 0;
  private resolverExpiry = 0;

  private readonly heldVersion: Int32Array;
  private readonly heldRotation: Int32Array;
  private readonly heldAt: Float64Array;
  private readonly openCount: Int32Array;
  private readonly connRate: Float64Array;
  private readonly emptySince: Float64Array;
  private readonly resolvePending: Uint8Array;

  private readonly slotServer: Int16Array;
  private readonly flushedAt: Float64Array;
  private readonly ageEnd: Float64Array;
  private readonly closeAt: Float64Array;
  private readonly remaining: Float64Array;
  /** 1 when the slot's close must be drawn again (just opened, or its rate changed). */
  private readonly redraw: Uint8Array;

  private readonly openConns: Int32Array;
  private readonly rateTo: Float64Array;
  private readonly terminated: Uint8Array;
  /** When each server was last withdrawn: only the reset its latest withdrawal scheduled happens. */
  private readonly removedAt: Float64Array;

  /** Pool changes: the scheduled ones, then those the autoscaling rule makes (grown per scale event). */
  private readonly entries: PoolChangeEntry[];
  /** Pool change entries still waiting for their fill / drain / rebalance milestone. */
  private pendingMilestone: Uint8Array;
  private pendingRebalance: Uint8Array;
  private pendingCount = 0;
  /** Entries before this one have reached every milestone. */
  private firstPending = 0;

  /** pool.autoscale: the rule, its capacity and interval, and the requests each server served since it last ran. */
  private readonly autoscaler: Autoscaler | undefined;
  private readonly capacity: number;
  private readonly interval: number;
  private readonly servedTick: Float64Array;
  private finalized = false;

  private readonly answerStreams: CounterStreams;
  private readonly lifeStreams: CounterStreams;
  private readonly requestStreams: CounterStreams;
  private current = 0;
  private readonly answerRng = () => this.answerStreams.next(this.current);
  private readonly lifeRng = () => this.lifeStreams.next(this.current);
  private readonly requestRng = () => this.requestStreams.next(this.current);

  private readonly closeKind: number;
  private readonly retryKind: number;
  private readonly refreshKind: number;
  private readonly delayedKind: number;
  private readonly changeKind: number;
  private readonly terminateKind: number;
  private readonly rateKind: number;
  private readonly syncKind: number;

  private readonly spec: Scenario;

  constructor(options: ConnectionWorldOptions) {
    const s = options.scenario;
    this.spec = s;
    const spec = s.connections;
    if (!spec) throw new RangeError("a connection world needs scenario.connections");
    this.horizon = s.duration;
    this.rec = options.recording;
    this.answers = new AnswerVersions(s);
    this.ttl = answerTtl(s);
    this.rt = resolveRuntime(spec, this.ttl);
    this.clients = spec.clients;
    this.servers = s.servers.length;
    this.poolSize = spec.pool.size ?? 1;
    this.perClient = this.rt.spread === "every" ? this.servers : this.poolSize;
    this.lambda = spec.rate;
    this.maxAge = spec.pool.maxAge ?? Number.POSITIVE_INFINITY;
    this.ageJitter = spec.pool.ageJitter;
    this.maxRequests = this.rt.maxRequests;
    this.idleTimeout = this.rt.idleTimeout;
    this.fillShare = spec.fillShare;
    this.binWidth = s.window;
    this.binCount = Math.max(1, Math.ceil(s.duration / s.window));
    this.steady = s.start === "steady";

    const c = this.clients;
    const slots = c * this.perClient;
    this.heldVersion = new Int32Array(c).fill(this.answers.initial);
    this.heldRotation = new Int32Array(c);
    this.heldAt = new Float64Array(c);
    this.openCount = new Int32Array(c);
    this.connRate = new Float64Array(c);
    this.emptySince = new Float64Array(c).fill(Number.NaN);
    this.resolvePending = new Uint8Array(c);
    this.slotServer = new Int16Array(slots).fill(-1);
    this.flushedAt = new Float64Array(slots);
    this.ageEnd = new Float64Array(slots);
    this.closeAt = new Float64Array(slots).fill(Number.NaN);
    this.remaining = new Float64Array(slots);
    this.redraw = new Uint8Array(slots);
    this.openConns = new Int32Array(this.servers);
    this.rateTo = new Float64Array(this.servers);
    this.terminated = new Uint8Array(this.servers);
    this.removedAt = new Float64Array(this.servers).fill(Number.NaN);
    this.entries = [...this.answers.entries];
    this.pendingMilestone = new Uint8Array(Math.max(8, this.entries.length));
    this.pendingRebalance = new Uint8Array(Math.max(8, this.entries.length));
    const auto = s.pool?.autoscale;
    this.autoscaler = auto ? new Autoscaler(auto) : undefined;
    this.capacity = auto?.capacity ?? 0;
    this.interval = auto?.interval ?? 0;
    this.servedTick = new Float64Array(this.servers);
    this.authVersion = this.answers.initial;
    this.resolverVersion = this.answers.initial;

    const seed = options.seed;
    this.answerStreams = new CounterStreams(seed, "connections-answer", c + 1);
    this.lifeStreams = new CounterStreams(seed, "connections-life", c);
    this.requestStreams = new CounterStreams(seed, "connections-requests", c);

    this.closeKind = this.sim.on((slot, t) => this.onClose(slot, t));
    this.retryKind = this.sim.on((slot, t) => this.onRetry(slot, t));
    this.refreshKind = this.sim.on((client, t) => this.onRefresh(client, t));
    this.delayedKind = this.sim.on((client, t) => this.onDelayedResolve(client, t));
    this.changeKind = this.sim.on((change, t) => this.onChange(change, t));
    this.terminateKind = this.sim.on((server, t) => this.onTerminate(server, t));
    this.rateKind = this.sim.on((change, t) => this.onRate(change, t));
    this.syncKind = this.sim.on((_, t) => this.onSync(t));
    this.start(s.pool?.grace);
  }

  /** The time a withdrawn server resets its connections after (pool.grace), or Infinity. */
  private grace = Number.POSITIVE_INFINITY;

  private start(grace: number | undefined): void {
    this.grace = grace ?? Number.POSITIVE_INFINITY;
    // The shared resolver's cached answer is at a uniform point of its TTL (steady) or empty (cold).
    this.current = this.clients;
    this.resolverExpiry = this.steady ? this.answerRng() * this.ttl : 0;
    const rt = this.rt;
    const held = Number.isFinite(rt.cache) && rt.cache > 0 ? rt.cache : rt.minResolveInterval;
    for (let c = 0; c < this.clients; c++) {
      this.current = c;
      // A runtime that looks up for every connection needs no answer before its first one.
      if (!(rt.spread === "first" && rt.cache === 0 && !rt.onDisconnect)) this.resolve(c, 0);
      // Steady: the held answer was looked up at a uniform time before the start.
      if (this.steady) this.heldAt[c] = -this.answerRng() * held;
      this.begin(c, 0);
      if (rt.spread === "every") this.reconcile(c, 0);
      else for (let j = 0; j < this.perClient; j++) this.openFirst(c, j, 0);
      this.end(c, 0);
      if (Number.isFinite(rt.refresh)) {
        const first = this.steady ? this.lifeRng() * rt.refresh : rt.refresh;
        if (first < this.horizon) this.sim.schedule(first, this.refreshKind, c);
      }
    }
    this.answers.changeTimes.forEach((at, i) => {
      this.sim.schedule(at, this.changeKind, i);
    });
    this.rateChanges.forEach((change, i) => {
      if (change.at < this.horizon) this.sim.schedule(change.at, this.rateKind, i);
    });
    if (this.autoscaler && this.interval < this.horizon)
      this.sim.schedule(this.interval, this.syncKind, 0);
  }

  private get rateChanges(): readonly { at: number; rate: number }[] {
    return this.spec.connections?.rateChanges ?? [];
  }

  /** Runs every event before min(t, horizon); at the horizon, counts what the open connections carried since their last event. */
  runUntil(t: number): void {
    this.sim.run(Math.min(t, this.horizon));
    if (t >= this.horizon && !this.finalized) {
      this.finalized = true;
      for (let c = 0; c < this.clients; c++) {
        this.current = c;
        this.flushClient(c, this.horizon);
      }
    }
  }

  // --- DNS -----------------------------------------------------------------

  /** The client asks the shared resolver: its cached version until the TTL runs out, then the authority's; a random rotation per answer. */
  private resolve(c: number, t: number): void {
    if (t >= this.resolverExpiry) {
      this.resolverVersion = this.authVersion;
      this.resolverExpiry = t + this.ttl;
    }
    const v = this.resolverVersion;
    this.heldVersion[c] = v;
    this.heldRotation[c] = uniformInt(this.answerRng, this.answers.lists[v]!.length);
    this.heldAt[c] = t;
    this.rec.resolved(t);
  }

  /** gRPC: a disconnect asks for a resolution, at most once per minResolveInterval; true if it resolved now. */
  private requestResolve(c: number, t: number): boolean {
    const due = this.heldAt[c]! + this.rt.minResolveInterval;
    if (t >= due) {
      this.resolve(c, t);
      return true;
    }
    if (!this.resolvePending[c]) {
      this.resolvePending[c] = 1;
      if (due < this.horizon) this.sim.schedule(due, this.delayedKind, c);
    }
    return false;
  }

  // --- connections ----------------------------------------------------------

  /** Opens slot j of client c to the first address of its answer that takes connections (a lookup first if its runtime asks for one). */
  private openFirst(c: number, j: number, t: number): void {
    const rt = this.rt;
    if (!rt.onDisconnect && !(t - this.heldAt[c]! < rt.cache)) this.resolve(c, t);
    const list = this.answers.lists[this.heldVersion[c]!]!;
    const n = list.length;
    const rotation = this.heldRotation[c]!;
    for (let k = 0; k < n; k++) {
      const server = list[(rotation + k) % n]!;
      if (!this.terminated[server]) {
        this.openSlot(c * this.perClient + j, server, t);
        return;
      }
      this.rec.failedConnect(server, t);
      if (!rt.tryNext) break;
    }
    if (t + RETRY_DELAY < this.horizon)
      this.sim.schedule(t + RETRY_DELAY, this.retryKind, c * this.perClient + j);
  }

  /** Every-address runtimes: a connection to each server of the held answer, none to the others. */
  private reconcile(c: number, t: number): void {
    const members = this.answers.members[this.heldVersion[c]!]!;
    const base = c * this.perClient;
    for (let server = 0; server < this.servers; server++) {
      const slot = base + server;
      const open = this.slotServer[slot]! >= 0;
      if (members[server] && !open) {
        if (this.terminated[server]) this.rec.failedConnect(server, t);
        else this.openSlot(slot, server, t);
      } else if (!members[server] && open) this.closeSlot(slot, t);
    }
  }

  /** First-address runtimes after a new answer (gRPC pick_first): a connection whose server left the answer moves to the new first address. */
  private repick(c: number, t: number): void {
    const members = this.answers.members[this.heldVersion[c]!]!;
    for (let j = 0; j < this.perClient; j++) {
      const slot = c * this.perClient + j;
      const server = this.slotServer[slot]!;
      if (server >= 0 && !members[server]) {
        this.closeSlot(slot, t);
        this.openFirst(c, j, t);
      }
    }
  }

  private openSlot(slot: number, server: number, t: number): void {
    const c = (slot / this.perClient) | 0;
    this.slotServer[slot] = server;
    this.flushedAt[slot] = t;
    const age = this.maxAge * (1 + this.ageJitter * (2 * this.lifeRng() - 1));
    // Steady start: connections open at t = 0 are at a uniform point of their life.
    const initial = t === 0 && this.steady;
    this.ageEnd[slot] = t + (initial ? this.lifeRng() * age : age);
    this.remaining[slot] = initial
      ? Math.ceil(this.lifeRng() * this.maxRequests)
      : this.maxRequests;
    this.redraw[slot] = 1;
    this.openCount[c]!++;
    this.openConns[server]!++;
    this.rec.opened(server, t);
  }

  private closeSlot(slot: number, t: number): void {
    const server = this.slotServer[slot]!;
    const c = (slot / this.perClient) | 0;
    this.slotServer[slot] = -1;
    this.closeAt[slot] = Number.NaN;
    this.openCount[c]!--;
    this.openConns[server]!--;
    this.rec.closed(server, t);
  }

  // --- requests and rates ---------------------------------------------------

  /** Before a client's pool changes: count its requests up to t and take its rate off the servers. */
  private begin(c: number, t: number): void {
    this.flushClient(c, t);
    const rate = this.connRate[c]!;
    const base = c * this.perClient;
    for (let j = 0; j < this.perClient; j++) {
      const server = this.slotServer[base + j]!;
      if (server >= 0) this.rateTo[server]! -= rate;
    }
  }

  /** After a client's pool changed: its rate on the servers again, and each connection's close drawn if it must be. */
  private end(c: number, t: number): void {
    const n = this.openCount[c]!;
    const rate = n > 0 ? this.lambda / n : 0;
    const changed = rate !== this.connRate[c];
    this.connRate[c] = rate;
    if (n === 0 && Number.isNaN(this.emptySince[c]!)) this.emptySince[c] = t;
    const base = c * this.perClient;
    for (let j = 0; j < this.perClient; j++) {
      const slot = base + j;
      const server = this.slotServer[slot]!;
      if (server < 0) continue;
      this.rateTo[server]! += rate;
      if (changed || this.redraw[slot]) this.scheduleClose(slot, rate, t);
    }
  }

  private scheduleClose(slot: number, rate: number, t: number): void {
    this.redraw[slot] = 0;
    let close = this.ageEnd[slot]!;
    const left = this.remaining[slot]!;
    if (Number.isFinite(left))
      close = Math.min(close, left <= 0 ? t : t + gamma(this.lifeRng, left, rate));
    if (Number.isFinite(this.idleTimeout))
      close = Math.min(close, t + idleCloseDelay(this.lifeRng, rate, this.idleTimeout));
    if (close === this.closeAt[slot]) return;
    this.closeAt[slot] = close;
    if (close < this.horizon) this.sim.schedule(close, this.closeKind, slot);
  }

  /** Requests of client c's connections since their last count, drawn per time bin; and those it had no connection for. */
  private flushClient(c: number, t: number): void {
    const rate = this.connRate[c]!;
    const base = c * this.perClient;
    for (let j = 0; j < this.perClient; j++) {
      const slot = base + j;
      const server = this.slotServer[slot]!;
      if (server < 0) continue;
      const from = this.flushedAt[slot]!;
      if (t <= from) continue;
      this.flushedAt[slot] = t;
      const w = this.binWidth;
      for (let bin = Math.floor(from / w); bin < this.binCount; bin++) {
        const lo = Math.max(from, bin * w);
        const hi = Math.min(t, (bin + 1) * w);
        if (hi <= lo) break;
        const count = poisson(this.requestRng, rate * (hi - lo));
        this.remaining[slot]! -= count;
        this.servedTick[server]! += count;
        this.rec.served(server, bin, count, hi - lo);
      }
    }
    const since = this.emptySince[c]!;
    if (!Number.isNaN(since)) {
      if (t > since)
        this.rec.unserved(poisson(this.requestRng, this.lambda * (t - since)), since, t);
      this.emptySince[c] = this.openCount[c]! > 0 ? Number.NaN : t;
    }
  }

  // --- events ---------------------------------------------------------------

  private onClose(slot: number, t: number): void {
    if (this.closeAt[slot] !== t || this.slotServer[slot]! < 0) return;
    const c = (slot / this.perClient) | 0;
    this.current = c;
    const server = this.slotServer[slot]!;
    this.begin(c, t);
    this.closeSlot(slot, t);
    const resolved = this.rt.onDisconnect && this.requestResolve(c, t);
    if (this.rt.spread === "first") {
      this.openFirst(c, slot - c * this.perClient, t);
      if (resolved) this.repick(c, t);
    } else if (resolved) this.reconcile(c, t);
    else if (this.answers.members[this.heldVersion[c]!]![server] && !this.terminated[server])
      this.openSlot(slot, server, t);
    this.end(c, t);
    this.checkMilestones(t);
  }

  private onRetry(slot: number, t: number): void {
    if (this.slotServer[slot]! >= 0) return;
    const c = (slot / this.perClient) | 0;
    this.current = c;
    this.begin(c, t);
    this.openFirst(c, slot - c * this.perClient, t);
    this.end(c, t);
    this.checkMilestones(t);
  }

  private onRefresh(c: number, t: number): void {
    this.current = c;
    this.begin(c, t);
    this.resolve(c, t);
    if (this.rt.spread === "every") this.reconcile(c, t);
    else this.repick(c, t);
    this.end(c, t);
    const next = t + this.rt.refresh;
    if (next < this.horizon) this.sim.schedule(next, this.refreshKind, c);
    this.checkMilestones(t);
  }

  private onDelayedResolve(c: number, t: number): void {
    this.current = c;
    this.resolvePending[c] = 0;
    this.begin(c, t);
    this.resolve(c, t);
    if (this.rt.spread === "every") this.reconcile(c, t);
    else this.repick(c, t);
    this.end(c, t);
    this.checkMilestones(t);
  }

  private onChange(change: number, t: number): void {
    this.authVersion = change + 1;
    const entries = this.answers.entries;
    for (let i = 0; i < entries.length; i++) {
      if (this.answers.entryVersion[i] === change + 1) this.takeEffect(i, entries[i]!, t);
    }
    this.checkMilestones(t);
  }

  /** The clients' request rate changes: every client's requests so far are counted at the old rate, its connections carry the new one. */
  private onRate(change: number, t: number): void {
    for (let c = 0; c < this.clients; c++) {
      this.current = c;
      this.begin(c, t);
    }
    this.lambda = this.rateChanges[change]!.rate;
    for (let c = 0; c < this.clients; c++) {
      this.current = c;
      this.end(c, t);
    }
    this.checkMilestones(t);
  }

  /**
   * The autoscaling rule runs: every client's requests are counted up to now,
   * the servers in the answer served servedTick over the interval; their
   * average utilisation decides the new number of servers, published as the
   * first that-many servers listed (the DNS answer changes as for a scheduled
   * change: the resolver picks it up when its cached answer expires).
   */
  private onSync(t: number): void {
    for (let c = 0; c < this.clients; c++) {
      this.current = c;
      this.flushClient(c, t);
    }
    const from = this.authVersion;
    let served = 0;
    for (let s = 0; s < from; s++) served += this.servedTick[s]!;
    this.servedTick.fill(0);
    const utilisation = served / (from * this.capacity * this.interval);
    const to = this.autoscaler!.decide(t, from, utilisation);
    if (to !== from) {
      this.authVersion = to;
      // A scale-up publishes the next servers listed; a scale-down withdraws the last added first.
      for (let server = from; server < to; server++) this.addEntry(t, "add", server);
      for (let server = from - 1; server >= to; server--) this.addEntry(t, "remove", server);
    }
    this.rec.autoscaled(t, utilisation, from, to);
    this.checkMilestones(t);
    const next = t + this.interval;
    if (next < this.horizon) this.sim.schedule(next, this.syncKind, 0);
  }

  /** A change the rule made: numbered after the others, its milestones pending, a withdrawn server reset after its grace. */
  private addEntry(t: number, kind: "add" | "remove", server: number): void {
    const i = this.entries.length;
    const entry = { at: t, kind, server };
    this.entries.push(entry);
    this.rec.poolChanged(entry);
    if (i >= this.pendingMilestone.length) {
      this.pendingMilestone = grownColumn(this.pendingMilestone);
      this.pendingRebalance = grownColumn(this.pendingRebalance);
    }
    this.takeEffect(i, entry, t);
  }

  /** Change entry i takes effect at t: its milestones pending, a withdrawn server reset after its grace, an added one serving. */
  private takeEffect(i: number, e: PoolChangeEntry, t: number): void {
    this.firstPending = Math.min(this.firstPending, i);
    this.pendingMilestone[i] = 1;
    this.pendingRebalance[i] = 1;
    this.pendingCount += 2;
    if (e.kind === "remove") this.withdraw(e.server, t);
    else this.terminated[e.server] = 0;
  }

  /** A server left the answer at t: it resets its connections after the grace, unless it is added back (and withdrawn again) meanwhile. */
  private withdraw(server: number, t: number): void {
    this.removedAt[server] = t;
    if (t + this.grace < this.horizon)
      this.sim.schedule(t + this.grace, this.terminateKind, server);
  }

  /** A withdrawn server's grace ran out: it resets its connections, and their clients reconnect as their runtime does. */
  private onTerminate(server: number, t: number): void {
    if (this.answers.members[this.authVersion]![server]) return; // added back meanwhile
    // Withdrawn again since: the later withdrawal's own grace applies.
    if (t !== this.removedAt[server]! + this.grace) return;
    this.terminated[server] = 1;
    for (let c = 0; c < this.clients; c++) {
      const base = c * this.perClient;
      let touched = false;
      for (let j = 0; j < this.perClient; j++) {
        if (this.slotServer[base + j] !== server) continue;
        if (!touched) {
          this.current = c;
          this.begin(c, t);
          touched = true;
        }
        this.closeSlot(base + j, t);
        const resolved = this.rt.onDisconnect && this.requestResolve(c, t);
        if (this.rt.spread === "first") this.openFirst(c, j, t);
        else if (resolved) this.reconcile(c, t);
      }
      if (touched) this.end(c, t);
    }
    this.checkMilestones(t);
  }

  // --- fill, drain, rebalance -------------------------------------------------

  /** Milestones are read off the request rate each server carries, which changes only at events: exact times, no sampling noise. */
  private checkMilestones(t: number): void {
    if (this.pendingCount === 0) return;
    const members = this.answers.members[this.authVersion]!;
    let total = 0;
    let live = 0;
    for (let s = 0; s < this.servers; s++) {
      total += Math.max(0, this.rateTo[s]!);
      live += members[s]!;
    }
    let balanced = total > 0;
    for (let s = 0; s < this.servers && balanced; s++) {
      if (members[s]) {
        const relative = (Math.max(0, this.rateTo[s]!) / total) * live;
        if (Math.abs(relative - 1) > 1 - this.fillShare + 1e-9) balanced = false;
      } else if (this.openConns[s]! > 0) balanced = false;
    }
    const entries = this.entries;
    while (
      this.firstPending < entries.length &&
      !this.pendingMilestone[this.firstPending] &&
      !this.pendingRebalance[this.firstPending]
    )
      this.firstPending++;
    for (let i = this.firstPending; i < entries.length; i++) {
      const e = entries[i]!;
      if (this.pendingMilestone[i]) {
        const reached =
          e.kind === "add"
            ? members[e.server] === 1 &&
              total > 0 &&
              (Math.max(0, this.rateTo[e.server]!) / total) * live >= this.fillShare - 1e-9
            : this.openConns[e.server] === 0;
        if (reached) {
          this.rec.milestone(i, e.kind === "add" ? "fill" : "drain", t - e.at);
          this.pendingMilestone[i] = 0;
          this.pendingCount--;
        }
      }
      if (this.pendingRebalance[i] && balanced) {
        this.rec.milestone(i, "rebalance", t - e.at);
        this.pendingRebalance[i] = 0;
        this.pendingCount--;
      }
    }
  }
}
