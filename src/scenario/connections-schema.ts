import { z } from "zod";

/**
 * The scenario's connection-pool blocks: `connections` (clients that hold
 * connections and look the name up as their runtime does) and `pool` (servers
 * added to and removed from the DNS answer at scheduled times). The runtimes'
 * defaults and their sources live in src/model/connections/runtimes.ts.
 */

/** Most clients of a connection-pool scenario: typed arrays of clients × connections per client. */
export const MAX_POOL_CLIENTS = 1_000_000;
/** Most connection slots (clients × connections per client) a run may hold. */
export const MAX_CONNECTION_SLOTS = 16_000_000;
/** Most scheduled pool changes. */
export const MAX_POOL_CHANGES = 256;
/** Most scheduled changes of the clients' request rate. */
export const MAX_RATE_CHANGES = 256;

export const ipv4 = z
  .string()
  .regex(
    /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/,
    "must be an IPv4 address such as 10.0.0.2",
  );

/** Client runtimes: when they look the name up, how long they keep the answer, which addresses they connect to. */
export const RUNTIMES = [
  "glibc",
  "nscd",
  "jvm",
  "go",
  "node",
  "grpc-pick-first",
  "grpc-round-robin",
  "nginx",
  "nginx-valid",
  "haproxy",
  "envoy-strict-dns",
] as const;
export type Runtime = (typeof RUNTIMES)[number];

const seconds = (doc: string) => z.number().finite().positive().describe(doc);

const poolSettings = z
  .object({
    size: z
      .number()
      .int()
      .positive()
      .max(1000)
      .optional()
      .describe(
        "Connections each client keeps open to the name (runtimes that connect to the first address; the others keep one per address). Default 1.",
      ),
    idleTimeout: seconds(
      "A connection with no request for this many seconds is closed (Node's http.Agent closes a free socket after its timeout; HTTP/1.1 keep-alive). Default: the runtime's (node 5 s, go 90 s, nginx 60 s), else none.",
    ).optional(),
    maxAge: seconds(
      "A connection is closed this many seconds after it opened (gRPC MAX_CONNECTION_AGE, Envoy max_connection_duration). Default none.",
    ).optional(),
    maxRequests: z
      .number()
      .int()
      .positive()
      .max(1e9)
      .optional()
      .describe(
        "A connection is closed after this many requests (nginx keepalive_requests, Envoy max_requests_per_connection). Default: the runtime's (nginx 1000), else none.",
      ),
    ageJitter: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.1)
      .describe(
        "maxAge is drawn uniformly from maxAge × [1 − jitter, 1 + jitter] per connection (gRPC servers jitter MAX_CONNECTION_AGE by ±10 %).",
      ),
  })
  .strict();

export const connections = z
  .object({
    runtime: z
      .enum(RUNTIMES)
      .describe(
        "Client runtime preset (docs/guides/connections-and-runtimes.md): glibc, nscd, jvm, go, node (a lookup per new connection, first address; nscd and jvm cache the answer), grpc-pick-first, grpc-round-robin (re-resolve on disconnect, at least 30 s apart), nginx (resolves once at start-up), nginx-valid, haproxy, envoy-strict-dns (re-resolve periodically, a connection to every address).",
      ),
    clients: z
      .number()
      .int()
      .positive()
      .max(MAX_POOL_CLIENTS)
      .describe("Client processes (or proxies), each with its own pool and random streams."),
    rate: z
      .number()
      .positive()
      .max(1e6)
      .describe(
        "Requests per second per client, a Poisson stream spread evenly over the client's open connections.",
      ),
    pool: poolSettings.default({ ageJitter: 0.1 }).describe("The client's connection pool."),
    cacheTtl: seconds(
      "Overrides how long the runtime keeps a looked-up answer, seconds (jvm: networkaddress.cache.ttl; nscd: the answer's TTL).",
    ).optional(),
    refresh: seconds(
      "Overrides the periodic re-resolution, seconds (nginx-valid: resolver valid=; haproxy: hold valid; envoy-strict-dns: dns_refresh_rate).",
    ).optional(),
    minResolveInterval: z
      .number()
      .finite()
      .nonnegative()
      .optional()
      .describe(
        "Overrides gRPC's minimum seconds between resolutions (grpc.dns_min_time_between_resolutions_ms, 30 s).",
      ),
    rateChanges: z
      .array(
        z
          .object({
            at: z.number().finite().nonnegative().describe("Seconds from the start of the run."),
            rate: z
              .number()
              .positive()
              .max(1e6)
              .describe("Requests per second per client from then on."),
          })
          .strict(),
      )
      .max(MAX_RATE_CHANGES)
      .optional()
      .describe(
        "Scheduled changes of the request rate, in time order (a load that ramps, for an autoscaled pool): from `at` on, each client sends `rate` requests per second. Default: `rate` for the whole run.",
      ),
    fillShare: z
      .number()
      .gt(0)
      .max(1)
      .default(0.9)
      .describe(
        "An added server has filled when its share of the request rate reaches fillShare × its fair share (1/N of the live servers); the pool has rebalanced when every live server is within ±(1 − fillShare) of its fair share.",
      ),
  })
  .strict()
  .describe(
    "Connection pools: clients hold connections to the addresses they resolved and send their requests over them; each client's runtime decides when it looks the name up again. Results: connections.",
  );

const poolChange = z
  .object({
    at: z.number().finite().nonnegative().describe("Seconds from the start of the run."),
    add: z
      .array(ipv4)
      .max(256)
      .default([])
      .describe("Servers published in the DNS answer from then on (listed in servers)."),
    remove: z
      .array(ipv4)
      .max(256)
      .default([])
      .describe("Servers withdrawn from the DNS answer from then on."),
  })
  .strict();

const servers = () => z.number().int().positive().max(1000);

/**
 * A Kubernetes HorizontalPodAutoscaler-like rule (src/model/connections/autoscaler.ts):
 * the defaults are the HPA's (15 s sync period, tolerance 0.1, no scale-up
 * stabilization, 300 s scale-down stabilization).
 */
const autoscale = z
  .object({
    capacity: z
      .number()
      .positive()
      .max(1e9)
      .describe(
        "Requests per second one server serves at 100 % utilisation (the HPA's resource request: utilisation = requests/s ÷ capacity).",
      ),
    target: z
      .number()
      .gt(0)
      .max(1)
      .describe(
        "Target average utilisation, 0-1 (the HPA's averageUtilization / 100): desired servers = ceil(servers × utilisation / target).",
      ),
    min: servers().default(1).describe("Fewest servers in the answer (minReplicas). Default 1."),
    max: servers().describe(
      "Most servers in the answer (maxReplicas), at most the servers listed.",
    ),
    initial: servers()
      .optional()
      .describe("Servers in the answer at the start (the first ones listed). Default: min."),
    interval: z
      .number()
      .finite()
      .positive()
      .default(15)
      .describe(
        "Seconds between two evaluations of the rule (the HPA's --horizontal-pod-autoscaler-sync-period, 15 s); each one measures the utilisation over the interval just ended.",
      ),
    tolerance: z
      .number()
      .min(0)
      .max(1)
      .default(0.1)
      .describe(
        "No change while |utilisation / target − 1| ≤ tolerance (the HPA's --horizontal-pod-autoscaler-tolerance, 0.1).",
      ),
    upCooldown: z
      .number()
      .finite()
      .nonnegative()
      .default(0)
      .describe(
        "Seconds after a scale event before the rule may scale up again (default 0: the HPA scales up at once).",
      ),
    downStabilization: z
      .number()
      .finite()
      .nonnegative()
      .default(300)
      .describe(
        "Scale-down goes only to the highest recommendation of the last this-many seconds (the HPA's scaleDown.stabilizationWindowSeconds, 300 s).",
      ),
  })
  .strict()
  .describe(
    "Servers added and withdrawn by a target-utilisation rule instead of a schedule. The servers listed are the ordered reserve: the first `initial` are in the answer at the start, a scale-up publishes the next ones listed, a scale-down withdraws the last added. Results: connections.autoscale (each scale event and the utilisation that triggered it) and connections.changes (fill and drain of each server).",
  );

export const elasticPool = z
  .object({
    changes: z
      .array(poolChange)
      .min(1)
      .max(MAX_POOL_CHANGES)
      .optional()
      .describe(
        "Scheduled scale-out and scale-in, in time order. A server that is added somewhere is not in the answer before its first add. Either changes or autoscale.",
      ),
    autoscale: autoscale.optional(),
    grace: seconds(
      "Seconds a withdrawn server keeps serving its open connections before it resets them (Kubernetes terminationGracePeriodSeconds); default: it serves them until the clients close them.",
    ).optional(),
    answerTtl: seconds(
      "TTL the clients' recursive resolver caches the answer for, seconds; default: dns.ttl (its value, or the middle of its uniform range).",
    ).optional(),
  })
  .strict()
  .describe(
    "An elastic pool (with connections): servers added to and withdrawn from the DNS answer at scheduled times (changes) or by an autoscaling rule (autoscale). Results: connections.changes (fill and drain times).",
  );

export type ConnectionsSpec = z.output<typeof connections>;
export type ElasticPoolSpec = z.output<typeof elasticPool>;
export type AutoscaleSpec = z.output<typeof autoscale>;
