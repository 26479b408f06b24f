import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import type { ClientRequest } from "../../conformance/index.js";

/**
 * The backends: one HTTP/1.1 or gRPC server per (runtime, address), on
 * 127.0.0.10, .11, … and the runtime's own port, so every request is
 * attributed to its runtime by port and to its client by the `x-client`
 * header (HTTP) or the request's one-byte payload (gRPC). Each records
 * what it served: the second of the run, its address index, the client
 * and the connection (socket) it came over.
 *
 * HTTP backends answer `Connection: close` on a connection's Nth request
 * (nginx's keepalive_requests), gRPC backends send GOAWAY at a connection
 * age (grpc.max_connection_age_ms): that is what makes clients open new
 * connections, and so look the name up again, while the load is steady.
 */
export const BACKEND_ADDRESSES = ["127.0.0.10", "127.0.0.11", "127.0.0.12", "127.0.0.13"];

export interface Recorder {
  readonly requests: ClientRequest[];
  /** Seconds since the run's start (set once traffic starts). */
  now(): number;
  /** Told what a reader of the measurement should know about it (a fallback taken). */
  note(message: string): void;
}

export function recorder(
  startMs: () => number,
  note: (message: string) => void = () => {},
): Recorder {
  return { requests: [], now: () => (Date.now() - startMs()) / 1000, note };
}

export interface Backend {
  close(): Promise<void>;
}

export async function startHttpBackend(
  address: string,
  server: number,
  port: number,
  limit: number,
  rec: Recorder,
): Promise<Backend> {
  const ids = new WeakMap<Socket, { id: string; served: number }>();
  let next = 0;
  const http: Server = createServer((req, res) => {
    let s = ids.get(req.socket);
    if (!s) {
      s = { id: `${server}.${next++}`, served: 0 };
      ids.set(req.socket, s);
    }
    s.served++;
    rec.requests.push({
      t: rec.now(),
      server,
      client: Number(req.headers["x-client"] ?? -1),
      conn: s.id,
    });
    if (s.served >= limit) res.setHeader("Connection", "close");
    res.end("ok");
  });
  http.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, address, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

type Grpc = typeof import("@grpc/grpc-js");

/**
 * Connection ids for a gRPC backend. grpc-js shows a handler only its peer,
 * the client socket's `address:port`, and the kernel gives a closed
 * connection's port to a later one to the same server: measured here (36
 * runs of the gRPC runtimes, 16 clients each), a port to 127.0.0.10 used at
 * 9.1 s and again at 13.6 s, and one client's own port again 15.2 s later.
 * Named by the peer alone, two such connections of one client were one
 * whose first-to-last span covered the connection between them, so a
 * client that only ever replaced its connection seemed to use two at once
 * (CI's "1–2" for pick_first; where one client alone uses a server, any
 * reuse is that client's). So every accepted socket gets a fresh id, and a
 * peer names the socket
 * last accepted from it: the open one, since a port is given out again only
 * once its connection has closed.
 */
export class ConnectionIds {
  private readonly latest = new Map<string, string>();
  private next = 0;
  /** Peers named by themselves: no accepted socket was seen from them (the port-reuse guard is off for them). */
  readonly unseen = new Set<string>();

  constructor(
    private readonly prefix: string,
    /** Told once per peer that falls back to its own name. */
    private readonly onUnseen: (peer: string) => void = () => {},
  ) {}

  /** A connection from `peer` (`address:port`) was accepted. */
  accepted(peer: string): void {
    this.latest.set(peer, `${this.prefix}.${this.next++}`);
  }

  /** The id of the open connection from `peer` (the peer itself if none was seen accepted). */
  of(peer: string): string {
    const id = this.latest.get(peer);
    if (id !== undefined) return id;
    if (!this.unseen.has(peer)) {
      this.unseen.add(peer);
      this.onUnseen(peer);
    }
    return `${this.prefix}.${peer}`;
  }
}

/** Node publishes every socket a net (so also http2, so grpc-js) server accepts here. */
const ACCEPTED = "net.server.socket";

/** The one unary method both sides use; messages are raw bytes, no protobuf. */
export const PING_SERVICE = {
  ping: {
    path: "/rrdns.Ping/Ping",
    requestStream: false,
    responseStream: false,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  },
} as const;

export async function startGrpcBackend(
  grpc: Grpc,
  address: string,
  server: number,
  port: number,
  maxAgeSeconds: number,
  rec: Recorder,
): Promise<Backend> {
  // A peer not seen accepted (the socket's local address or port differs from
  // the bound one, e.g. an IPv6 or wildcard bind) keeps the old naming, which
  // port reuse can merge: said, so a "connections at once" row is read with it.
  const ids = new ConnectionIds(String(server), (peer) =>
    rec.note(
      `gRPC backend ${server} (${address}:${port}): requests from ${peer}, a connection not seen accepted, are named by that peer`,
    ),
  );
  const onAccepted = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    if (socket.localAddress === address && socket.localPort === port)
      ids.accepted(`${socket.remoteAddress}:${socket.remotePort}`);
  };
  subscribe(ACCEPTED, onAccepted);
  const g = new grpc.Server({
    "grpc.max_connection_age_ms": maxAgeSeconds * 1000,
    "grpc.max_connection_age_grace_ms": 1000,
  });
  g.addService(PING_SERVICE, {
    ping: (
      call: { request: Buffer; getPeer(): string },
      callback: (e: null, r: Buffer) => void,
    ) => {
      rec.requests.push({
        t: rec.now(),
        server,
        client: call.request[0] ?? -1,
        conn: ids.of(call.getPeer()),
      });
      callback(null, Buffer.alloc(0));
    },
  });
  try {
    await new Promise<void>((resolve, reject) =>
      g.bindAsync(`${address}:${port}`, grpc.ServerCredentials.createInsecure(), (e) =>
        e ? reject(e) : resolve(),
      ),
    );
  } catch (e) {
    unsubscribe(ACCEPTED, onAccepted);
    throw e;
  }
  return {
    close: () =>
      new Promise<void>((resolve) => {
        g.forceShutdown();
        unsubscribe(ACCEPTED, onAccepted);
        resolve();
      }),
  };
}
