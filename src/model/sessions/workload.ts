import {
  AliasTable,
  exponential,
  RandomStreams,
  type Rng,
  type Simulator,
  zipfWeights,
} from "../../engine/index.js";
import {
  type CountDistribution,
  type DurationDistribution,
  rateAt,
  type SessionSpec,
} from "../../scenario/index.js";
import { ArrivalProcess } from "../arrivals.js";
import { CountDraw, DurationDraw } from "./draws.js";
import { SessionQueue } from "./queue.js";
import { classOffsets } from "./resolvers.js";
import { type Draw, tapedCount, tapedDuration } from "./tapes.js";

/** Where a session's requests go: BurstsInstantVisits.request or BurstsQueuedVisits.request in the world, a counter in tests. */
export interface RequestSink {
  /** Contract 2: a synthetic request has no log line ("") and no object of its own (-1: the content model, if any, draws one). */
  request(t: number, host: number, line: string, object: number): void;
}

/** A class's session draws: which client, pages, objects per page, think times, object gaps. */
interface SessionDraws {
  readonly clientRng: Rng;
  readonly pages: Draw;
  readonly objects: Draw;
  /** Heavy sessions (absent without `heavy`): the once-a-session coin and their objects law. */
  readonly heavyRng: Rng | undefined;
  readonly heavyObjects: Draw | undefined;
  /** A heavy session's object gaps (its own law, or the class's). */
  readonly heavyGap: Draw | undefined;
  readonly think: Draw;
  readonly gap: Draw;
  /** Return visits (absent without `revisit`): the coin and the gap to the next session. */
  readonly revisitRng: Rng | undefined;
  readonly revisitGap: Draw | undefined;
}

/** One class, compiled: its arrival process, client table and draws, each on its own streams. */
interface CompiledClass {
  readonly offset: number;
  readonly arrivals: ArrivalProcess;
  /** The Zipf client table (absent with `sessionIds`: no client is drawn). */
  readonly clients: AliasTable | undefined;
  /** Draws of the sessions that arrive from t = 0 on, and of the pre-roll's (streams of their own). */
  readonly main: SessionDraws;
  readonly pre: SessionDraws;
  /** Sessions per second at t = 0, and the stream of the pre-roll's arrival gaps. */
  readonly rateAtZero: number;
  readonly preRollRng: Rng;
  /** Chance a session's client comes back for another (0: no return visits). */
  readonly revisit: number;
  /** Chance a session is heavy (0: no heavy sessions). */
  readonly heavy: number;
}

/** Options of a session workload. */
export interface SessionWorkloadOptions {
  /**
   * Draw no client: each session gets an id (0, 1, … in arrival order; a
   * return visit keeps its session's), which the sink receives as the host,
   * and `sessionClass` / `sessionPreRoll` record each id's class and phase.
   * Every other draw is as without it, so `drawClients` then gives each id
   * the client the plain workload would have drawn for it: a run's request
   * times serve every client population of the same laws and rates (the fit
   * tries many).
   */
  readonly sessionIds?: boolean;
  /**
   * Nothing else runs on the simulator: the workload keeps its events in a
   * queue of its own and `runAlone` runs them, in the order the simulator
   * would (the same requests, at the same times), without its dispatch.
   */
  readonly alone?: boolean;
  /**
   * Read the laws' draws from tapes kept for the process (tapes.ts: each
   * value drawn once per seed, stream and law, the same values), for runs
   * repeated on the same seeds with the same laws, as the fit's are. A
   * stream two laws share (a heavy class's objects and gaps) is drawn as
   * without it.
   */
  readonly tapes?: boolean;
}

/** The stream of a class's client draws: the sessions from t = 0 on, or the pre-roll's. */
function clientStream(streams: RandomStreams, className: string, preRoll: boolean): Rng {
  return streams.stream(`sessions/${className}/${preRoll ? "pre-roll/" : ""}clients`);
}

/** A class's client table: Zipf(skew) over its clients (the workload's and `drawClients`'s one draw). */
function clientTable(c: { readonly clients: number; readonly skew: number }): AliasTable {
  return new AliasTable(zipfWeights(c.clients, c.skew));
}

/**
 * The clients the session workload of `spec` on `seed` draws for sessions
 * whose classes and phases (1: arrived in the pre-roll) are `sessionClass`
 * and `sessionPreRoll` in arrival order (`sessionIds`): each class and
 * phase draws from its own stream in its own arrival order, so this is the
 * plain workload's draw for each session. O(sessions + clients).
 */
export function drawClients(
  spec: SessionSpec,
  seed: number,
  sessionClass: Int32Array,
  sessionPreRoll: Uint8Array,
  count: number,
): Int32Array {
  const streams = new RandomStreams(seed);
  const offsets = classOffsets(spec);
  const tables = spec.classes.map(clientTable);
  const rngs = spec.classes.map((c) => [
    clientStream(streams, c.name, false),
    clientStream(streams, c.name, true),
  ]);
  const clients = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const k = sessionClass[i]!;
    clients[i] = offsets[k]! + tables[k]!.sample(rngs[k]![sessionPreRoll[i]!]!);
  }
  return clients;
}

/**
 * The session workload (SURGE-like, Barford & Crovella 1998): per class,
 * sessions arrive by the class's rate profile, each at a client drawn by
 * Zipf(skew) from the class; a session is `pages` pages, each a main
 * request and then `objects` embedded requests `objectGap` apart, with
 * `thinkTime` from a page's last request to the next page's main request.
 * Every request is a simulator event delivered to the sink at its time.
 *
 * Sessions live in a pool of slots (typed arrays indexed by the slot id,
 * which is the event payload; freed slots are reused), so memory is
 * O(concurrent sessions) and a request allocates nothing. A request at or
 * after the horizon is not made: the session ends there.
 *
 * Random streams are per class and purpose ("sessions/<class>/arrivals",
 * ".../clients", ".../pages", ".../objects", ".../think", ".../gaps"):
 * a class's requests are a function of its own parameters and the seed
 * alone, so adding a class or changing another one moves none of them.
 *
 * `observe` (a sampled log's windows): sessions arrive and run exactly as
 * without it (the same draws), but only the requests inside a window reach
 * the sink, so a fitted workload covers the same time as the log it was
 * fitted to, and each window's sessions are cut at its end as the log's are.
 *
 * `preRoll` > 0 (start: steady) first runs the workload from -preRoll to 0
 * at each class's rate at t = 0 (arrival gaps from ".../pre-roll", every
 * other draw of its sessions from ".../pre-roll/<purpose>", so the
 * sessions that arrive from t = 0 on are the same whatever the pre-roll's
 * length, e.g. for two TTLs), on a clock of its own (the workload's
 * queue), so that sessions under way and warm caches are there at t = 0;
 * the requests before 0 go to the sink with negative
 * times, which the world records as warm-up. A quiet pre-roll
 * (`clients.sessions.preRoll: quiet`) draws the same sessions but makes
 * none of their requests before 0: the sessions under way at t = 0 carry
 * on, every cache starts as it would without it (a log's state at its
 * first line, which the fitted run is compared with).
 */
export class SessionWorkload {
  private readonly classes: CompiledClass[];
  private readonly nextArrival: Float64Array;
  private client = new Int32Array(64);
  private classOf = new Int32Array(64);
  /** 1: the slot's session arrived in the pre-roll (it draws from the pre-roll's streams). */
  private preSession = new Uint8Array(64);
  /** 1: the slot's next request starts a return visit's session (counted when it is made). */
  private revisitNext = new Uint8Array(64);
  private pagesLeft = new Int32Array(64);
  private objectsLeft = new Int32Array(64);
  /** 1: the slot's session is heavy (its pages draw from the heavy objects law). */
  private heavySession = new Uint8Array(64);
  private nextAt = new Float64Array(64);
  private live = new Uint8Array(64);
  private free = new Int32Array(64);
  private freeCount = 0;
  private used = 0;
  /**
   * The pre-roll's events, and with `alone` every event: nothing else runs on
   * their clock, so they need no simulator. `own`: events go there now.
   */
  private readonly queue = new SessionQueue();
  private own = false;
  private readonly alone: boolean;
  /** The shift of the events' clock (the pre-roll's runs from 0 at -preRoll). */
  private shift = 0;
  private arrivalKind = 0;
  private requestKind = 0;
  private preRolling = false;
  /** A quiet pre-roll: its requests before 0 are drawn and not made. */
  private quiet = false;
  /** Requests a quiet pre-roll drew and did not make. */
  requestsQuiet = 0;
  /** Sessions started and requests made so far (the pre-roll included). */
  sessionsStarted = 0;
  requestsMade = 0;
  /** Requests outside the observation windows (`observe`): not made, counted. */
  requestsUnobserved = 0;
  /** Observation windows (period 0: none): a request is made only inside one. */
  private readonly observePeriod: number;
  private readonly observeLength: number;
  private readonly observeOffset: number;
  /** Sessions under way. */
  inFlight = 0;
  /** `sessionIds`: each id's class and whether it arrived in the pre-roll (1), for ids below `sessionIdCount`. */
  private readonly sessionIds: boolean;
  sessionClass: Int32Array = new Int32Array(0);
  sessionPreRoll: Uint8Array = new Uint8Array(0);
  /** Sessions given an id so far (`sessionIds`). */
  sessionIdCount = 0;

  constructor(
    spec: SessionSpec,
    seed: number,
    private readonly sim: Simulator,
    private readonly horizon: number,
    private readonly sink: RequestSink,
    options: SessionWorkloadOptions = {},
  ) {
    this.sessionIds = options.sessionIds === true;
    this.alone = options.alone === true;
    if (this.sessionIds) {
      this.sessionClass = new Int32Array(1024);
      this.sessionPreRoll = new Uint8Array(1024);
    }
    const streams = new RandomStreams(seed);
    const offsets = classOffsets(spec);
    const taped = options.tapes === true;
    this.classes = spec.classes.map((c, k) => {
      const name = (purpose: string) => `sessions/${c.name}/${purpose}`;
      const stream = (purpose: string) => streams.stream(name(purpose));
      // One law on a stream of its own: its draws are a function of (seed, stream, law).
      const duration = (purpose: string, law: DurationDistribution): Draw =>
        taped ? tapedDuration(seed, name(purpose), law) : new DurationDraw(law, stream(purpose));
      const count = (purpose: string, law: CountDistribution, lo: number): Draw =>
        taped ? tapedCount(seed, name(purpose), law, lo) : new CountDraw(law, lo, stream(purpose));
      const draws = (prefix: string): SessionDraws => {
        // A heavy session's pages draw from the objects stream too: the light
        // sessions' draws are the same calls on it, whichever laws they follow.
        const objects = c.heavy ? stream(`${prefix}objects`) : undefined;
        const gaps = c.heavy ? stream(`${prefix}gaps`) : undefined;
        const gap = gaps
          ? new DurationDraw(c.objectGap, gaps)
          : duration(`${prefix}gaps`, c.objectGap);
        return {
          clientRng: clientStream(streams, c.name, prefix !== ""),
          pages: count(`${prefix}pages`, c.pages, 1),
          objects: objects
            ? new CountDraw(c.objects, 0, objects)
            : count(`${prefix}objects`, c.objects, 0),
          heavyRng: c.heavy ? stream(`${prefix}heavy`) : undefined,
          heavyObjects: c.heavy ? new CountDraw(c.heavy.objects, 0, objects!) : undefined,
          think: duration(`${prefix}think`, c.thinkTime),
          gap,
          heavyGap: c.heavy?.objectGap ? new DurationDraw(c.heavy.objectGap, gaps!) : gap,
          revisitRng: c.revisit ? stream(`${prefix}revisit`) : undefined,
          revisitGap: c.revisit ? duration(`${prefix}revisit-gaps`, c.revisit.gap) : undefined,
        };
      };
      return {
        offset: offsets[k]!,
        arrivals: new ArrivalProcess(c.rate, stream("arrivals"), stream("arrival-thinning")),
        clients: this.sessionIds ? undefined : clientTable(c),
        main: draws(""),
        pre: draws("pre-roll/"),
        rateAtZero: rateAt(c.rate, 0),
        preRollRng: stream("pre-roll"),
        revisit: c.revisit?.probability ?? 0,
        heavy: c.heavy?.weight ?? 0,
      };
    });
    this.nextArrival = new Float64Array(this.classes.length);
    this.observePeriod = spec.observe?.period ?? 0;
    this.observeLength = spec.observe?.length ?? 0;
    this.observeOffset = spec.observe?.offset ?? 0;
  }

  /** Whether a request at t falls in an observation window (always, without `observe`). */
  observed(t: number): boolean {
    const period = this.observePeriod;
    if (period === 0) return true;
    const u = t - this.observeOffset;
    return u - period * Math.floor(u / period) < this.observeLength;
  }

  /**
   * Schedules the workload on the world's simulator (after the pre-roll, if
   * `preRoll` > 0 seconds; `quiet`: making none of its requests): call
   * once, before the world runs.
   */
  start(preRoll: number, quiet = false): void {
    if (preRoll > 0) {
      // A clock of its own from 0 (as a fresh simulator's), its leftovers dropped at its end.
      this.quiet = quiet;
      this.own = true;
      this.queue.reset();
      this.shift = preRoll;
      this.preRolling = true;
      this.classes.forEach((c, k) => {
        if (c.rateAtZero > 0)
          this.scheduleArrival(k, -preRoll + exponential(c.preRollRng, c.rateAtZero));
      });
      this.runOwn(preRoll);
      this.preRolling = false;
    }
    this.own = this.alone;
    this.queue.reset();
    if (!this.alone) {
      this.arrivalKind = this.sim.on((k) => this.onArrival(k));
      this.requestKind = this.sim.on((slot) => this.onRequest(slot));
    }
    this.shift = 0;
    // Sessions under way at t = 0 carry on in the world (slot order: deterministic).
    for (let slot = 0; slot < this.used; slot++)
      // (max: a pre-roll time just below 0 can round up to the pre-roll's end)
      if (this.live[slot]) this.scheduleRequest(Math.max(0, this.nextAt[slot]!), slot);
    this.classes.forEach((c, k) => {
      this.scheduleArrival(k, c.arrivals.first(this.horizon));
    });
  }

  /**
   * With `alone`, after `start`: runs the workload's events before `until`
   * (exclusive, as Simulator.run), the simulator's order without it.
   */
  runAlone(until: number): void {
    if (!this.alone) throw new RangeError("runAlone: the workload was not made alone");
    this.runOwn(until);
  }

  /** Runs the own queue's events before `until` in (time, seq) order, as a simulator would. */
  private runOwn(until: number): void {
    const queue = this.queue;
    while (queue.size > 0) {
      if (queue.peekTime() >= until) break;
      const event = queue.take();
      if (event >= 0) this.request(event, this.nextAt[event]!);
      else this.onArrival(~event);
      queue.done();
    }
  }

  private scheduleArrival(k: number, t: number): void {
    const limit = this.preRolling ? 0 : this.horizon;
    if (!(t < limit)) return;
    this.nextArrival[k] = t;
    if (this.own) this.queue.push(t + this.shift, ~k);
    else this.sim.schedule(t + this.shift, this.arrivalKind, k);
  }

  private scheduleRequest(t: number, slot: number): void {
    if (this.own) this.queue.push(t + this.shift, slot);
    else this.sim.schedule(t + this.shift, this.requestKind, slot);
  }

  private onArrival(k: number): void {
    const t = this.nextArrival[k]!;
    const c = this.classes[k]!;
    const slot = this.allocate();
    const d = this.preRolling ? c.pre : c.main;
    this.client[slot] = this.sessionIds
      ? this.newSessionId(k)
      : c.offset + c.clients!.sample(d.clientRng);
    this.classOf[slot] = k;
    this.preSession[slot] = this.preRolling ? 1 : 0;
    this.pagesLeft[slot] = d.pages.draw() - 1;
    this.objectsLeft[slot] = this.firstObjects(slot, c, d);
    this.sessionsStarted++;
    this.inFlight++;
    this.request(slot, t);
    const next = this.preRolling
      ? t + exponential(c.preRollRng, c.rateAtZero)
      : c.arrivals.next(t, this.horizon);
    this.scheduleArrival(k, next);
  }

  private onRequest(slot: number): void {
    this.request(slot, this.nextAt[slot]!);
  }

  /** Makes the slot's request at t, then schedules its next one or ends the session. */
  private request(slot: number, t: number): void {
    if (this.revisitNext[slot]) {
      this.revisitNext[slot] = 0;
      this.sessionsStarted++;
    }
    // Outside the observation windows the session goes on, unseen: its request is not made.
    if (this.preRolling && this.quiet) this.requestsQuiet++;
    else if (this.observed(t)) {
      this.requestsMade++;
      this.sink.request(t, this.client[slot]!, "", -1);
    } else this.requestsUnobserved++;
    const c = this.classes[this.classOf[slot]!]!;
    const d = this.preSession[slot] ? c.pre : c.main;
    let next: number;
    if (this.objectsLeft[slot]! > 0) {
      this.objectsLeft[slot]!--;
      next = t + (this.heavySession[slot] ? d.heavyGap! : d.gap).draw();
    } else if (this.pagesLeft[slot]! > 0) {
      this.pagesLeft[slot]!--;
      this.objectsLeft[slot] = (this.heavySession[slot] ? d.heavyObjects! : d.objects).draw();
      next = t + d.think.draw();
    } else if (c.revisit > 0 && d.revisitRng!() < c.revisit) {
      // A return visit: the same client (and slot) starts another session after the gap.
      next = t + d.revisitGap!.draw();
      if (!(next < this.horizon)) {
        this.release(slot);
        return;
      }
      this.pagesLeft[slot] = d.pages.draw() - 1;
      this.objectsLeft[slot] = this.firstObjects(slot, c, d);
      this.revisitNext[slot] = 1;
    } else {
      this.release(slot);
      return;
    }
    // A request at or past the horizon is never made: the session is cut there.
    if (!(next < this.horizon)) {
      this.release(slot);
      return;
    }
    this.nextAt[slot] = next;
    this.scheduleRequest(next, slot);
  }

  /** A new session's heavy coin (once a session, with `heavy`) and its first page's objects. */
  private firstObjects(slot: number, c: CompiledClass, d: SessionDraws): number {
    const heavy = c.heavy > 0 && d.heavyRng!() < c.heavy;
    this.heavySession[slot] = heavy ? 1 : 0;
    return (heavy ? d.heavyObjects! : d.objects).draw();
  }

  /** The next session id, its class and phase recorded (amortised O(1): once per session, never per request). */
  private newSessionId(k: number): number {
    const id = this.sessionIdCount++;
    if (id === this.sessionClass.length) {
      const classes = new Int32Array(id * 2);
      classes.set(this.sessionClass);
      this.sessionClass = classes;
      const pre = new Uint8Array(id * 2);
      pre.set(this.sessionPreRoll);
      this.sessionPreRoll = pre;
    }
    this.sessionClass[id] = k;
    this.sessionPreRoll[id] = this.preRolling ? 1 : 0;
    return id;
  }

  private allocate(): number {
    if (this.freeCount > 0) {
      const slot = this.free[--this.freeCount]!;
      this.live[slot] = 1;
      return slot;
    }
    if (this.used === this.client.length) this.grow();
    const slot = this.used++;
    this.live[slot] = 1;
    return slot;
  }

  private release(slot: number): void {
    this.live[slot] = 0;
    this.revisitNext[slot] = 0;
    this.free[this.freeCount++] = slot;
    this.inFlight--;
  }

  /** Doubles the slot arrays (amortised O(1) per session; never on a request). */
  private grow(): void {
    const n = this.client.length * 2;
    const widen = <T extends Int32Array | Float64Array | Uint8Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.client = widen(this.client, (m) => new Int32Array(m));
    this.classOf = widen(this.classOf, (m) => new Int32Array(m));
    this.preSession = widen(this.preSession, (m) => new Uint8Array(m));
    this.revisitNext = widen(this.revisitNext, (m) => new Uint8Array(m));
    this.pagesLeft = widen(this.pagesLeft, (m) => new Int32Array(m));
    this.objectsLeft = widen(this.objectsLeft, (m) => new Int32Array(m));
    this.heavySession = widen(this.heavySession, (m) => new Uint8Array(m));
    this.nextAt = widen(this.nextAt, (m) => new Float64Array(m));
    this.live = widen(this.live, (m) => new Uint8Array(m));
    this.free = widen(this.free, (m) => new Int32Array(m));
  }
}
