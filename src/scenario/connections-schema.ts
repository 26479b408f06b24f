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

export const elasticPool = z
  .object({
    changes: z
      .array(poolChange)
      .min(1)
      .max(MAX_POOL_CHANGES)
      .describe(
        "Scheduled scale-out and scale-in, in time order. A server that is added somewhere is not in the answer before its first add.",
      ),
    grace: seconds(
      "Seconds a withdrawn server keeps serving its open connections before it resets them (Kubernetes terminationGracePeriodSeconds); default: it serves them until the clients close them.",
    ).optional(),
    answerTtl: seconds(
      "TTL the clients' recursive resolver caches the answer for, seconds; default: dns.ttl (its value, or the middle of its uniform range).",
    ).optional(),
  })
  .strict()
  .describe(
    "An elastic pool (with connections): servers added to and withdrawn from the DNS answer at scheduled times. Results: connections.changes (fill and drain times).",
  );

export type ConnectionsSpec = z.output<typeof connections>;
export type ElasticPoolSpec = z.output<typeof elasticPool>;
