import type { ConnectionsSpec, Runtime } from "../../scenario/index.js";

/**
 * A client runtime reduced to what decides where its connections go:
 *
 * - `spread`: `first`, each connection goes to the first address of the answer
 *   the client holds when it opens (getaddrinfo callers, gRPC pick_first); or
 *   `every`, one connection per address and the requests spread evenly across
 *   them (gRPC round_robin, proxies' upstream round robin).
 * - `cache`: how long the client keeps an answer before it looks the name up
 *   again: `ttl` (the answer's own TTL), a fixed number of seconds, 0 (no
 *   cache: every new connection looks up), or Infinity (never again).
 * - `refresh`: seconds between periodic re-resolutions (proxies), or Infinity.
 * - `onDisconnect`: a connection's close makes the client re-resolve, at most
 *   once per `minResolveInterval` seconds (gRPC).
 * - `tryNext`: a failed connect goes on to the answer's next address (Go's
 *   dialSerial) instead of failing the connection.
 */
export interface RuntimeModel {
  readonly spread: "first" | "every";
  readonly cache: number | "ttl";
  readonly refresh: number | "ttl";
  readonly onDisconnect: boolean;
  readonly minResolveInterval: number;
  readonly tryNext: boolean;
  /** The runtime's own connection defaults (the scenario's pool block overrides them). */
  readonly idleTimeout?: number;
  readonly maxRequests?: number;
  /** Where the defaults come from (docs/guides/connections-and-runtimes.md repeats it). */
  readonly source: string;
}

const lookupPerConnection = {
  spread: "first",
  cache: 0,
  refresh: Number.POSITIVE_INFINITY,
  onDisconnect: false,
  minResolveInterval: 0,
  tryNext: false,
} as const;

const proxy = {
  spread: "every",
  onDisconnect: false,
  minResolveInterval: 0,
  tryNext: true,
} as const;

/** gRPC's DNS resolver, the same under both load-balancing policies: resolve when a connection drops, at most every 30 s. */
const GRPC_RESOLVER = {
  cache: Number.POSITIVE_INFINITY,
  refresh: Number.POSITIVE_INFINITY,
  onDisconnect: true,
  minResolveInterval: 30,
  tryNext: true,
} as const;

/** nginx's upstream keep-alive: keepalive_timeout 60 s, keepalive_requests 1000 (nginx 1.19.10+). */
const nginxUpstream = { ...proxy, idleTimeout: 60, maxRequests: 1000 } as const;

/** The presets, one per runtime name the scenario schema accepts. */
export const RUNTIME_MODELS: Record<Runtime, RuntimeModel> = {
  glibc: {
    ...lookupPerConnection,
    source:
      "glibc getaddrinfo keeps no cache: every connect() that follows a lookup asks the resolver; callers connect to the first address.",
  },
  nscd: {
    ...lookupPerConnection,
    cache: "ttl",
    source:
      "nscd's hosts cache keeps a positive answer for its TTL (positive-time-to-live caps it, 3600 s in Debian's nscd.conf).",
  },
  jvm: {
    ...lookupPerConnection,
    cache: 30,
    source:
      "sun.net.InetAddressCachePolicy: DEFAULT_POSITIVE = 30 s without a security manager (networkaddress.cache.ttl), whatever the DNS TTL; InetAddress.getByName returns the first address.",
  },
  go: {
    ...lookupPerConnection,
    tryNext: true,
    idleTimeout: 90,
    source:
      "Go net.Dialer: the pure-Go resolver has no cache, every Dial looks up; dialSerial tries the addresses in order and moves on only when a connect fails; net/http DefaultTransport closes idle connections after IdleConnTimeout 90 s.",
  },
  node: {
    ...lookupPerConnection,
    idleTimeout: 5,
    source:
      "Node net.connect calls dns.lookup (getaddrinfo, no cache) for every new socket; the global http.Agent keeps sockets alive and closes a free one after its timeout, 5000 ms (keepAlive: true, timeout: 5000, Node 19+); autoSelectFamily only interleaves IPv6 and IPv4.",
  },
  "grpc-pick-first": {
    spread: "first",
    ...GRPC_RESOLVER,
    source:
      "gRPC pick_first: one connection to the first reachable address; the DNS resolver re-resolves when a connection drops, at most every 30 s (grpc.dns_min_time_between_resolutions_ms, grpc-go minResolutionInterval).",
  },
  "grpc-round-robin": {
    spread: "every",
    ...GRPC_RESOLVER,
    source:
      "gRPC round_robin: a subchannel to every address, calls spread across the ready ones; re-resolution only when a subchannel drops, at most every 30 s.",
  },
  nginx: {
    ...nginxUpstream,
    cache: Number.POSITIVE_INFINITY,
    refresh: Number.POSITIVE_INFINITY,
    source:
      "nginx upstream `server name;` without `resolve`: the name is resolved once when the configuration is loaded; upstream round robin over every address; upstream keepalive_timeout 60 s and keepalive_requests 1000 (nginx 1.19.10+).",
  },
  "nginx-valid": {
    ...nginxUpstream,
    cache: "ttl",
    refresh: "ttl",
    source:
      "nginx `resolver … valid=` with `server name resolve;`: re-resolved when the cached answer expires, after its TTL, or after valid= when given (set refresh); keep-alive as nginx.",
  },
  haproxy: {
    ...proxy,
    cache: 10,
    refresh: 1,
    source:
      "HAProxy `resolvers` section: a resolution every `timeout resolve` (default 1 s); `hold valid` (default 10 s) only keeps the last good answer while resolutions fail. The client conformance harness measured HAProxy 2.6 re-resolving about every second. balance roundrobin over the servers.",
  },
  "envoy-strict-dns": {
    ...proxy,
    cache: 5,
    refresh: 5,
    source:
      "Envoy STRICT_DNS cluster: dns_refresh_rate defaults to 5000 ms, respect_dns_ttl false; every resolved address is a host of the cluster, round robin across them.",
  },
};

/** A runtime's model with the scenario's overrides applied and the TTL-bound fields resolved. */
export interface ResolvedRuntime {
  readonly spread: "first" | "every";
  /** Seconds an answer is kept (0: none; Infinity: for ever). */
  readonly cache: number;
  /** Seconds between periodic re-resolutions, or Infinity. */
  readonly refresh: number;
  readonly onDisconnect: boolean;
  readonly minResolveInterval: number;
  readonly tryNext: boolean;
  /** Seconds without a request before a connection closes, or Infinity. */
  readonly idleTimeout: number;
  /** Requests before a connection closes, or Infinity. */
  readonly maxRequests: number;
}

/** The preset with the scenario's overrides; `ttl` is the answer's TTL in seconds. */
export function resolveRuntime(spec: ConnectionsSpec, ttl: number): ResolvedRuntime {
  const m = RUNTIME_MODELS[spec.runtime];
  const cache = spec.cacheTtl ?? (m.cache === "ttl" ? ttl : m.cache);
  const refresh = spec.refresh ?? (m.refresh === "ttl" ? ttl : m.refresh);
  return {
    spread: m.spread,
    // A periodic refresh re-resolves when it runs: the answer is kept until then.
    cache: Number.isFinite(refresh) ? refresh : cache,
    refresh,
    onDisconnect: m.onDisconnect,
    minResolveInterval: spec.minResolveInterval ?? m.minResolveInterval,
    tryNext: m.tryNext,
    idleTimeout: spec.pool.idleTimeout ?? m.idleTimeout ?? Number.POSITIVE_INFINITY,
    maxRequests: spec.pool.maxRequests ?? m.maxRequests ?? Number.POSITIVE_INFINITY,
  };
}
