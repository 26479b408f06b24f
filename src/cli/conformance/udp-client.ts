import { randomInt } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { isIP } from "node:net";
import { type DnsResponse, decodeResponse, encodeQuery } from "../../conformance/index.js";

export type QueryResult =
  | {
      readonly kind: "answer";
      readonly sentAt: number;
      readonly receivedAt: number;
      readonly response: DnsResponse;
    }
  | { readonly kind: "timeout"; readonly sentAt: number; readonly waitedMs: number };

/**
 * A tiny UDP DNS client that keeps the wire order of the answer (node:dns
 * goes through c-ares, which may cache and reorders nothing we can rely on).
 * One query in flight at a time; every query waits at most `timeoutMs`.
 */
export class DnsClient {
  private readonly socket: Socket;
  private lastId = 0;
  private pending:
    | { id: number; resolve: (r: QueryResult) => void; timer: NodeJS.Timeout; sentAt: number }
    | undefined;

  constructor(family: 4 | 6 = 4) {
    this.socket = createSocket(family === 6 ? "udp6" : "udp4");
    this.socket.on("message", (msg) => {
      const p = this.pending;
      if (!p) return;
      let response: DnsResponse;
      try {
        response = decodeResponse(msg);
      } catch {
        return; // not a DNS reply we can read: keep waiting until the timeout
      }
      if (response.id !== p.id) return; // a late reply to an earlier, timed-out query
      clearTimeout(p.timer);
      this.pending = undefined;
      p.resolve({ kind: "answer", sentAt: p.sentAt, receivedAt: Date.now() / 1000, response });
    });
    this.socket.on("error", () => {});
  }

  query(host: string, port: number, name: string, timeoutMs: number): Promise<QueryResult> {
    if (this.pending) throw new Error("DnsClient: one query at a time");
    if (!isIP(host)) throw new Error(`not an IP address: ${host}`);
    // Random IDs, as real stubs send: Unbound derives its rotation offset from the query ID,
    // so sequential IDs would make it look like a rotate-by-one resolver.
    let id = randomInt(1, 0x10000);
    if (id === this.lastId) id = (id % 0xffff) + 1;
    this.lastId = id;
    const message = encodeQuery(id, name);
    return new Promise((resolve) => {
      const sentAt = Date.now() / 1000;
      const timer = setTimeout(() => {
        this.pending = undefined;
        resolve({ kind: "timeout", sentAt, waitedMs: timeoutMs });
      }, timeoutMs);
      this.pending = { id, resolve, timer, sentAt };
      this.socket.send(message, port, host, (error) => {
        if (error && this.pending?.id === id) {
          clearTimeout(timer);
          this.pending = undefined;
          resolve({ kind: "timeout", sentAt, waitedMs: 0 });
        }
      });
    });
  }

  close(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.socket.close();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Sleeps until the wall-clock time `t` (seconds since the epoch). */
export const sleepUntil = (t: number) => sleep(t * 1000 - Date.now());

/** One query of a paced series: when it was sent and what came back, if anything, when. */
export interface PacedQuery {
  readonly sentAt: number;
  receivedAt: number | null;
  rcode: number | null;
  ttl: number | null;
}

/**
 * Sends queries on a schedule without waiting for earlier ones (a client that
 * asks every second during an outage), matching replies by ID until `close`.
 * A held query answered late keeps its late arrival time.
 */
export class PacedClient {
  private readonly socket: Socket;
  private readonly byId = new Map<number, PacedQuery>();
  readonly queries: PacedQuery[] = [];

  constructor() {
    this.socket = createSocket("udp4");
    this.socket.on("message", (msg) => {
      let response: DnsResponse;
      try {
        response = decodeResponse(msg);
      } catch {
        return;
      }
      const q = this.byId.get(response.id);
      if (!q || q.receivedAt !== null) return;
      q.receivedAt = Date.now() / 1000;
      q.rcode = response.rcode;
      q.ttl = response.answers[0]?.ttl ?? null;
      this.byId.delete(response.id);
    });
    this.socket.on("error", () => {});
  }

  send(host: string, port: number, name: string): PacedQuery {
    if (!isIP(host)) throw new Error(`not an IP address: ${host}`);
    let id = randomInt(1, 0x10000);
    while (this.byId.has(id)) id = (id % 0xffff) + 1;
    const q: PacedQuery = { sentAt: Date.now() / 1000, receivedAt: null, rcode: null, ttl: null };
    this.byId.set(id, q);
    this.queries.push(q);
    this.socket.send(encodeQuery(id, name), port, host);
    return q;
  }

  close(): void {
    this.socket.close();
  }
}
