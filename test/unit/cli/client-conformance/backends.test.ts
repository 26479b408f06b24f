import { connect as http2Connect } from "node:http2";
import { createServer, connect as netConnect, type Socket } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import {
  ConnectionIds,
  recorder,
  startGrpcBackend,
} from "../../../../src/cli/client-conformance/backends.js";
import {
  CLIENT_REDUCED_PROTOCOL,
  CLIENT_SPECS,
  type ClientRequest,
  clientRows,
  measureClient,
} from "../../../../src/conformance/index.js";

const P = CLIENT_REDUCED_PROTOCOL;

describe("ConnectionIds", () => {
  it("gives each accepted connection a fresh id; a peer names the one last accepted from it", () => {
    const ids = new ConnectionIds("1");
    ids.accepted("127.0.0.1:50112");
    const first = ids.of("127.0.0.1:50112");
    ids.accepted("127.0.0.1:50126");
    ids.accepted("127.0.0.1:50112"); // the kernel gave the port out again
    expect(ids.of("127.0.0.1:50112")).not.toBe(first);
    expect(new Set([first, ids.of("127.0.0.1:50126"), ids.of("127.0.0.1:50112")]).size).toBe(3);
    expect(ids.of("127.0.0.1:1")).toBe("1.127.0.0.1:1");
  });

  it("says, once per peer, when a peer falls back to its own name (no accepted socket seen from it)", () => {
    const told: string[] = [];
    const ids = new ConnectionIds("2", (peer) => told.push(peer));
    ids.accepted("127.0.0.1:50112");
    ids.of("127.0.0.1:50112");
    expect(told).toEqual([]);
    ids.of("[::1]:40000");
    ids.of("[::1]:40000");
    ids.of("127.0.0.1:7");
    expect(told).toEqual(["[::1]:40000", "127.0.0.1:7"]);
    expect([...ids.unseen]).toEqual(told);
  });

  /**
   * CI's failed run (reduced protocol): "connections at once per client 1–2
   * (split 0.25/0.50/0.25)", with no errors. Four pick_first clients, each
   * on one server in [0, add) (two share server 1), each replacing its
   * connection at every GOAWAY (~5 s); client 1's third connection comes
   * from its first one's port, as the kernel did here (same client, same
   * server, same port 15.2 s apart).
   */
  function failedRun(name: (server: number, peer: string, fresh: boolean) => string) {
    const servers = [0, 1, 1, 2];
    const requests: ClientRequest[] = [];
    for (const [client, server] of servers.entries()) {
      const ports =
        client === 1 ? [50112, 50126, 50112] : [0, 1, 2].map((k) => 40000 + 10 * client + k);
      let last = -1;
      for (let k = 0; k < 280; k++) {
        const t = 0.1 + k * P.interval;
        const c = Math.min(2, Math.floor(t / 5));
        requests.push({
          t,
          server,
          client,
          conn: name(server, `127.0.0.1:${ports[c]}`, c !== last),
        });
        last = c;
      }
    }
    const m = measureClient("grpc-js-pick-first", requests, 0, P);
    const spec = CLIENT_SPECS.find((s) => s.id === "grpc-js-pick-first")!;
    return clientRows(spec, m, P).find((r) => r.metric === "connections at once per client")!;
  }

  it("the failed run named by peer alone is 1–2 and fails; named by accepted connection, 1 and passes", () => {
    const byPeer = failedRun((server, peer) => `${server}.${peer}`);
    expect(byPeer.real).toBe("1–2 (split 0.25/0.50/0.25)");
    expect(byPeer.verdict).toBe("fail");
    // As startGrpcBackend names them now: a fresh id at each accept.
    const ids = [0, 1, 2].map((s) => new ConnectionIds(String(s)));
    const byConnection = failedRun((server, peer, fresh) => {
      if (fresh) ids[server]!.accepted(peer);
      return ids[server]!.of(peer);
    });
    expect(byConnection.real).toBe("1 (split 0.25/0.50/0.25)");
    expect(byConnection.verdict).toBe("pass");
  });
});

/** A free TCP port on `address` (bound, read, released). */
async function freePort(address: string): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, address, resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** One unary Ping over a fresh HTTP/2 connection from `localPort` (0: the kernel's pick); returns its socket. */
async function pingFrom(address: string, port: number, localPort: number, client: number) {
  let socket: Socket | undefined;
  const session = http2Connect(`http://${address}:${port}`, {
    createConnection: () => {
      socket = netConnect({ host: address, port, localAddress: "127.0.0.1", localPort });
      return socket;
    },
  });
  session.on("error", () => {});
  const req = session.request({
    ":method": "POST",
    ":path": "/rrdns.Ping/Ping",
    "content-type": "application/grpc",
    te: "trailers",
  });
  let status: string | undefined;
  req.on("trailers", (t) => {
    status = String(t["grpc-status"]);
  });
  req.resume();
  // gRPC framing: not compressed, length 1, the client's byte.
  req.end(Buffer.from([0, 0, 0, 0, 1, client]));
  await new Promise<void>((resolve, reject) => {
    req.on("close", () => resolve());
    req.on("error", reject);
  });
  expect(status).toBe("0");
  return socket!;
}

describe("startGrpcBackend", () => {
  it("records a connection from a reused port under a new id (real grpc-js server, loopback)", async () => {
    const address = "127.0.0.10";
    const port = await freePort(address);
    const notes: string[] = [];
    const rec = recorder(
      () => Date.now(),
      (m) => notes.push(m),
    );
    const backend = await startGrpcBackend(grpc, address, 2, port, 60, rec);
    try {
      const first = await pingFrom(address, port, 0, 1);
      const reused = first.localPort!;
      // Reset, so that no TIME_WAIT holds the port, then another connection between.
      first.resetAndDestroy();
      await new Promise((r) => first.once("close", r));
      const other = await pingFrom(address, port, 0, 1);
      other.resetAndDestroy();
      const again = await pingFrom(address, port, reused, 1);
      expect(again.localPort).toBe(reused);
      again.resetAndDestroy();
    } finally {
      await backend.close();
    }
    const conns = rec.requests.map((r) => r.conn);
    expect(rec.requests.map((r) => [r.server, r.client])).toEqual([
      [2, 1],
      [2, 1],
      [2, 1],
    ]);
    expect(new Set(conns).size).toBe(3);
    expect(conns.every((c) => /^2\.\d+$/.test(c))).toBe(true);
    // Every socket was seen accepted: no request fell back to its peer's name.
    expect(notes).toEqual([]);
  });
});
