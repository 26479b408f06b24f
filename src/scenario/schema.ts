import { z } from "zod";
import {
  MAX_AUTHORITATIVE_OUTAGES,
  MAX_OUTAGES,
  MAX_RATE_STEPS,
  MAX_RESOLVERS,
  MAX_TTL,
} from "./bounds.js";
import { connections, elasticPool, ipv4 } from "./connections-schema.js";

/**
 * The scenario schema: types, defaults, units and documentation in one place.
 * Every object is strict (unknown keys are errors), every number carries its
 * unit in its description, and the JSON Schema under scenarios/ is generated
 * from this file.
 */

const seconds = (doc: string) => z.number().finite().nonnegative().describe(doc);
const positiveSeconds = (doc: string) => z.number().finite().positive().describe(doc);
/** A Pareto law's tail index (both the continuous laws and the count laws take one). */
const paretoAlpha = (doc: string) => z.number().finite().positive().max(100).describe(doc);

/** Service-time distributions of a server with capacity (src/model/servers/service-time.ts). */
export const SERVICE_DISTRIBUTIONS = [
  "exponential",
  "deterministic",
  "lognormal",
  "empirical",
] as const;
export type ServiceDistribution = (typeof SERVICE_DISTRIBUTIONS)[number];

/** Answer order policies of the authoritative server (domain.md). */
export const ANSWER_ORDERS = ["cyclic", "random", "fixed", "cname"] as const;
export type AnswerOrder = (typeof ANSWER_ORDERS)[number];

/** How a caching resolver orders the cached list in the answers it gives. */
export const CACHE_ORDERS = ["rotate", "rotate-random", "shuffle", "frozen"] as const;
export type CacheOrder = (typeof CACHE_ORDERS)[number];

/** Named presets for real resolver software, as measured in domain.md. */
export const RESOLVER_PRESETS = [
  "unbound",
  "unbound-serve-expired",
  "unbound-no-rr",
  "dnsmasq",
  "pdns-recursor",
  "knot-resolver",
  "dnsmasq-stale",
] as const;
export type ResolverPreset = (typeof RESOLVER_PRESETS)[number];

export const RESOLVER_BEHAVIOURS = [...CACHE_ORDERS, ...RESOLVER_PRESETS] as const;
export type ResolverBehaviourName = (typeof RESOLVER_BEHAVIOURS)[number];

export const SELECTIONS = ["first", "failover", "random", "sorted"] as const;
export type Selection = (typeof SELECTIONS)[number];

export const FAILURE_MODES = ["blackhole", "refused"] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];

/** How the caches start at t = 0: in their stationary state, or empty (a fresh deployment or a flush). */
export const START_STATES = ["steady", "cold"] as const;
export type StartState = (typeof START_STATES)[number];

/** What a server does with a request that finds its queue full. */
export const OVERFLOWS = ["refuse", "drop"] as const;
export type Overflow = (typeof OVERFLOWS)[number];

/** What a client does when a request is refused or times out. */
export const ON_ERRORS = ["next", "retry", "give-up"] as const;
export type OnError = (typeof ON_ERRORS)[number];

const serviceTime = z
  .object({
    distribution: z
      .enum(SERVICE_DISTRIBUTIONS)
      .default("exponential")
      .describe(
        "exponential (needs mean), deterministic (needs mean), lognormal (needs median and p99), empirical (needs values: each drawn with equal probability).",
      ),
    mean: positiveSeconds("Mean service time, seconds (exponential, deterministic).").optional(),
    median: positiveSeconds("Median service time, seconds (lognormal).").optional(),
    p99: positiveSeconds("99th percentile of the service time, seconds (lognormal).").optional(),
    values: z
      .array(z.number().finite().nonnegative())
      .min(1)
      .max(100_000)
      .optional()
      .describe("Measured service times, seconds (empirical)."),
  })
  .strict()
  .describe("Seconds one worker spends on one request, at speed 1.");

/** The queueing fields a server may override; the scenario-wide `service` block gives their defaults. */
const serviceFields = {
  workers: z
    .number()
    .int()
    .positive()
    .max(100_000)
    .optional()
    .describe("Requests the server serves at once (c); 1 when a service time is given."),
  serviceTime: serviceTime.optional(),
  queue: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe(
      "Most requests waiting for a worker (K); 0 = a loss system; unlimited when omitted. A full queue refuses or drops (overflow).",
    ),
  overflow: z
    .enum(OVERFLOWS)
    .optional()
    .describe(
      "Beyond the queue: refuse (an immediate error; failover clients try the next address) or drop (the client waits its timeout). Default refuse.",
    ),
};

const server = z
  .object({
    address: ipv4.describe("IPv4 address published in an A record."),
    capacity: z
      .number()
      .positive()
      .optional()
      .describe(
        "Requests per second the server can serve; used to report peak utilisation (with a service model it defaults to workers × speed / mean service time).",
      ),
    ...serviceFields,
    speed: z
      .number()
      .positive()
      .max(1000)
      .optional()
      .describe(
        "Speed factor of this server's workers (default 1): service times are divided by it.",
      ),
  })
  .strict();

const service = z
  .object(serviceFields)
  .strict()
  .describe(
    "Servers with capacity: scenario-wide defaults of workers, serviceTime, queue and overflow (each server may override them). With it (or any server's workers or serviceTime) requests are events that queue.",
  );

const healthCheck = z
  .object({
    interval: positiveSeconds("Seconds between health checks.").default(10),
    failures: z
      .number()
      .int()
      .positive()
      .default(3)
      .describe("Consecutive failed checks before the address is withdrawn."),
    recoveries: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe("Consecutive good checks before a withdrawn address is published again."),
  })
  .strict()
  .describe(
    "Health-checked authoritative DNS: a dead address is withdrawn after interval × failures seconds (worst case) and restored after recovery.",
  );

/** How an authoritative outage looks to the resolvers: silence, or a closed port (an ICMP error at once). */
export const AUTHORITY_OUTAGE_MODES = ["blackhole", "refused"] as const;
export type AuthorityOutageMode = (typeof AUTHORITY_OUTAGE_MODES)[number];

const outage = z
  .object({
    at: seconds("Start of the outage, seconds from the start of the run."),
    duration: positiveSeconds("Length of the outage in seconds."),
    mode: z
      .enum(AUTHORITY_OUTAGE_MODES)
      .default("blackhole")
      .describe(
        "blackhole: queries to the authority go unanswered, so a resolver waits out its timeouts (PowerDNS: SERVFAIL after 1.5 s); refused: its port is closed, so each send fails at once (PowerDNS: SERVFAIL at once, then throttles the server 60 s). Default blackhole.",
      ),
  })
  .strict();

/**
 * A TTL: one value, or a distribution drawn afresh for every answer the
 * authority gives (CDNs and load balancers that jitter their TTLs).
 */
/** A DNS TTL: at most 2^31 − 1 s, as RFC 2181 §8 has resolvers treat anything larger as 0. */
const ttlSeconds = (doc: string) =>
  seconds(doc).max(MAX_TTL, `at most ${MAX_TTL} s (MAX_TTL, RFC 2181: 2^31 - 1)`);

export const ttlSpec = z.union([
  ttlSeconds("TTL of the A records, seconds."),
  z
    .object({
      uniform: z
        .tuple([ttlSeconds("Shortest TTL, seconds."), ttlSeconds("Longest TTL, seconds.")])
        .describe("TTL drawn uniformly from [low, high] seconds for each answer."),
    })
    .strict(),
]);
export type TtlSpec = z.output<typeof ttlSpec>;

const dns = z
  .object({
    ttl: ttlSpec.describe(
      "TTL of the A records, seconds; or {uniform: [low, high]}: a TTL drawn per answer (per resolver fetch) from its own random stream.",
    ),
    order: z
      .enum(ANSWER_ORDERS)
      .default("cyclic")
      .describe(
        "Answer order: cyclic (rotate by one per answer), random (shuffle per answer), fixed (always the same), cname (one rotating CNAME per answer, so a single address). BIND 9: its default is random; cyclic needs rrset-order { order cyclic; }; fixed is compiled out of Debian's build (it answers cyclic).",
      ),
    healthCheck: healthCheck.optional(),
    outages: z
      .array(outage)
      .max(MAX_AUTHORITATIVE_OUTAGES)
      .default([])
      .describe("Periods when the authoritative server itself is unreachable."),
  })
  .strict();

const behaviourShare = z
  .object({
    behaviour: z.enum(RESOLVER_BEHAVIOURS).describe("Cache order or preset name."),
    share: z.number().min(0).max(1).describe("Fraction of resolvers with this behaviour."),
  })
  .strict();

const resolvers = z
  .object({
    count: z
      .number()
      .int()
      .positive()
      .max(MAX_RESOLVERS)
      .default(1000)
      .describe("Number of caching resolvers."),
    skew: z
      .number()
      .min(0)
      .max(5)
      .default(1)
      .describe("Zipf exponent of the resolvers' client shares; 0 gives equal shares."),
    weights: z
      .array(z.number().nonnegative())
      .min(1)
      .max(MAX_RESOLVERS)
      .optional()
      .describe("Explicit client shares, one per resolver (overrides count and skew)."),
    behaviour: z
      .union([z.enum(RESOLVER_BEHAVIOURS), z.array(behaviourShare).min(1).max(1000)])
      .default("rotate")
      .describe(
        "One behaviour for every resolver, or a mix [{behaviour, share}] whose shares sum to 1. Behaviours: rotate, rotate-random, shuffle, frozen, or a preset.",
      ),
    ttl: z
      .object({
        min: seconds("Lowest cache lifetime and TTL shown to clients, seconds.").default(0),
        max: seconds("Highest cache lifetime and TTL shown to clients, seconds.").default(604800),
      })
      .strict()
      .default({ min: 0, max: 604800 })
      .describe("TTL clamping applied by every resolver."),
    violators: z
      .object({
        share: z
          .number()
          .min(0)
          .max(1)
          .describe(
            "Fraction of resolvers (by count, not by traffic: which ones is drawn at random) that keep records past expiry.",
          ),
        extra: seconds("Seconds such a resolver keeps a record after its TTL ran out."),
      })
      .strict()
      .optional()
      .describe("Resolvers that violate the TTL (about 9% in the wild)."),
    serveStale: z
      .object({
        ttl: seconds("TTL of a stale answer, seconds (RFC 8767 suggests 30).").default(30),
        max: seconds("How long past expiry a stale record may still be served, seconds.").default(
          86400,
        ),
      })
      .strict()
      .optional()
      .describe(
        "Serve stale answers (RFC 8767) while the authoritative server is unreachable, for every resolver.",
      ),
    authorityRtt: seconds(
      "Seconds a cache miss costs the client: the resolver's round trip to the authoritative server (a few tens of ms on the Internet).",
    ).default(0.03),
  })
  .strict();

const clientCache = z
  .object({
    population: z
      .number()
      .int()
      .positive()
      .max(5_000_000)
      .default(10000)
      .describe(
        "Distinct clients; each keeps its own cache and always uses the same resolver. Unused with clients.trace and clients.sessions: each trace host, each session client is one client with its own cache.",
      ),
    lifetime: z
      .union([seconds("Fixed cache lifetime in seconds, whatever the TTL."), z.literal("ttl")])
      .default(60)
      .describe(
        "Seconds a client keeps an answer (browsers: 60), or 'ttl' to honour the TTL it was given. Simulated seconds, like dns.ttl: a trace's speedup does not divide it (unlike thinkTime).",
      ),
  })
  .strict()
  .describe("Client-side (browser or stub resolver) cache.");

const rateStep = z
  .object({
    at: seconds("Time the rate takes effect, seconds."),
    rate: z.number().nonnegative().describe("Visits per second from then on."),
  })
  .strict();

export const rateProfile = z.union([
  z.number().nonnegative().describe("Constant visits per second (a Poisson process)."),
  z
    .object({
      profile: z.literal("steps"),
      steps: z
        .array(rateStep)
        .min(1)
        .max(MAX_RATE_STEPS, `at most ${MAX_RATE_STEPS} steps (MAX_RATE_STEPS)`)
        .describe("Piecewise-constant schedule; the first step should be at 0."),
    })
    .strict(),
  z
    .object({
      profile: z.literal("diurnal"),
      mean: z.number().positive().describe("Mean visits per second over a day."),
      peakToTrough: z
        .number()
        .min(1)
        .default(3)
        .describe("Ratio of the daily peak rate to the trough rate."),
      peakAt: seconds("Time of day of the peak, seconds after midnight.").default(72000),
      period: positiveSeconds("Length of a cycle in seconds.").default(86400),
    })
    .strict(),
  z
    .object({
      profile: z.literal("flash"),
      base: z.number().nonnegative().describe("Normal visits per second."),
      peak: z.number().positive().describe("Visits per second at the height of the flash crowd."),
      at: seconds("When the crowd arrives, seconds."),
      rise: seconds("Seconds to climb from base to peak (linear).").default(60),
      decay: positiveSeconds(
        "Time constant of the exponential decay back to base, seconds.",
      ).default(1800),
    })
    .strict(),
  z
    .object({
      profile: z.literal("periodic"),
      interval: positiveSeconds("Seconds between visits (monitoring probes, cron jobs)."),
      offset: seconds("Time of the first visit, seconds.").default(0),
    })
    .strict(),
]);
export type RateProfile = z.output<typeof rateProfile>;

const TRACE_FORMATS = ["clf", "tsv", "csv"] as const;

const traceResolverRule = z
  .object({
    rule: z
      .enum(["heavy", "host", "subnet"])
      .default("heavy")
      .describe(
        "How trace hosts map onto caching resolvers: heavy (the `heavy` busiest hosts, proxies and crawlers, are resolvers of their own; the rest are assigned to resolvers.count resolvers by their Zipf or explicit weights), host (one resolver per host), subnet (one per /24 for IPv4, per /64 for IPv6, or per registrable domain of the Public Suffix List for names).",
      ),
    heavy: z
      .number()
      .int()
      .min(0)
      .max(MAX_RESOLVERS)
      .default(10)
      .describe("rule heavy: how many of the busiest hosts get a resolver of their own."),
  })
  .strict();
export type TraceResolverRule = z.output<typeof traceResolverRule>;

const trace = z
  .object({
    file: z
      .string()
      .min(1)
      .describe(
        "Access log to replay, relative to the scenario file: Common or Combined Log Format, or TSV/CSV with a header naming time, host and bytes (plain or .gz; read by the CLI, streamed).",
      ),
    format: z
      .enum(TRACE_FORMATS)
      .default("clf")
      .describe(
        "clf (Common or Combined Log Format), tsv or csv (header with time, host, bytes, optional status).",
      ),
    from: z
      .string()
      .optional()
      .describe(
        "Replay from this time (ISO 8601 with zone, or epoch seconds); default the trace's first line.",
      ),
    to: z
      .string()
      .optional()
      .describe(
        "Replay lines before this time (ISO 8601 with zone, or epoch seconds); after `from`.",
      ),
    offset: seconds("Trace seconds skipped after `from` before t = 0.").default(0),
    speedup: z
      .number()
      .positive()
      .max(1e6)
      .default(1)
      .describe("Trace seconds per simulated second (4: a day of trace in six simulated hours)."),
    reorderWindow: seconds(
      "Seconds a line may be out of time order (real logs are: the bundled 2015 sample by up to 59 s); lines later than that are counted and dropped.",
    ).default(60),
    thinkTime: seconds(
      "A visit is a host's burst of requests with gaps below this many trace seconds: one lookup, one sticky address. 0: every request is a visit of its own (one lookup per request, even within one logged second).",
    ).default(300),
    resolvers: traceResolverRule.default({ rule: "heavy", heavy: 10 }),
  })
  .strict()
  .describe(
    "Replay a real access log instead of the rate: each line is a request of its host at its time; rate, requestsPerVisit and requestInterval are then unused.",
  );
export type TraceSpec = z.output<typeof trace>;

/** Most classes of a session workload. */
export const MAX_SESSION_CLASSES = 64;
/** Default cap of a session count distribution (pages per session, objects per page). */
export const DEFAULT_COUNT_MAX = 10000;

/** Most bins of an empirical duration law. */
export const MAX_EMPIRICAL_BINS = 10_000;

const durationMax = positiveSeconds(
  "Upper bound of the support, seconds: the law is truncated here and renormalised (drawn by inverse CDF on [0, max]; never piled up at max).",
).optional();

/** Seconds, drawn per use: fixed, exponential, lognormal or Pareto, optionally truncated at max. */
export const durationDistribution = z.union([
  seconds("Fixed seconds."),
  z
    .object({
      dist: z.literal("exponential"),
      mean: positiveSeconds("Mean seconds."),
      max: durationMax,
    })
    .strict(),
  z
    .object({
      dist: z.literal("lognormal"),
      median: positiveSeconds("Median seconds (e^mu)."),
      sigma: z
        .number()
        .finite()
        .nonnegative()
        .max(10)
        .describe("Standard deviation of the log (dimensionless; 1-2 for think times)."),
      max: durationMax,
    })
    .strict(),
  z
    .object({
      dist: z.literal("pareto"),
      alpha: paretoAlpha(
        "Tail index: P(X > x) = (min/x)^alpha (about 1.4 for SURGE's think times).",
      ),
      min: positiveSeconds("Smallest value, seconds (the Pareto scale)."),
      max: durationMax,
    })
    .strict(),
  z
    .object({
      dist: z.literal("empirical"),
      edges: z
        .array(seconds("A bin edge, seconds."))
        .min(2)
        .max(MAX_EMPIRICAL_BINS + 1)
        .describe("Bin edges in seconds, strictly increasing: bin i is [edges[i], edges[i + 1])."),
      weights: z
        .array(z.number().finite().positive())
        .min(1)
        .max(MAX_EMPIRICAL_BINS)
        .describe(
          "Relative weight of each bin (one fewer than the edges; e.g. how many of a log's gaps fell in it): P(bin i) = weight i / the weights' sum.",
        ),
    })
    .strict()
    .refine((e) => e.edges.length === e.weights.length + 1, {
      message: "weights must have one entry per bin (one fewer than the edges)",
      path: ["weights"],
    })
    .refine((e) => e.edges.every((x, i) => i === 0 || x > e.edges[i - 1]!), {
      message: "edges must be strictly increasing",
      path: ["edges"],
    })
    .describe(
      "A smoothed empirical law (a histogram): a bin drawn with probability proportional to its weight, then a point uniformly inside it, so no draw falls outside [edges[0], the last edge]. rrdns fit writes it when no parametric family fits the log (KS p-value below 0.01).",
    ),
]);
export type DurationDistribution = z.output<typeof durationDistribution>;

const countMax = z
  .number()
  .int()
  .nonnegative()
  .max(1_000_000)
  .default(DEFAULT_COUNT_MAX)
  .describe(
    "Upper bound of the support: the law is truncated to counts up to max and renormalised, not cut (default 10000).",
  );

/** A count, drawn per use: fixed, geometric, or floor of a lognormal or Pareto, truncated at max. */
const countDistribution = (lo: number, what: string) =>
  z.union([
    z.number().int().min(lo).max(1_000_000).describe(`Fixed ${what}.`),
    z
      .object({
        dist: z.literal("geometric"),
        mean: z
          .number()
          .finite()
          .min(lo)
          .max(1_000_000)
          .describe(`Mean ${what}, the minimum (${lo}) included: support ${lo}, ${lo + 1}, ...`),
        max: countMax,
      })
      .strict(),
    z
      .object({
        dist: z.literal("lognormal"),
        median: z.number().finite().positive().describe("Median of the lognormal (e^mu)."),
        sigma: z
          .number()
          .finite()
          .nonnegative()
          .max(10)
          .describe("Standard deviation of the log (dimensionless)."),
        max: countMax,
      })
      .strict()
      .describe(`${what}: floor of a lognormal draw, raised to ${lo} if below.`),
    z
      .object({
        dist: z.literal("pareto"),
        alpha: paretoAlpha("Tail index: P(X > x) = (min/x)^alpha."),
        min: z.number().finite().positive().describe("Smallest value (the Pareto scale)."),
        max: countMax,
      })
      .strict()
      .describe(`${what}: floor of a Pareto draw, raised to ${lo} if below.`),
    z
      .object({
        dist: z.literal("empirical"),
        values: z
          .array(z.number().int().min(lo).max(1_000_000))
          .min(1)
          .max(10_000)
          .describe(`The possible ${what} (integers >= ${lo}).`),
        weights: z
          .array(z.number().finite().positive())
          .min(1)
          .max(10_000)
          .describe(
            "Relative weight of each value (one per value; e.g. how often a log showed it): P(value i) = weight i / the weights' sum.",
          ),
      })
      .strict()
      .refine((e) => e.values.length === e.weights.length, {
        message: "weights must have one entry per value",
        path: ["weights"],
      })
      .describe(
        `${what}: an empirical law, each value drawn with probability proportional to its weight (rrdns fit writes it when the AIC prefers it, as for a spike a smooth law cannot give).`,
      ),
  ]);
export type CountDistribution = z.output<ReturnType<typeof countDistribution>>;

export const SESSION_RESOLVERS = ["own", "shared"] as const;

/** What a session workload runs before t = 0 (`clients.sessions.preRoll`). */
export const SESSION_PRE_ROLLS = ["warm", "quiet", "none"] as const;

/** Most revisit probability: a visit is then 100 sessions on average, which the work estimate can still bound. */
const MAX_REVISIT_PROBABILITY = 0.99;

/**
 * Return visits: a client whose session ended comes back for another one
 * (Bartlett–Lewis clusters of sessions), so its sessions come in visits
 * rather than as a Poisson stream over the whole run.
 */
const revisit = z
  .object({
    probability: z
      .number()
      .finite()
      .min(0)
      .max(MAX_REVISIT_PROBABILITY)
      .describe(
        "Chance that a client starts another session after one ends (a visit is then a geometric number of sessions, mean 1 / (1 - probability)).",
      ),
    gap: durationDistribution.describe(
      "Seconds from a session's last request to the same client's next session's first request.",
    ),
  })
  .strict()
  .describe(
    "Return visits: when a session ends, its client starts another one gap seconds later with the given probability (else its visit is over). rate then counts visits (first sessions): the class makes rate / (1 - probability) sessions per second. Absent: every session is a visit of its own (a Poisson stream per client).",
  );

/**
 * Heavy sessions: a session-level objects law. Each session draws once
 * whether it is heavy; all its pages then draw their objects from the heavy
 * law, so the objects of a session's pages go together (the shared log's
 * page sizes within a fragment correlate: docs/fit-validation.md, "Why
 * max/mean falls with the hold").
 */
const heavySessions = z
  .object({
    weight: z
      .number()
      .finite()
      .min(0)
      .max(1)
      .describe("Chance that a session is heavy (drawn once per session, return visits included)."),
    objects: countDistribution(0, "embedded requests per page of a heavy session").describe(
      "Embedded requests per page of a heavy session (as objects, which the other sessions' pages keep).",
    ),
    objectGap: durationDistribution
      .optional()
      .describe(
        "Seconds between a heavy session's page's requests (as objectGap; absent: objectGap). A page of many objects is fetched quickly: the shared log's pages of 10 or more objects come about 2 s apart, the others about 7 s.",
      ),
  })
  .strict()
  .describe(
    "A two-component objects law: with chance weight a session is heavy and every page of it draws its embedded requests from heavy.objects (and their gaps from heavy.objectGap, if given); otherwise from objects and objectGap. Absent: every session draws from objects.",
  );

const sessionClass = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' or '-'")
      .max(64)
      .describe("Name of the class (unique; it names the class's random streams)."),
    clients: z
      .number()
      .int()
      .positive()
      .max(MAX_RESOLVERS)
      .describe("Distinct clients in the class."),
    skew: z
      .number()
      .finite()
      .nonnegative()
      .max(10)
      .default(0)
      .describe(
        "Zipf exponent of the session rate across the class's clients: client i gets a share ∝ 1/i^skew (0: all equal).",
      ),
    rate: rateProfile.describe(
      "Sessions per second for the whole class: a number, or a profile like clients.rate (steps, diurnal, flash).",
    ),
    pages: countDistribution(1, "page views per session").describe(
      "Page views per session (a count >= 1): an integer, {dist: geometric, mean}, the floor of {dist: lognormal, median, sigma} or {dist: pareto, alpha, min} (optional max, default 10000), or {dist: empirical, values, weights}.",
    ),
    thinkTime: durationDistribution.describe(
      "Seconds from one page's last request to the next page's main request: a number, {dist: exponential, mean}, {dist: lognormal, median, sigma} or {dist: pareto, alpha, min}; optional max.",
    ),
    objects: countDistribution(0, "embedded requests per page")
      .default(0)
      .describe(
        "Embedded requests per page after its main request (a count >= 0): an integer, {dist: geometric, mean}, the floor of a lognormal or Pareto (optional max, default 10000), or {dist: empirical, values, weights}.",
      ),
    objectGap: durationDistribution
      .default(0)
      .describe("Seconds between consecutive requests of a page's burst (main, then objects)."),
    heavy: heavySessions.optional(),
    resolver: z
      .enum(SESSION_RESOLVERS)
      .default("own")
      .describe(
        "own: each client its own caching resolver; shared: clients drawn once onto resolvers.count resolvers by the resolvers' weights.",
      ),
    revisit: revisit.optional(),
  })
  .strict();
export type SessionClass = z.output<typeof sessionClass>;

/**
 * Observation windows of a sampled log: sessions run unchanged, but only the
 * requests inside the windows are made, as only those were logged.
 */
const observeWindows = z
  .object({
    period: positiveSeconds(
      "Seconds from one observation window's start to the next's (3600: one window an hour).",
    ),
    length: positiveSeconds("Seconds each observation window lasts (at most period)."),
    offset: z
      .number()
      .finite()
      .nonnegative()
      .default(0)
      .describe("Seconds from t = 0 to the first window's start (less than period)."),
  })
  .strict()
  .refine((o) => o.length <= o.period, { message: "length must be at most period" })
  .refine((o) => o.offset < o.period, { message: "offset must be less than period" })
  .describe(
    "Observation windows of a sampled log (rrdns fit writes them when the log keeps, e.g., one minute an hour): sessions arrive and run as without them, but a request is made only when its time t satisfies (t - offset) mod period < length, so the workload covers the same time as the log; requests outside are not made (no lookup, no load). Absent: every request is made.",
  );

const sessions = z
  .object({
    lookupGap: positiveSeconds(
      "A client resolves again when its previous request is this many seconds ago or more (as clients.trace.thinkTime): one lookup and one sticky address per burst.",
    ).default(300),
    classes: z
      .array(sessionClass)
      .min(1)
      .max(MAX_SESSION_CLASSES)
      .describe("Independent client populations, each with its own session law."),
    observe: observeWindows.optional(),
    preRoll: z
      .enum(SESSION_PRE_ROLLS)
      .optional()
      .describe(
        "What runs before t = 0 (absent: warm with start: steady, none with start: cold). warm: the workload runs before 0 at each class's rate at t = 0 and its requests warm the caches (unrecorded); quiet: it runs as long, but makes no request before 0, so the sessions (and return visits) under way at t = 0 are there while every cache starts as start says (a log's state at its first line: rrdns fit writes it with start: cold); none: the first session arrives after t = 0.",
      ),
  })
  .strict()
  .describe(
    "A session workload (SURGE-like) instead of the rate: per class, sessions arrive by its rate, each at a client drawn by Zipf, and make pages of a main request plus embedded objects, separated by think times; clients.rate, requestsPerVisit and requestInterval are then unused.",
  );

const clients = z
  .object({
    rate: rateProfile.describe(
      "Visit arrival rate: visits/s, or a profile (steps, diurnal, flash, periodic: one visit every interval seconds).",
    ),
    requestsPerVisit: z
      .number()
      .int()
      .positive()
      .max(10000)
      .default(1)
      .describe("Requests a visit makes, all to the address it picked (sticky)."),
    requestInterval: seconds("Seconds between consecutive requests of a visit.").default(0),
    selection: z
      .enum(SELECTIONS)
      .default("first")
      .describe(
        "Address selection: first (ping/ftp), failover (browsers: next address after a failed connect), random, sorted (RFC 6724 rule 9 longest-prefix sort, then failover).",
      ),
    connectTimeout: seconds("Seconds a connect to a black-holed address takes to fail.").default(
      21,
    ),
    address: ipv4
      .optional()
      .describe(
        "The clients' own address on the servers' subnet, for selection: sorted (longest matching prefix first).",
      ),
    prefixLength: z
      .number()
      .int()
      .min(0)
      .max(32)
      .default(24)
      .describe(
        "Prefix length of the clients' own subnet: selection: sorted reorders only addresses sharing at least this many leading bits with clients.address (glibc keeps the DNS order for the others).",
      ),
    cache: clientCache.optional(),
    trace: trace.optional(),
    sessions: sessions.optional(),
    stub: z
      .object({
        timeout: positiveSeconds(
          "Seconds the stub resolver waits for an answer per try (glibc resolv.conf timeout:, default 5).",
        ).default(5),
        attempts: z
          .number()
          .int()
          .positive()
          .max(5)
          .default(2)
          .describe("Tries before the lookup fails (glibc resolv.conf attempts:, default 2)."),
      })
      .strict()
      .default({ timeout: 5, attempts: 2 })
      .describe(
        "The clients' stub resolver: a caching resolver that gives no answer costs timeout × attempts seconds before the visit fails as unresolved (SERVFAIL returns at once).",
      ),
    timeout: positiveSeconds(
      "Seconds a client waits for a response before it gives the request up (servers with capacity only; default 30).",
    ).optional(),
    onError: z
      .enum(ON_ERRORS)
      .optional()
      .describe(
        "What a client does when a request is refused or times out (servers with capacity only; default next): next (the next address of its answer, if its selection fails over), retry (the same address after retryDelay), give-up.",
      ),
    retries: z
      .number()
      .int()
      .nonnegative()
      .max(100)
      .optional()
      .describe("Most extra attempts per request after refusals or timeouts (default 2)."),
    retryDelay: seconds(
      "Seconds before a retry to the same address (onError: retry; default 1).",
    ).optional(),
  })
  .strict();

const scheduledFailure = z
  .object({
    server: ipv4.describe("Address of the server that fails."),
    at: seconds("Start of the outage, seconds."),
    duration: positiveSeconds("Length of the outage, seconds."),
    mode: z
      .enum(FAILURE_MODES)
      .default("blackhole")
      .describe("blackhole: connects time out; refused: connects fail at once."),
  })
  .strict();

const randomFailure = z
  .object({
    server: z
      .union([ipv4, z.literal("all")])
      .describe("Address of the server that fails at random, or 'all'."),
    mtbf: positiveSeconds("Mean time between failures, seconds (exponential)."),
    mttr: positiveSeconds("Mean time to repair, seconds (exponential)."),
    mode: z
      .enum(FAILURE_MODES)
      .default("blackhole")
      .describe("How the dead server fails a connection."),
  })
  .strict();

const takeover = z
  .object({
    delay: seconds("Seconds after a failure until another server answers for the dead address."),
  })
  .strict()
  .describe("IP takeover: a live server answers for a dead address after a delay.");

const contentSize = z.union([
  z.number().positive().finite().max(1e12).describe("Every object this many bytes."),
  z
    .object({
      dist: z.literal("lognormal").describe("Lognormal sizes."),
      median: z
        .number()
        .positive()
        .finite()
        .max(1e12)
        .describe("Median object size, bytes (e^mu)."),
      sigma: z.number().nonnegative().max(10).describe("Standard deviation of ln(size)."),
    })
    .strict()
    .describe("Lognormal sizes (web objects: median about 10 KB, sigma 1 to 2)."),
]);

const content = z
  .object({
    objects: z
      .number()
      .int()
      .positive()
      .max(1_000_000)
      .default(1000)
      .describe(
        "Distinct objects on the site, for workloads without log lines (a replayed trace's objects are its request paths, each sized by the largest bytes logged for it).",
      ),
    size: contentSize
      .default(10000)
      .describe(
        "Object size in bytes, for synthetic objects: a number, or {dist: lognormal, median, sigma}.",
      ),
    popularity: z
      .number()
      .min(0)
      .max(5)
      .default(1)
      .describe(
        "Zipf exponent of object popularity for synthetic objects: object i is requested ∝ 1/i^s (0: all equally).",
      ),
    skewed: z
      .array(ipv4)
      .max(256)
      .default([])
      .describe(
        "Servers whose copies carry their own Last-Modified times (each its own for every object: copied separately, not from one central place); empty: identical timestamps everywhere.",
      ),
    browserCache: z
      .number()
      .int()
      .positive()
      .max(10000)
      .default(100)
      .describe(
        "Objects each client's browser keeps (least recently used evicted first); a cached object is revalidated with If-Modified-Since on every repeat request.",
      ),
  })
  .strict()
  .describe(
    "Content consistency (trace replay and session workloads): browsers revalidate cached objects; a server whose Last-Modified differs from the cached copy's answers 200 with the whole body instead of 304. Results: content.",
  );

const fragmentation = z
  .object({
    sessionGap: positiveSeconds(
      "A session is a client's requests with gaps below this many seconds (trace seconds for a replay); 1800, the usual 30-minute web-analytics rule.",
    ).default(1800),
  })
  .strict()
  .describe(
    "Session fragmentation (trace replay and session workloads): the share of sessions served by more than one server, and how often consecutive visits (bursts below thinkTime, one lookup each) switch servers by their spacing. Results: fragmentation.",
  );

/**
 * The numbers a lesson's "try this" change can point at, each as the
 * playground's totals and the results name it (metrics/lesson-watch.ts reads
 * them from the results).
 */
export const LESSON_METRICS = [
  "failedAttempts",
  "failedVisits",
  "unresolvedVisits",
  "authoritativeQueries",
  "authoritativePeak",
  "maxOverMean",
  "busiestShare",
  "p99",
  "meanResponse",
  "errors",
  "drainSeconds",
  "unservedRequests",
  "failedConnects",
  "fillSeconds",
  "rebalanceSeconds",
] as const;
export type LessonMetric = (typeof LESSON_METRICS)[number];

const lessonTry = z
  .object({
    change: z
      .record(
        z.string().min(1).max(200),
        z.union([z.number().finite(), z.string().max(200), z.boolean()]),
      )
      .refine((c) => Object.keys(c).length >= 1 && Object.keys(c).length <= 4, {
        message: "a change sets one to four fields",
      })
      .describe(
        "The fields to set, as `rrdns run --set` paths and values, e.g. {dns.ttl: 60}; the changed scenario must be valid.",
      ),
    look: z
      .string()
      .min(1)
      .max(400)
      .describe(
        "What to look for once it has run, in plain words (and which chart or total shows it).",
      ),
    watch: z
      .object({
        metric: z
          .enum(LESSON_METRICS)
          .describe(
            "The number the change moves: failedAttempts, failedVisits, unresolvedVisits, authoritativeQueries, authoritativePeak (busiest window), maxOverMean (per window), busiestShare, p99, meanResponse, errors (refused, dropped or timed out), drainSeconds (the first failure's); with connections: unservedRequests, failedConnects, fillSeconds (the first added server's), rebalanceSeconds (after the first pool change).",
          ),
        goes: z.enum(["up", "down"]).describe("Which way it moves, against the lesson as written."),
      })
      .strict()
      .describe(
        "The number `look` is about and which way it goes; the lesson claim test checks it.",
      ),
  })
  .strict();

export const lessonSchema = z
  .object({
    claim: z
      .string()
      .min(1)
      .max(400)
      .describe("The lesson's claim in one or two plain sentences, without field names."),
    try: z
      .array(lessonTry)
      .min(1)
      .max(4)
      .describe(
        "Changes to try, each with what to look for; the playground has a button for each.",
      ),
  })
  .strict()
  .describe(
    "A bundled lesson's claim and its \"try this\" list, shown by the playground, the run report and the lesson's page.",
  );
export type ScenarioLesson = z.output<typeof lessonSchema>;
export type LessonTry = z.output<typeof lessonTry>;

export const scenarioSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be letters, digits, '.', '_' or '-'")
      .max(80)
      .describe("Short name; also the default report folder."),
    description: z
      .string()
      .max(4000)
      .default("")
      .describe("What the scenario shows, in plain words."),
    lesson: lessonSchema.optional(),
    duration: positiveSeconds("Simulated seconds.").max(365 * 86400),
    warmup: seconds("Seconds simulated before metrics start counting.").default(0),
    start: z
      .enum(START_STATES)
      .default("steady")
      .describe(
        "How every cache starts at t = 0: steady (as if the rate at t = 0 had always held: each resolver and client cache valid with probability λL/(1+λL) at a uniform age, in a random order state, the authority's cyclic counter at a random phase) or cold (all caches empty, as after a fresh deployment or a cache flush: busy resolvers then refetch in lock-step).",
      ),
    seed: z.number().int().nonnegative().default(1).describe("Random seed; --seed overrides."),
    window: positiveSeconds("Width of the time bins and balance windows, seconds.").default(60),
    servers: z.array(server).min(1).max(256),
    service: service.optional(),
    dns,
    resolvers: resolvers.default({
      count: 1000,
      skew: 1,
      behaviour: "rotate",
      ttl: { min: 0, max: 604800 },
      authorityRtt: 0.03,
    }),
    clients,
    failures: z
      .array(z.union([scheduledFailure, randomFailure]))
      .max(MAX_OUTAGES)
      .default([])
      .describe(
        "Scheduled outages {server, at, duration, mode} and random failures {server, mtbf, mttr, mode}.",
      ),
    takeover: takeover.optional(),
    content: content.optional(),
    fragmentation: fragmentation.optional(),
    connections: connections.optional(),
    pool: elasticPool.optional(),
  })
  .strict();

export type SessionSpec = z.output<typeof sessions>;
export type ContentSpec = z.output<typeof content>;
export type FragmentationSpec = z.output<typeof fragmentation>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ScheduledFailure = z.output<typeof scheduledFailure>;
export type RandomFailure = z.output<typeof randomFailure>;
