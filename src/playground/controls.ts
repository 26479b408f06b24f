import {
  ANSWER_ORDERS,
  CLIENT_DEFAULTS,
  FAILURE_MODES,
  ON_ERRORS,
  OVERFLOWS,
  RESOLVER_BEHAVIOURS,
  type Scenario,
  SELECTIONS,
  SERVER_DEFAULTS,
} from "../scenario/index.js";

/**
 * The playground's controls, one table: each names a field of the scenario in
 * plain words with its unit, reads it from a scenario and writes it into a
 * copy. A control writes only its own field, so loading a lesson and moving
 * one slider keeps everything else the lesson set (violators, clamps, ...).
 *
 * Writers work on plain data (the scenario as parsed, or as it will be
 * written to YAML); the page validates the result with the CLI's loader.
 */
export type Spec = Record<string, unknown> & Scenario;

interface Base {
  /** The form element's id. */
  readonly id: string;
  /** Plain words; the unit goes in `unit`. */
  readonly label: string;
  readonly group: Group;
}

export interface NumberControl extends Base {
  readonly kind: "number";
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  get(s: Spec): number;
  set(s: Spec, value: number): void;
  /** Shown only when this holds (e.g. the failure fields when a failure is on). */
  readonly when?: (s: Spec) => boolean;
}

export interface ChoiceControl extends Base {
  readonly kind: "choice";
  readonly options: readonly { readonly value: string; readonly label: string }[];
  get(s: Spec): string;
  set(s: Spec, value: string): void;
  readonly when?: (s: Spec) => boolean;
}

export interface ToggleControl extends Base {
  readonly kind: "toggle";
  get(s: Spec): boolean;
  set(s: Spec, value: boolean): void;
  readonly when?: (s: Spec) => boolean;
}

export type Control = NumberControl | ChoiceControl | ToggleControl;

export const GROUPS = [
  "Run",
  "Servers and DNS",
  "Resolvers",
  "Clients",
  "A server failure",
  "Servers with capacity",
] as const;
export type Group = (typeof GROUPS)[number];

/** A deep copy to write into: controls never change the scenario they were given. */
export function copySpec(s: Scenario): Spec {
  return JSON.parse(JSON.stringify(s)) as Spec;
}

const choices = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

// --- resolver behaviour mix: the first two entries of the list, as A with a share and B ---

interface Mix {
  readonly a: string;
  readonly b: string;
  /** Share of A, 0..1. */
  readonly share: number;
}

function mixOf(s: Spec): Mix {
  const b = s.resolvers.behaviour;
  if (typeof b === "string") return { a: b, b, share: 1 };
  const first = b[0]!;
  const second = b[1] ?? first;
  return { a: first.behaviour, b: second.behaviour, share: first.share };
}

function setMix(s: Spec, mix: Mix): void {
  const now = mixOf(s);
  // Unchanged (within what the control shows): keep the lesson's exact shares.
  if (now.a === mix.a && now.b === mix.b && Math.abs(now.share - mix.share) < 5e-7) return;
  const share = Math.min(1, Math.max(0, mix.share));
  s.resolvers.behaviour = (
    share >= 1 || mix.a === mix.b
      ? mix.a
      : share <= 0
        ? mix.b
        : [
            { behaviour: mix.a, share },
            // 1 - share in binary can miss the sum by one ulp; the schema checks the sum.
            { behaviour: mix.b, share: Number((1 - share).toFixed(6)) },
          ]
  ) as Spec["resolvers"]["behaviour"];
}

// --- servers: addresses continue from the last one ---

function nextAddress(taken: ReadonlySet<string>, last: string): string {
  const parts = last.split(".").map(Number);
  let n = ((parts[0]! * 256 + parts[1]!) * 256 + parts[2]!) * 256 + parts[3]!;
  for (;;) {
    n = (n + 1) % 2 ** 32;
    const a = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
    if (!taken.has(a) && (n & 255) !== 0 && (n & 255) !== 255) return a;
  }
}

function setServerCount(s: Spec, count: number): void {
  const servers = s.servers.slice(0, Math.max(1, count));
  const taken = new Set(servers.map((x) => x.address));
  while (servers.length < count) {
    const address = nextAddress(taken, servers[servers.length - 1]!.address);
    taken.add(address);
    servers.push({ address } as Spec["servers"][number]);
  }
  s.servers = servers;
  // Failures of servers that are gone would be refused by the schema's cross-check.
  s.failures = s.failures.filter((f) => f.server === "all" || taken.has(f.server));
}

// --- the one scheduled failure the controls show (the first in the list) ---

type Scheduled = Extract<Spec["failures"][number], { at: number }>;

function scheduled(s: Spec): Scheduled | undefined {
  return s.failures.find((f): f is Scheduled => "at" in f);
}

const hasFailure = (s: Spec) => scheduled(s) !== undefined;

function withFailure(s: Spec, change: (f: Scheduled) => void): void {
  const f = scheduled(s);
  if (f) change(f);
}

// --- arrival rate: one number, whatever the profile (its constant, mean or base rate) ---

const PROFILES = ["constant", "steps", "diurnal", "flash"] as const;

function profileOf(s: Spec): string {
  const r = s.clients.rate;
  return typeof r === "number" ? "constant" : r.profile;
}

function rateOf(s: Spec): number {
  const r = s.clients.rate;
  if (typeof r === "number") return r;
  if (r.profile === "diurnal") return r.mean;
  if (r.profile === "flash") return r.base;
  if (r.profile === "periodic") return 1 / r.interval;
  return r.steps[0]!.rate;
}

function setRate(s: Spec, value: number): void {
  const r = s.clients.rate;
  if (typeof r === "number") s.clients.rate = value;
  else if (r.profile === "diurnal") r.mean = value;
  else if (r.profile === "flash") r.base = value;
  else if (r.profile === "periodic") r.interval = 1 / value;
  else r.steps[0]!.rate = value;
}

function setProfile(s: Spec, profile: string): void {
  if (profile === profileOf(s)) return;
  const rate = rateOf(s);
  const d = s.duration;
  s.clients.rate =
    profile === "diurnal"
      ? // One daily cycle per run, peaking two thirds of the way through.
        { profile: "diurnal", mean: rate, peakToTrough: 3, peakAt: (2 * d) / 3, period: d }
      : profile === "flash"
        ? { profile: "flash", base: rate, peak: rate * 10, at: d / 3, rise: 60, decay: d / 6 }
        : profile === "steps"
          ? { profile: "steps", steps: [{ at: 0, rate }] }
          : rate;
}

// --- session workloads: the visit model's rate fields do not apply; the first class's rate and the lookup gap do ---

const hasSessions = (s: Spec) => s.clients.sessions !== undefined;
const withoutSessions = (s: Spec) => !hasSessions(s);
/** The first class's rate when it is a constant (every bundled session lesson's is). */
const hasConstantSessionRate = (s: Spec) =>
  typeof s.clients.sessions?.classes[0]?.rate === "number";

// --- servers with capacity: the scenario-wide service block and the clients' patience ---

type Service = NonNullable<Spec["service"]>;
type ServiceTime = NonNullable<Service["serviceTime"]>;

const hasService = (s: Spec) => s.service !== undefined;
const hasQueueLimit = (s: Spec) => s.service?.queue !== undefined;

/**
 * What switching capacity on gives: 8 workers at 20 ms each, 400 requests per
 * second per server, with an unlimited queue; the default lesson's busiest
 * server then runs just past capacity at its peak.
 */
const NEW_SERVICE: Service = {
  workers: 8,
  serviceTime: { distribution: "exponential", mean: 0.02 },
};

/** A value the page shows read back unchanged (numbers round-trip through String exactly). */
const same = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

/** z of the standard normal's 99th percentile, as src/model/servers/service-time.ts uses it. */
const Z99 = 2.3263478740408408;

/** Mean of a service-time distribution, seconds (the model's, which the playground may not import). */
function meanServiceTime(t: ServiceTime | undefined): number {
  if (!t) return NEW_SERVICE.serviceTime!.mean!;
  if (t.distribution === "lognormal") {
    const sigma = Math.log(t.p99! / t.median!) / Z99;
    return t.median! * Math.exp((sigma * sigma) / 2);
  }
  if (t.distribution === "empirical") {
    const values = t.values!;
    return values.reduce((sum, v) => sum + v, 0) / values.length;
  }
  return t.mean!;
}

/**
 * A writer of one service or clients field that leaves the scenario alone when
 * the value is what the control shows already: a lesson's lognormal service
 * time or an absent field (the model's default) survives a pass through the
 * controls; only a change by the user writes it.
 */
function unlessUnchanged<T>(
  get: (s: Spec) => T,
  write: (s: Spec, value: T) => void,
): (s: Spec, value: T) => void {
  return (s, value) => {
    const now = get(s);
    if (typeof now === "number" && typeof value === "number" ? same(value, now) : value === now)
      return;
    write(s, value);
  };
}

function withService(s: Spec, change: (service: Service) => void): void {
  if (s.service) change(s.service);
}

const serviceMeanMs = (s: Spec) => meanServiceTime(s.service?.serviceTime) * 1000;
const workersOf = (s: Spec) => s.service?.workers ?? SERVER_DEFAULTS.workers;
const queueOf = (s: Spec) => s.service?.queue ?? 1000;
const overflowOf = (s: Spec) => s.service?.overflow ?? SERVER_DEFAULTS.overflow;
// What the run does when the fields are absent (scenario/resolve's defaults).
const timeoutOf = (s: Spec) => s.clients.timeout ?? CLIENT_DEFAULTS.timeout;
const onErrorOf = (s: Spec) => s.clients.onError ?? CLIENT_DEFAULTS.onError;
const retriesOf = (s: Spec) => s.clients.retries ?? CLIENT_DEFAULTS.retries;

const CAPACITY_CONTROLS: readonly Control[] = [
  {
    kind: "toggle",
    id: "capacity",
    group: "Servers with capacity",
    label: "Servers have limited capacity (requests queue, slow down, time out)",
    get: hasService,
    set: (s, on) => {
      if (!on) delete (s as Record<string, unknown>).service;
      else s.service ??= JSON.parse(JSON.stringify(NEW_SERVICE)) as Service;
    },
  },
  {
    kind: "number",
    id: "workers",
    group: "Servers with capacity",
    label: "Workers per server (requests served at once)",
    unit: "workers",
    min: 1,
    max: 100_000,
    step: 1,
    when: hasService,
    get: workersOf,
    set: unlessUnchanged(workersOf, (s, v) =>
      withService(s, (service) => {
        service.workers = v;
      }),
    ),
  },
  {
    kind: "number",
    id: "serviceMean",
    group: "Servers with capacity",
    label:
      "Mean service time of a request (exponential; replaces another distribution when changed)",
    unit: "ms",
    min: 0.001,
    max: 3_600_000,
    step: 0.1,
    when: hasService,
    get: serviceMeanMs,
    set: unlessUnchanged(serviceMeanMs, (s, v) =>
      withService(s, (service) => {
        service.serviceTime = { distribution: "exponential", mean: v / 1000 };
      }),
    ),
  },
  {
    kind: "toggle",
    id: "queueLimit",
    group: "Servers with capacity",
    label: "Limited queue (otherwise requests wait for a worker without limit)",
    when: hasService,
    get: hasQueueLimit,
    set: (s, on) =>
      withService(s, (service) => {
        if (!on) delete (service as Record<string, unknown>).queue;
        else service.queue ??= 1000;
      }),
  },
  {
    kind: "number",
    id: "queue",
    group: "Servers with capacity",
    label: "Queue length per server (0 = none wait: a loss system)",
    unit: "requests",
    min: 0,
    max: 1_000_000,
    step: 1,
    when: hasQueueLimit,
    get: queueOf,
    set: unlessUnchanged(queueOf, (s, v) =>
      withService(s, (service) => {
        if (service.queue !== undefined) service.queue = v;
      }),
    ),
  },
  {
    kind: "choice",
    id: "overflow",
    group: "Servers with capacity",
    label:
      "A request finding the queue full (refuse: an error at once, failover clients try the next address; drop: the client waits its timeout)",
    options: choices(OVERFLOWS),
    when: hasQueueLimit,
    get: overflowOf,
    set: unlessUnchanged(overflowOf, (s, v) =>
      withService(s, (service) => {
        service.overflow = v as Service["overflow"];
      }),
    ),
  },
  {
    kind: "number",
    id: "requestTimeout",
    group: "Servers with capacity",
    label: "Client request timeout (then the request counts as failed)",
    unit: "s",
    min: 0.001,
    max: 86_400,
    step: 0.1,
    when: hasService,
    get: timeoutOf,
    set: unlessUnchanged(timeoutOf, (s, v) => {
      s.clients.timeout = v;
    }),
  },
  {
    kind: "choice",
    id: "onError",
    group: "Servers with capacity",
    label:
      "After a refusal or timeout the client (next: tries the next address; retry: the same one)",
    options: choices(ON_ERRORS),
    when: hasService,
    get: onErrorOf,
    set: unlessUnchanged(onErrorOf, (s, v) => {
      s.clients.onError = v as Spec["clients"]["onError"];
    }),
  },
  {
    kind: "number",
    id: "retries",
    group: "Servers with capacity",
    label: "Most extra attempts per request",
    unit: "attempts",
    min: 0,
    max: 100,
    step: 1,
    when: hasService,
    get: retriesOf,
    set: unlessUnchanged(retriesOf, (s, v) => {
      s.clients.retries = v;
    }),
  },
];

export const CONTROLS: readonly Control[] = [
  {
    kind: "number",
    id: "duration",
    group: "Run",
    label: "Simulated time",
    unit: "s",
    min: 1,
    max: 365 * 86400,
    step: 1,
    get: (s) => s.duration,
    set: (s, v) => {
      s.duration = v;
    },
  },
  {
    kind: "number",
    id: "seed",
    group: "Run",
    label: "Random seed",
    unit: "number",
    min: 0,
    max: 2 ** 31 - 1,
    step: 1,
    get: (s) => s.seed,
    set: (s, v) => {
      s.seed = v;
    },
  },
  {
    kind: "number",
    id: "servers",
    group: "Servers and DNS",
    label: "Web servers",
    unit: "servers",
    min: 1,
    max: 64,
    step: 1,
    get: (s) => s.servers.length,
    set: setServerCount,
  },
  {
    kind: "number",
    id: "ttl",
    group: "Servers and DNS",
    label: "TTL of the address records",
    unit: "s",
    min: 0,
    max: 604800,
    step: 1,
    // A TTL drawn per fetch ({uniform: [lo, hi]}) shows as its mean; setting it makes it constant.
    get: (s) =>
      typeof s.dns.ttl === "number" ? s.dns.ttl : (s.dns.ttl.uniform[0] + s.dns.ttl.uniform[1]) / 2,
    set: (s, v) => {
      s.dns.ttl = v;
    },
  },
  {
    kind: "choice",
    id: "order",
    group: "Servers and DNS",
    label: "Authoritative answer (cname: one rotating CNAME, so one address)",
    options: choices(ANSWER_ORDERS),
    get: (s) => s.dns.order,
    set: (s, v) => {
      s.dns.order = v as Spec["dns"]["order"];
    },
  },
  {
    kind: "toggle",
    id: "healthCheck",
    group: "Servers and DNS",
    label: "Health-checked DNS (withdraws a dead server: checks every 10 s, 3 failures)",
    get: (s) => s.dns.healthCheck !== undefined,
    set: (s, on) => {
      if (!on) delete (s.dns as Record<string, unknown>).healthCheck;
      else
        s.dns.healthCheck ??= { interval: 10, failures: 3, recoveries: 1 } as NonNullable<
          Spec["dns"]["healthCheck"]
        >;
    },
  },
  {
    kind: "number",
    id: "resolvers",
    group: "Resolvers",
    label: "Caching resolvers",
    unit: "resolvers",
    min: 1,
    max: 100000,
    step: 1,
    get: (s) => s.resolvers.count,
    set: (s, v) => {
      s.resolvers.count = v;
    },
  },
  {
    kind: "number",
    id: "skew",
    group: "Resolvers",
    label: "Skew of their client populations (Zipf exponent; 0 = all equal)",
    unit: "exponent",
    min: 0,
    max: 4,
    step: 0.1,
    get: (s) => s.resolvers.skew,
    set: (s, v) => {
      s.resolvers.skew = v;
    },
  },
  {
    kind: "choice",
    id: "behaviourA",
    group: "Resolvers",
    label: "Behaviour A (rotate, frozen or a real resolver's preset)",
    options: choices(RESOLVER_BEHAVIOURS),
    get: (s) => mixOf(s).a,
    set: (s, v) => setMix(s, { ...mixOf(s), a: v }),
  },
  {
    kind: "choice",
    id: "behaviourB",
    group: "Resolvers",
    label: "Behaviour B (the rest of the resolvers)",
    options: choices(RESOLVER_BEHAVIOURS),
    get: (s) => mixOf(s).b,
    set: (s, v) => {
      const m = mixOf(s);
      // Choosing a different B when everyone is A starts an even split.
      setMix(s, { ...m, b: v, share: m.share >= 1 && v !== m.a ? 0.5 : m.share });
    },
  },
  {
    kind: "number",
    id: "shareA",
    group: "Resolvers",
    label: "Resolvers with behaviour A",
    unit: "%",
    min: 0,
    max: 100,
    step: 1,
    get: (s) => Math.round(mixOf(s).share * 1e6) / 1e4,
    // Shown rounded; setMix keeps a lesson's exact shares when it comes back unchanged.
    set: (s, v) => setMix(s, { ...mixOf(s), share: v / 100 }),
  },
  {
    kind: "choice",
    id: "profile",
    group: "Clients",
    when: withoutSessions,
    label: "Arrival profile",
    options: choices(PROFILES),
    get: profileOf,
    set: setProfile,
  },
  {
    kind: "number",
    id: "rate",
    group: "Clients",
    when: withoutSessions,
    label: "Arrival rate (constant, mean or base rate of the profile)",
    unit: "visits/s",
    min: 0,
    max: 1_000_000,
    step: 1,
    get: rateOf,
    set: setRate,
  },
  {
    kind: "number",
    id: "requestsPerVisit",
    group: "Clients",
    when: withoutSessions,
    label: "Requests per visit (all to the same address)",
    unit: "requests",
    min: 1,
    max: 10000,
    step: 1,
    get: (s) => s.clients.requestsPerVisit,
    set: (s, v) => {
      s.clients.requestsPerVisit = v;
    },
  },
  {
    kind: "number",
    id: "sessionRate",
    group: "Clients",
    label: "Sessions per second (the first class of the session workload)",
    unit: "sessions/s",
    min: 0,
    max: 1_000_000,
    step: 0.1,
    when: hasConstantSessionRate,
    get: (s) => {
      const rate = s.clients.sessions?.classes[0]?.rate;
      return typeof rate === "number" ? rate : 0;
    },
    set: (s, v) => {
      const first = s.clients.sessions?.classes[0];
      if (first && typeof first.rate === "number") first.rate = v;
    },
  },
  {
    kind: "number",
    id: "lookupGap",
    group: "Clients",
    label: "Lookup gap: a client resolves again after this much silence (browsers cache 60 s)",
    unit: "s",
    min: 1,
    max: 86400,
    step: 1,
    when: hasSessions,
    get: (s) => s.clients.sessions?.lookupGap ?? 300,
    set: (s, v) => {
      if (s.clients.sessions) s.clients.sessions.lookupGap = v;
    },
  },
  {
    kind: "choice",
    id: "selection",
    group: "Clients",
    label: "Which address a client uses (first; failover = next after a failed connect)",
    options: choices(SELECTIONS),
    get: (s) => s.clients.selection,
    set: (s, v) => {
      s.clients.selection = v as Spec["clients"]["selection"];
      // sorted needs the clients' own address; put them on the first server's /24.
      if (v === "sorted" && s.clients.address === undefined)
        s.clients.address = s.servers[0]!.address.replace(/\d+$/, "250");
    },
  },
  {
    kind: "toggle",
    id: "clientCache",
    group: "Clients",
    label: "Client caches (browsers keep answers themselves)",
    get: (s) => s.clients.cache !== undefined,
    set: (s, on) => {
      if (!on) delete (s.clients as Record<string, unknown>).cache;
      else s.clients.cache ??= { population: 10000, lifetime: 60 };
    },
  },
  {
    kind: "number",
    id: "cachePopulation",
    group: "Clients",
    label: "Clients with a cache",
    unit: "clients",
    min: 1,
    max: 5_000_000,
    step: 1,
    // A session workload's clients are its population: the field is unused there.
    when: (s) => s.clients.cache !== undefined && !hasSessions(s),
    get: (s) => s.clients.cache?.population ?? 10000,
    set: (s, v) => {
      if (s.clients.cache) s.clients.cache.population = v;
    },
  },
  {
    kind: "number",
    id: "cacheLifetime",
    group: "Clients",
    label: "Client cache lifetime",
    unit: "s",
    min: 0,
    max: 604800,
    step: 1,
    when: (s) => s.clients.cache !== undefined && s.clients.cache.lifetime !== "ttl",
    get: (s) => {
      const l = s.clients.cache?.lifetime;
      return typeof l === "number" ? l : 60;
    },
    set: (s, v) => {
      if (s.clients.cache) s.clients.cache.lifetime = v;
    },
  },
  {
    kind: "toggle",
    id: "failure",
    group: "A server failure",
    label: "A server fails during the run",
    get: hasFailure,
    set: (s, on) => {
      if (!on) s.failures = s.failures.filter((f) => !("at" in f));
      else if (!hasFailure(s)) {
        const server = s.servers[Math.min(1, s.servers.length - 1)]!.address;
        s.failures.push({
          server,
          at: s.duration / 2,
          duration: s.duration / 6,
          mode: "blackhole",
        });
      }
    },
  },
  {
    kind: "number",
    id: "failureServer",
    group: "A server failure",
    label: "Which server fails (its number in the list)",
    unit: "server number",
    min: 1,
    max: 64,
    step: 1,
    when: hasFailure,
    get: (s) => {
      const f = scheduled(s);
      return f ? s.servers.findIndex((x) => x.address === f.server) + 1 : 1;
    },
    set: (s, v) =>
      withFailure(s, (f) => {
        f.server = s.servers[Math.min(s.servers.length, Math.max(1, v)) - 1]!.address;
      }),
  },
  {
    kind: "number",
    id: "failureAt",
    group: "A server failure",
    label: "It fails at",
    unit: "s",
    min: 0,
    max: 365 * 86400,
    step: 1,
    when: hasFailure,
    get: (s) => scheduled(s)?.at ?? 0,
    set: (s, v) =>
      withFailure(s, (f) => {
        f.at = v;
      }),
  },
  {
    kind: "number",
    id: "failureDuration",
    group: "A server failure",
    label: "It stays down for",
    unit: "s",
    min: 1,
    max: 365 * 86400,
    step: 1,
    when: hasFailure,
    get: (s) => scheduled(s)?.duration ?? 0,
    set: (s, v) =>
      withFailure(s, (f) => {
        f.duration = v;
      }),
  },
  {
    kind: "choice",
    id: "failureMode",
    group: "A server failure",
    label: "How it fails (blackhole: connects time out; refused: fail at once)",
    options: choices(FAILURE_MODES),
    when: hasFailure,
    get: (s) => scheduled(s)?.mode ?? "blackhole",
    set: (s, v) =>
      withFailure(s, (f) => {
        f.mode = v as Scheduled["mode"];
      }),
  },
  ...CAPACITY_CONTROLS,
];

export function controlById(id: string): Control | undefined {
  return CONTROLS.find((c) => c.id === id);
}
