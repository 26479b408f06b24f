import { RUNTIME_MODELS, type RuntimeModel } from "../model/index.js";
import type { ClientProtocol } from "./client-types.js";

/**
 * The client runtime presets as the harness's rows need them, read from the
 * model's own table (RUNTIME_MODELS, src/model/connections/runtimes.ts), so
 * a change to a preset changes the rows. The expectation of each row is
 * derived from them and the harness protocol in closed form.
 */
export type LookupWhen = "per-connection" | "on-disconnect" | "periodic" | "once";

export interface RuntimePreset {
  readonly name: string;
  readonly lookup: LookupWhen;
  /** Seconds the runtime keeps an answer (0: none; NaN: the answer's TTL; for periodic ones, the refresh period). */
  readonly cacheTtl: number;
  /** "first": one connection to the answer's first address; "all": one to every address, requests round robin. */
  readonly connectsTo: "first" | "all";
  /** gRPC: minimum seconds between two resolutions. */
  readonly minResolveInterval: number;
}

/** The harness's view of one runtime model: when it looks up, how long it keeps an answer, where it connects. */
export function presetOf(name: string, m: RuntimeModel): RuntimePreset {
  const periodic = m.refresh === "ttl" || Number.isFinite(m.refresh);
  const lookup: LookupWhen = m.onDisconnect
    ? "on-disconnect"
    : periodic
      ? "periodic"
      : m.cache === Number.POSITIVE_INFINITY
        ? "once"
        : "per-connection";
  const seconds = (x: number | "ttl") => (x === "ttl" ? Number.NaN : x);
  return {
    name,
    lookup,
    cacheTtl: lookup === "periodic" ? seconds(m.refresh) : seconds(m.cache),
    connectsTo: m.spread === "every" ? "all" : "first",
    minResolveInterval: m.minResolveInterval,
  };
}

/** Every runtime preset of the model, as the rows see it. */
export const PRESET_PARAMETERS: Readonly<Record<string, RuntimePreset>> = Object.fromEntries(
  Object.entries(RUNTIME_MODELS).map(([name, m]) => [name, presetOf(name, m)]),
);

/** How a preset's parameters are set for the harness (the real client's configuration). */
export function presetForHarness(name: string, protocol: ClientProtocol): RuntimePreset {
  const p = PRESET_PARAMETERS[name];
  if (!p) throw new Error(`no client runtime preset '${name}'`);
  if (name === "nginx-valid") return { ...p, cacheTtl: protocol.nginxValid };
  if (name === "nscd") return { ...p, cacheTtl: protocol.dnsTtl };
  return p;
}

/** An interval of seconds; hi null = "or never within the run" (lo +∞ with it: only never). */
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
  /**
   * A queries the runtime's own DNS should see over the run: one per new
   * connection, or a range. Judged only where the runtime has a DNS of its
   * own (the namespaced runtimes); the others share one dnsmasq.
   */
  readonly queries: "per-connection" | { readonly lo: number; readonly hi: number };
  /** Which parameters drove the bounds, for the table's note. */
  readonly because: string;
}

/** Seconds of harness slack on every time bound: request pacing, connect, event-loop and process scheduling. */
export const HARNESS_SLACK = 1;
/** Chance allowed of missing the added address by bad luck when every new connection picks it with probability 1/n. */
const MISS_PROBABILITY = 0.001;

/**
 * The expectation of each row for a preset under the protocol, in closed
 * form; `p` replaces the preset's parameters (tests: a mutated preset).
 */
export function expectationFor(
  name: string,
  protocol: ClientProtocol,
  p: RuntimePreset = presetForHarness(name, protocol),
): ClientExpectation {
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
          // No cache: one query per connection. A cache of c s per client (nscd's
          // preset, c = the TTL): at most one per c s, at least one per c s plus
          // a connection's life while the client is busy (80 % for slack).
          queries:
            p.cacheTtl === 0
              ? "per-connection"
              : {
                  lo: (0.8 * protocol.clients * protocol.duration) / (p.cacheTtl + life),
                  hi: protocol.clients * (protocol.duration / p.cacheTtl + 1),
                },
          because:
            p.cacheTtl === 0
              ? `lookup per connection, no cache; a connection lives ${R} requests (${life} s)`
              : `lookup per connection, answer cached ${p.cacheTtl} s (the TTL) per client; a connection lives ${R} requests (${life} s)`,
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
        queries: {
          lo: protocol.clients * Math.floor(protocol.duration / (c + life)),
          hi: protocol.clients * (Math.ceil(protocol.duration / c) + 1),
        },
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
        queries: {
          lo: protocol.clients,
          hi: protocol.clients * (Math.ceil(protocol.duration / mi) + 1),
        },
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
        // One lookup per period, within -30 % (a proxy that only refreshes when
        // a request finds its answer expired: nginx) and +10 % + 2 (retries);
        // this bounds the period from both sides, where pick-up and leave
        // only bound it from above.
        queries: {
          lo: Math.floor((0.7 * protocol.duration) / p.cacheTtl),
          hi: Math.ceil((1.1 * protocol.duration) / p.cacheTtl) + 2,
        },
        because: `re-resolve every ${p.cacheTtl} s, round robin over pooled connections`,
      };
    case "once":
      return {
        preset: name,
        split: "even-requests",
        // Never: the start-up answer is kept for good, so the added address
        // is never used and the removed one is used to the end.
        pickUp: { lo: Number.POSITIVE_INFINITY, hi: null },
        leave: { lo: Number.POSITIVE_INFINITY, hi: null },
        requestsPerConnection: { lo: 0.5 * R, hi: R },
        connectionsAtOnce: null,
        queries: { lo: 1, hi: 1 },
        because: "resolved once at start-up",
      };
  }
}
