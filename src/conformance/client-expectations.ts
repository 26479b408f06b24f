import type { ClientProtocol } from "./client-types.js";

/**
 * THE ADAPTER between the real-client harness and the client runtime presets.
 *
 * Until the connection model (issue 29, branch h29m) is merged, the presets'
 * parameters are restated here from the shared note (h29-presets.md: lookup
 * when, cache, connects to, re-resolve), and the expectation of each row is
 * derived from them and the harness protocol in closed form. This is the
 * only file that knows the presets: to compare with the model instead,
 * replace `presetParameters` with the model's preset table and, where the
 * model can run the harness's schedule, `expectationFor` with a simulation
 * of it (see docs/guides/client-conformance.md, "Connecting to the model").
 */
export type LookupWhen = "per-connection" | "on-disconnect" | "periodic" | "once";

export interface RuntimePreset {
  readonly name: string;
  readonly lookup: LookupWhen;
  /** Seconds the runtime keeps an answer (0: none; for periodic ones, the refresh period). */
  readonly cacheTtl: number;
  /** "first": one connection to the answer's first address; "all": one to every address, requests round robin. */
  readonly connectsTo: "first" | "all";
  /** gRPC: minimum seconds between two resolutions. */
  readonly minResolveInterval: number;
}

/** The presets of h29-presets.md (h29m, 03:25 UTC), the parameters the rows use. */
export const PRESET_PARAMETERS: Readonly<Record<string, RuntimePreset>> = {
  glibc: preset("glibc", "per-connection", 0, "first"),
  nscd: preset("nscd", "per-connection", Number.NaN, "first"), // the answer's TTL
  jvm: preset("jvm", "per-connection", 30, "first"),
  go: preset("go", "per-connection", 0, "first"),
  node: preset("node", "per-connection", 0, "first"),
  "grpc-pick-first": {
    ...preset("grpc-pick-first", "on-disconnect", 0, "first"),
    minResolveInterval: 30,
  },
  "grpc-round-robin": {
    ...preset("grpc-round-robin", "on-disconnect", 0, "all"),
    minResolveInterval: 30,
  },
  nginx: preset("nginx", "once", Number.POSITIVE_INFINITY, "all"),
  "nginx-valid": preset("nginx-valid", "periodic", 30, "all"),
  haproxy: preset("haproxy", "periodic", 10, "all"),
  "envoy-strict-dns": preset("envoy-strict-dns", "periodic", 5, "all"),
};

function preset(
  name: string,
  lookup: LookupWhen,
  cacheTtl: number,
  connectsTo: "first" | "all",
): RuntimePreset {
  return { name, lookup, cacheTtl, connectsTo, minResolveInterval: 0 };
}

/** How a preset's parameters are set for the harness (the real client's configuration). */
export function presetForHarness(name: string, protocol: ClientProtocol): RuntimePreset {
  const p = PRESET_PARAMETERS[name];
  if (!p) throw new Error(`no client runtime preset '${name}'`);
  if (name === "nginx-valid") return { ...p, cacheTtl: protocol.nginxValid };
  if (name === "haproxy") return { ...p, cacheTtl: protocol.haproxyHoldValid };
  if (name === "nscd") return { ...p, cacheTtl: protocol.dnsTtl };
  return p;
}

/** An interval of seconds; hi null = "or never within the run". */
export interface Window {
  readonly lo: number;
  readonly hi: number | null;
}

export interface ClientExpectation {
  readonly preset: string;
  /**
   * What the split before the scale-out must look like. pick_first's is not
   * judged: which address each channel reaches depends on the answer's
   * order and on grpc-js's Happy Eyeballs race (a second address is tried
   * 250 ms into a slow connect; measured under load), its single connection is.
   */
  readonly split: "even-requests" | "even-connections" | "one-per-client" | "not judged";
  readonly pickUp: Window;
  /** When set, a pick-up must fall in [k·period, k·period + width] s of the run (cache expiries, resolution ticks). */
  readonly pickUpGrid?: { readonly period: number; readonly width: number };
  readonly leave: Window;
  readonly requestsPerConnection: { readonly lo: number; readonly hi: number };
  /** Connections each client uses at one time before the scale-out; null = not judged (a proxy shares its pool). */
  readonly connectionsAtOnce: number | null;
  /** Which parameters drove the bounds, for the table's note. */
  readonly because: string;
}

/** Seconds of harness slack on every time bound: request pacing, connect, event-loop and process scheduling. */
export const HARNESS_SLACK = 1;
/** Chance allowed of missing the added address by bad luck when every new connection picks it with probability 1/n. */
const MISS_PROBABILITY = 0.001;

/** The expectation of each row for a preset under the protocol, in closed form. */
export function expectationFor(name: string, protocol: ClientProtocol): ClientExpectation {
  const p = presetForHarness(name, protocol);
  const n = protocol.initial;
  const life = protocol.requestsPerConnection * protocol.interval; // one pooled HTTP connection's life, s
  const rate = 1 / protocol.interval; // requests per second per client
  const R = protocol.requestsPerConnection;
  const s = HARNESS_SLACK;
  switch (p.lookup) {
    case "per-connection": {
      // Every new connection picks the first address of a fresh (or cached) answer.
      if (p.cacheTtl <= protocol.dnsTtl) {
        // Connections needed until one lands on the added address (each with chance 1/(n+1)).
        const m = Math.ceil(Math.log(MISS_PROBABILITY) / Math.log(1 - 1 / (n + 1)));
        return {
          preset: name,
          split: "even-connections",
          pickUp: { lo: 0, hi: Math.ceil(m / protocol.clients) * life + protocol.dnsTtl + s },
          leave: { lo: Number.NEGATIVE_INFINITY, hi: life + protocol.dnsTtl + s },
          requestsPerConnection: { lo: 0.7 * R, hi: R },
          connectionsAtOnce: 1,
          because: `lookup per connection, no cache; a connection lives ${R} requests (${life} s)`,
        };
      }
      const c = p.cacheTtl;
      const nextExpiry = Math.floor(protocol.removeAt / c + 1) * c;
      return {
        preset: name,
        split: c > protocol.addAt ? "one-per-client" : "even-connections",
        pickUp: { lo: Math.ceil(protocol.addAt / c) * c - protocol.addAt, hi: null },
        pickUpGrid: { period: c, width: life + s },
        leave: { lo: Number.NEGATIVE_INFINITY, hi: nextExpiry - protocol.removeAt + life + s },
        requestsPerConnection: { lo: 0.7 * R, hi: R },
        connectionsAtOnce: 1,
        because: `first address of an answer cached ${c} s; a connection lives ${R} requests`,
      };
    }
    case "on-disconnect": {
      // The backends' GOAWAY at grpcMaxAge keeps asking for a resolution, so
      // resolutions happen on the grid of the minimum interval: 0, mi, 2mi…
      const mi = p.minResolveInterval;
      const tickAdd = Math.ceil(protocol.addAt / mi) * mi;
      const tickRemove = Math.floor(protocol.removeAt / mi + 1) * mi;
      const age = protocol.grpcMaxAge;
      const all = p.connectsTo === "all";
      return {
        preset: name,
        split: all ? "even-requests" : "not judged",
        pickUp: {
          lo: tickAdd - protocol.addAt - 0.5,
          hi: all ? tickAdd - protocol.addAt + s : null,
        },
        leave: {
          lo: all ? tickRemove - protocol.removeAt - 0.5 : Number.NEGATIVE_INFINITY,
          // pick_first keeps its connection until GOAWAY (max age + 10 % jitter).
          hi: tickRemove - protocol.removeAt + (all ? 0 : 1.1 * age) + s,
        },
        requestsPerConnection: all
          ? { lo: (0.5 * rate * age) / (n + 1), hi: (1.2 * rate * age) / n }
          : { lo: 0.5 * rate * age, hi: 1.2 * rate * age },
        connectionsAtOnce: all ? n : 1,
        because: `re-resolve on disconnect, >= ${mi} s apart; GOAWAY every ${age} s`,
      };
    }
    case "periodic":
      return {
        preset: name,
        split: "even-requests",
        pickUp: { lo: 0, hi: p.cacheTtl + s },
        leave: { lo: Number.NEGATIVE_INFINITY, hi: p.cacheTtl + s },
        requestsPerConnection: { lo: 0.5 * R, hi: R },
        connectionsAtOnce: null,
        because: `re-resolve every ${p.cacheTtl} s, round robin over pooled connections`,
      };
    case "once":
      return {
        preset: name,
        split: "even-requests",
        pickUp: { lo: Number.POSITIVE_INFINITY, hi: null },
        leave: { lo: Number.NEGATIVE_INFINITY, hi: Number.POSITIVE_INFINITY },
        requestsPerConnection: { lo: 0.5 * R, hi: R },
        connectionsAtOnce: null,
        because: "resolved once at start-up",
      };
  }
}
