import { AliasTable, RandomStreams, type Rng, Simulator, uniformInt } from "../engine/index.js";
import { OutageTracker } from "../metrics/outage-tracker.js";
import { Recorder } from "../metrics/recorder.js";
import type { Scenario } from "../scenario/index.js";
import { ArrivalProcess } from "./arrivals.js";
import { Authoritative } from "./authoritative.js";
import {
  ClientPopulation,
  commonPrefixLength,
  ipv4ToInt,
  sortByPrefix,
} from "./client-population.js";
import { type FailurePlan, planAuthoritativeOutages, planFailures } from "./failures.js";
import type { IntervalSet } from "./intervals.js";
import { assignBehaviours, resolverWeights, violatorExtraLifetime } from "./population.js";
import { LOOKUP, ResolverPool } from "./resolvers.js";
import { startInSteadyState } from "./steady-state.js";

const SELECTION_CODE = { first: 0, failover: 1, random: 2, sorted: 3 } as const;

/**
 * The round-robin DNS world on a fresh simulator: arrivals drive visits; each
 * visit is resolved, served and counted on the spot (clients are not
 * objects). Outage begin/end events keep the drain tracker's set of active
 * outages; everything else that changes over time (server down, address
 * withdrawn, taken over, authority unreachable) is a precomputed interval set
 * queried by timestamp.
 */
export class World {
  readonly sim = new Simulator();
  readonly recorder: Recorder;
  readonly tracker: OutageTracker;
  readonly plan: FailurePlan;
  readonly resolverShares: Float64Array;
  readonly horizon: number;

  private readonly warmupRecorder: Recorder;
  private readonly streams: RandomStreams;
  private readonly arrivals: ArrivalProcess;
  private readonly auth: Authoritative;
  private readonly authDown: IntervalSet;
  private readonly pool: ResolverPool;
  private readonly resolverTable: AliasTable;
  private readonly clients: ClientPopulation | undefined;
  private readonly resolverRng: Rng;
  private readonly clientRng: Rng;
  private readonly selectionRng: Rng;
  private readonly answer: Int32Array;
  private readonly prefixLength: Int32Array;
  private readonly outageBlackhole: Uint8Array;
  private readonly serverCount: number;
  private readonly requestsPerVisit: number;
  private readonly requestInterval: number;
  private readonly connectTimeout: number;
  private readonly selection: number;
  private readonly warmup: number;
  private readonly arrivalKind: number;

  constructor(s: Scenario, seed: number) {
    this.horizon = s.duration;
    this.warmup = s.warmup;
    this.serverCount = s.servers.length;
    this.streams = new RandomStreams(seed);
    const streams = this.streams;
    // Histogram wide enough for every timeout a visit can pay (up to a sane cap).
    const maxTimeouts = Math.min(65536, s.clients.requestsPerVisit * this.serverCount);
    this.recorder = new Recorder(this.serverCount, s.duration, s.window, maxTimeouts);
    this.warmupRecorder = new Recorder(this.serverCount, 1, 1);

    this.plan = planFailures(s, streams, s.duration);
    this.tracker = new OutageTracker(this.plan.outages, s.duration, this.serverCount);
    this.outageBlackhole = Uint8Array.from(this.plan.outages, (o) =>
      o.mode === "blackhole" ? 1 : 0,
    );
    this.authDown = planAuthoritativeOutages(s);
    this.auth = new Authoritative(
      this.serverCount,
      s.dns.order,
      streams.stream("authoritative"),
      this.plan.withdrawn,
      s.dns.healthCheck !== undefined,
    );

    this.resolverShares = resolverWeights(s);
    const resolverCount = this.resolverShares.length;
    this.resolverTable = new AliasTable(this.resolverShares);
    this.pool = new ResolverPool({
      serverCount: this.serverCount,
      behaviours: assignBehaviours(s, resolverCount, streams),
      extraLifetime: violatorExtraLifetime(s, resolverCount, streams),
      ttl: s.dns.ttl,
      ttlMin: s.resolvers.ttl.min,
      ttlMax: s.resolvers.ttl.max,
      serveStale: s.resolvers.serveStale,
      seed,
    });
    const cache = s.clients.cache;
    this.clients = cache
      ? new ClientPopulation(
          cache.population,
          this.resolverTable,
          streams.stream("client-assignment"),
          this.serverCount,
          cache.lifetime === "ttl" ? -1 : cache.lifetime,
        )
      : undefined;
    startInSteadyState(s, seed, this.pool, this.clients, this.auth, this.resolverShares);

    this.resolverRng = streams.stream("resolver-choice");
    this.clientRng = streams.stream("client-choice");
    this.selectionRng = streams.stream("selection");
    this.answer = new Int32Array(this.serverCount);
    const own = s.clients.address ? ipv4ToInt(s.clients.address) : 0;
    // Rule 9 only reorders destinations on the client's own subnet; a key of 0
    // leaves the others in DNS order (the sort is stable).
    this.prefixLength = Int32Array.from(s.servers, (sv) => {
      const common = commonPrefixLength(own, ipv4ToInt(sv.address));
      return common >= s.clients.prefixLength ? common : 0;
    });
    this.requestsPerVisit = s.clients.requestsPerVisit;
    this.requestInterval = s.clients.requestInterval;
    this.connectTimeout = s.clients.connectTimeout;
    this.selection = SELECTION_CODE[s.clients.selection];
    this.arrivals = new ArrivalProcess(
      s.clients.rate,
      streams.stream("arrivals"),
      streams.stream("arrival-thinning"),
    );

    this.arrivalKind = this.sim.on((_payload, t) => this.onArrival(t));
    const beginKind = this.sim.on((outage) => this.tracker.begin(outage));
    const endKind = this.sim.on((outage) => this.tracker.end(outage));
    this.plan.outages.forEach((o, i) => {
      if (o.start < this.horizon) this.sim.schedule(o.start, beginKind, i);
      if (o.end < this.horizon) this.sim.schedule(o.end, endKind, i);
    });
    const first = this.arrivals.next(0, this.horizon);
    if (first < this.horizon) this.sim.schedule(first, this.arrivalKind);
  }

  /** Runs the world to its horizon. */
  run(): void {
    this.sim.run(this.horizon);
  }

  get resolverCount(): number {
    return this.pool.count;
  }

  private onArrival(t: number): void {
    this.visit(t, t >= this.warmup ? this.recorder : this.warmupRecorder, t >= this.warmup);
    const next = this.arrivals.next(t, this.horizon);
    if (next < this.horizon) this.sim.schedule(next, this.arrivalKind);
  }

  /** One visit: resolve, pick an address, make its requests, count everything. */
  private visit(t: number, rec: Recorder, counting: boolean): void {
    const k = this.requestsPerVisit;
    const answer = this.answer;
    rec.visit(t, k);
    if (counting && this.tracker.activeOutages > 0) this.tracker.requestsArrived(t, k);

    let len = 0;
    let resolver: number;
    let client = -1;
    const clients = this.clients;
    if (clients) {
      client = clients.pick(this.clientRng);
      resolver = clients.resolverOf[client]!;
      len = clients.cached(client, t, answer);
      if (len > 0) rec.clientCacheHits++;
    } else {
      resolver = this.resolverTable.sample(this.resolverRng);
    }
    if (len === 0) {
      const queriesBefore = this.auth.queries;
      len = this.pool.lookup(resolver, t, this.auth, this.authDown, answer);
      const outcome = this.pool.lastOutcome;
      // A stale answer is not a hit: the record had expired and the authority was unreachable.
      rec.lookup(t, outcome === LOOKUP.HIT, outcome === LOOKUP.STALE);
      if (this.auth.queries !== queriesBefore) rec.authQuery(t);
      if (len === 0) {
        rec.unresolved(t, outcome === LOOKUP.SERVFAIL);
        rec.failedRequest(t, k);
        rec.visitEnded(t, true, 0);
        return;
      }
      if (clients) clients.remember(client, t, answer, len, this.pool.lastTtl);
    }

    let candidates = len;
    switch (this.selection) {
      case SELECTION_CODE.first:
        candidates = 1;
        break;
      case SELECTION_CODE.random: {
        const pick = uniformInt(this.selectionRng, len);
        answer[0] = answer[pick]!;
        candidates = 1;
        break;
      }
      case SELECTION_CODE.sorted:
        sortByPrefix(answer, len, this.prefixLength);
        break;
    }
    this.makeRequests(t, rec, counting, candidates);
  }

  /** The visit's requests, sticky to one address; failover walks the answer on failure. */
  private makeRequests(t: number, rec: Recorder, counting: boolean, candidates: number): void {
    const answer = this.answer;
    const down = this.plan.down;
    const k = this.requestsPerVisit;
    const timeout = this.connectTimeout;
    let timeouts = 0;
    let index = 0;
    let server = answer[0]!;
    let failed = false;
    let blamed = -1;
    for (let j = 0; j < k; j++) {
      let tq = t + j * this.requestInterval + timeouts * timeout;
      for (;;) {
        const outage = down[server]!.indexAt(tq);
        if (outage < 0) {
          rec.serve(server, server, tq);
          break;
        }
        if (this.plan.takenOver[server]!.contains(tq)) {
          const host = this.takeoverHost(server, tq);
          if (host >= 0) {
            rec.serve(server, host, tq);
            break;
          }
        }
        rec.failedAttempt(server, tq);
        const outageIndex = down[server]!.tags[outage]!;
        if (counting) this.tracker.deadAttempt(outageIndex, tq);
        if (blamed < 0) blamed = outageIndex;
        if (this.outageBlackhole[outageIndex] === 1) {
          timeouts++;
          tq += timeout;
        }
        if (index + 1 < candidates) {
          server = answer[++index]!;
          continue;
        }
        rec.failedRequest(tq);
        failed = true;
        index = 0;
        server = answer[0]!;
        break;
      }
    }
    rec.visitEnded(t, failed, timeouts);
    if (failed && counting && blamed >= 0) this.tracker.visitFailed(blamed);
  }

  /** The live server that answers for a taken-over address: the next one in list order. */
  private takeoverHost(server: number, t: number): number {
    const n = this.serverCount;
    for (let step = 1; step < n; step++) {
      const candidate = (server + step) % n;
      if (this.plan.down[candidate]!.indexAt(t) < 0) return candidate;
    }
    return -1;
  }
}
