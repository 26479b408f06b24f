import type { ClientProtocol, ClientRequest } from "../../../src/conformance/index.js";
import { Mulberry } from "../../conformance/mulberry.js";

/**
 * Synthetic clients for the analysis tests: each behaves as one preset says
 * its runtime does, on the harness's schedule (the DNS answer is addresses
 * 0..n-1, then 0..n from addAt, then 1..n from removeAt, shuffled per query
 * like dnsmasq's), so that a row's expectation can be checked against the
 * behaviour it describes and against its nearest neighbour.
 */
export type SyntheticBehaviour =
  | { kind: "per-connection"; cacheTtl: number; requestsPerConnection?: number }
  | { kind: "on-disconnect"; minInterval: number; all: boolean }
  | { kind: "periodic"; every: number };

export function answerAt(t: number, p: ClientProtocol): number[] {
  const all = Array.from({ length: p.initial + 1 }, (_, i) => i);
  if (t < p.addAt) return all.slice(0, p.initial);
  if (t < p.removeAt) return all;
  return all.slice(1);
}

function shuffled(list: number[], rng: Mulberry): number[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export function synthesize(p: ClientProtocol, b: SyntheticBehaviour, seed = 1): ClientRequest[] {
  const rng = new Mulberry(seed);
  const out: ClientRequest[] = [];
  const steps = Math.floor(p.duration / p.interval);
  for (let client = 0; client < p.clients; client++) {
    // Clients start a little apart, as real ones do.
    const offset = (client * p.interval) / p.clients;
    let cached: number[] = [];
    let cachedAt = Number.NEGATIVE_INFINITY;
    let conn = { server: -1, served: 0, opened: 0, id: "" };
    const conns = new Map<number, { id: string; opened: number; served: number }>();
    let view: number[] = [];
    let lastResolution = Number.NEGATIVE_INFINITY;
    let turn = 0;
    let next = 0;
    for (let k = 0; k < steps; k++) {
      const t = offset + k * p.interval;
      let server: number;
      let id: string;
      if (b.kind === "per-connection") {
        const limit = b.requestsPerConnection ?? p.requestsPerConnection;
        if (conn.server < 0 || conn.served >= limit) {
          if (b.cacheTtl === 0 || t - cachedAt >= b.cacheTtl) {
            cached = shuffled(answerAt(t, p), rng);
            cachedAt = t;
          }
          conn = { server: cached[0]!, served: 0, opened: t, id: `c${client}.${next++}` };
        }
        conn.served++;
        server = conn.server;
        id = conn.id;
      } else {
        const every = b.kind === "periodic" ? b.every : b.minInterval;
        if (t - lastResolution >= every) {
          view = shuffled(answerAt(t, p), rng);
          lastResolution = Math.floor(t / every) * every;
        }
        const one = b.kind === "on-disconnect" && !b.all;
        server = one ? view[0]! : view[turn++ % view.length]!;
        // gRPC connections end at their age (GOAWAY), HTTP ones at the backends' request limit.
        const c = conns.get(server);
        const over =
          !c ||
          (b.kind === "on-disconnect"
            ? t - c.opened >= p.grpcMaxAge
            : c.served >= p.requestsPerConnection);
        if (over) conns.set(server, { id: `c${client}.${next++}`, opened: t, served: 0 });
        const used = conns.get(server)!;
        used.served++;
        id = used.id;
      }
      out.push({ t, server, client, conn: id });
    }
  }
  return out.sort((x, y) => x.t - y.t);
}
