import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CLIENT_FULL_PROTOCOL,
  CLIENT_REDUCED_PROTOCOL,
  CLIENT_SPECS,
  type ClientRequest,
  clientRows,
  connectionsAtOnce,
  evenWithin,
  expectationFor,
  measureClient,
} from "../../../src/conformance/index.js";
import { type SyntheticBehaviour, synthesize } from "./client-synthetic.js";

const P = CLIENT_REDUCED_PROTOCOL;
const spec = (id: string) => CLIENT_SPECS.find((s) => s.id === id)!;

/** The behaviour each preset describes, as the synthetic clients play it. */
const BEHAVIOUR: Record<string, SyntheticBehaviour> = {
  "grpc-js-pick-first": { kind: "on-disconnect", minInterval: 30, all: false },
  "grpc-js-round-robin": { kind: "on-disconnect", minInterval: 30, all: true },
  "node-agent": { kind: "per-connection", cacheTtl: 0 },
  "go-http": { kind: "per-connection", cacheTtl: 0 },
  "jvm-httpclient": { kind: "per-connection", cacheTtl: 30 },
  "nginx-valid": { kind: "periodic", every: P.nginxValid },
  // HAProxy 2.6 as measured: a resolution every `timeout resolve` (1 s), not every `hold valid`.
  haproxy: { kind: "periodic", every: 1 },
};

function rowsFor(id: string, b: SyntheticBehaviour, seed = 1, protocol = P) {
  const m = measureClient(id, synthesize(protocol, b, seed), 0, protocol);
  return clientRows(spec(id), m, protocol);
}
const failing = (rows: ReturnType<typeof rowsFor>) =>
  rows.filter((r) => r.verdict === "fail").map((r) => r.metric);

describe("measureClient", () => {
  const req = (t: number, server: number, conn: string, client = 0): ClientRequest => ({
    t,
    server,
    client,
    conn,
  });
  it("reads pick-up, leave, splits and connections off the requests", () => {
    const m = measureClient(
      "x",
      [
        req(1, 0, "a"),
        req(2, 0, "a"),
        req(3, 1, "b", 1),
        req(P.addAt + 2.34, 3, "c"),
        req(P.removeAt + 4.56, 0, "d"),
        req(P.removeAt + 5, 3, "c"),
      ],
      2,
      P,
    );
    expect(m.requests).toBe(6);
    expect(m.errors).toBe(2);
    expect(m.perServer).toEqual([3, 1, 0, 2]);
    expect(m.splitBefore).toEqual([2, 1, 0, 0]);
    expect(m.connectionsPerServer).toEqual([2, 1, 0, 1]);
    expect(m.connectionsBefore).toEqual([1, 1, 0, 0]);
    expect(m.serversPerClientBefore).toEqual([1, 1, 0, 0]);
    expect(m.pickUp).toBe(2.3);
    expect(m.leave).toBe(4.6);
    expect(m.leaveCensored).toBe(false);
  });
  it("no request at the added server is a null pick-up; one in the last second is a censored leave", () => {
    const m = measureClient("x", [req(1, 0, "a"), req(P.duration - 0.5, 0, "a")], 0, P);
    expect(m.pickUp).toBeNull();
    expect(m.leaveCensored).toBe(true);
  });
  it("a request at the added address before its add is not a pick-up", () => {
    const m = measureClient("x", [req(P.addAt - 1, 3, "a"), req(P.addAt + 1, 3, "a")], 0, P);
    expect(m.pickUp).toBe(1);
  });
});

describe("connectionsAtOnce", () => {
  it("is 1 for a client replacing its one connection and n for one spreading over n", () => {
    const seq = [0, 1, 2, 3, 4, 5].map((k) => ({ t: k, server: 0, client: 0, conn: `c${k >> 1}` }));
    expect(connectionsAtOnce(seq, 1)).toEqual([1]);
    const rr = [0, 1, 2, 3, 4, 5].map((k) => ({ t: k, server: k % 3, client: 0, conn: "same" }));
    expect(connectionsAtOnce(rr, 1)).toEqual([3]);
  });
  it("is between 1 and the number of connections of each client (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ t: fc.nat(100), server: fc.nat(3), conn: fc.nat(5) }), {
          minLength: 1,
          maxLength: 40,
        }),
        (rs) => {
          const requests = rs.map((r) => ({ ...r, client: 0, conn: String(r.conn) }));
          const [most] = connectionsAtOnce(requests, 1);
          const distinct = new Set(requests.map((r) => `${r.server}/${r.conn}`)).size;
          return most! >= 1 && most! <= distinct;
        },
      ),
    );
  });
});

describe("evenWithin", () => {
  it("passes an even split and fails a 50/25/25 one; the tolerance shrinks as 1/sqrt(draws)", () => {
    expect(evenWithin([340, 330, 330], 3, 1000, 4).ok).toBe(true);
    expect(evenWithin([500, 250, 250], 3, 1000, 4).ok).toBe(false);
    const a = evenWithin([1, 1, 1], 3, 100, 4).tolerance;
    const b = evenWithin([1, 1, 1], 3, 400, 4).tolerance;
    expect(a / b).toBeCloseTo(2, 10);
  });
  it("fails when a server outside the first n got any", () => {
    expect(evenWithin([333, 333, 333, 1], 3, 1000, 4).ok).toBe(false);
  });
});

describe("expectations from the preset parameters (closed form, reduced protocol)", () => {
  it("round_robin picks up at the 30 s resolution and leaves at the next", () => {
    const e = expectationFor("grpc-round-robin", P);
    expect(e.pickUp).toEqual({ lo: 30 - P.addAt - 0.5, hi: 30 - P.addAt + 1 });
    expect(e.leave).toEqual({ lo: 60 - P.removeAt - 0.5, hi: 60 - P.removeAt + 1 });
  });
  it("the JVM picks up only at a 30 s cache expiry, or never", () => {
    const e = expectationFor("jvm", P);
    expect(e.pickUp).toEqual({ lo: 30 - P.addAt, hi: null });
    expect(e.pickUpGrid?.period).toBe(30);
    expect(e.split).toBe("one-per-client");
  });
  it("a per-connection runtime without cache picks up within m connections' life", () => {
    // (3/4)^25 < 0.001 < (3/4)^24: 25 connections over 4 clients, 7 each; a connection lives 10 × 0.05 s;
    // then the 1 s TTL and 1 s of harness slack.
    expect(expectationFor("node", P).pickUp).toEqual({ lo: 0, hi: 7 * 0.5 + 1 + 1 });
  });
  it("an unknown preset is an error naming it", () => {
    expect(() => expectationFor("netscape", P)).toThrow(/netscape/);
  });
});

describe("rows: each preset's own behaviour passes, its nearest neighbour fails", () => {
  for (const protocol of [P, CLIENT_FULL_PROTOCOL]) {
    for (const [id, b] of Object.entries(BEHAVIOUR)) {
      it(`${id} (${protocol.name})`, () => {
        for (const seed of [1, 2, 3]) expect(failing(rowsFor(id, b, seed, protocol))).toEqual([]);
      });
    }
  }
  it("round_robin played as pick_first fails the connections and the split", () => {
    expect(failing(rowsFor("grpc-js-round-robin", BEHAVIOUR["grpc-js-pick-first"]!))).toEqual(
      expect.arrayContaining(["split before scale-out", "connections at once per client"]),
    );
  });
  it("pick_first played as round_robin fails connections at once", () => {
    expect(failing(rowsFor("grpc-js-pick-first", BEHAVIOUR["grpc-js-round-robin"]!))).toContain(
      "connections at once per client",
    );
  });
  it("round_robin re-resolving every 10 s instead of >= 30 s fails pick-up and leave", () => {
    const rows = rowsFor("grpc-js-round-robin", {
      kind: "on-disconnect",
      minInterval: 10,
      all: true,
    });
    expect(failing(rows)).toEqual(
      expect.arrayContaining(["pick-up of added address", "leave of removed address"]),
    );
  });
  it("the JVM with a 10 s cache instead of 30 s fails (servers per client or the expiry grid)", () => {
    const f = [1, 2, 3].flatMap((seed) =>
      failing(rowsFor("jvm-httpclient", { kind: "per-connection", cacheTtl: 10 }, seed)),
    );
    expect(f.length).toBeGreaterThan(0);
  });
  it("Node with a 30 s cache (the JVM's) fails the split and the pick-up", () => {
    const f = failing(rowsFor("node-agent", { kind: "per-connection", cacheTtl: 30 }));
    expect(f).toEqual(
      expect.arrayContaining(["split before scale-out", "pick-up of added address"]),
    );
  });
  it("Node without keep-alive (one request per connection) fails requests per connection", () => {
    const rows = rowsFor("node-agent", {
      kind: "per-connection",
      cacheTtl: 0,
      requestsPerConnection: 1,
    });
    expect(failing(rows)).toContain("requests per connection");
  });
  it("HAProxy resolving every 30 s (nginx's default valid) instead of every second fails the leave or pick-up", () => {
    const f = [1, 2, 3].flatMap((seed) =>
      failing(rowsFor("haproxy", { kind: "periodic", every: 30 }, seed)),
    );
    expect(f).toEqual(expect.arrayContaining(["leave of removed address"]));
  });
  it("errors and an empty run fail", () => {
    const requests = synthesize(P, BEHAVIOUR["node-agent"]!);
    const allowed = Math.floor(requests.length / 1000);
    const at = (errors: number) =>
      failing(clientRows(spec("node-agent"), measureClient("node-agent", requests, errors, P), P));
    expect(at(allowed)).not.toContain("errors");
    expect(at(allowed + 1)).toContain("errors");
    const empty = measureClient("node-agent", [], 0, P);
    expect(clientRows(spec("node-agent"), empty, P).map((r) => r.verdict)).toEqual(["fail"]);
  });
  it("nginx's one request per connection is a known deviation, not a failure", () => {
    const m = measureClient("nginx-valid", synthesize(P, BEHAVIOUR["nginx-valid"]!), 0, P);
    const one = { ...m, connectionsPerServer: m.perServer };
    const row = clientRows(spec("nginx-valid"), one, P).find(
      (r) => r.metric === "requests per connection",
    );
    expect(row?.verdict).toBe("known");
  });
});

describe("rows on hand-made measurements", () => {
  const base = () =>
    measureClient("jvm-httpclient", synthesize(P, BEHAVIOUR["jvm-httpclient"]!, 1), 0, P);
  const row = (id: string, m: ReturnType<typeof base>, metric: string) =>
    clientRows(spec(id), m, P).find((r) => r.metric === metric)!;
  it("a JVM pick-up must fall just after a 30 s cache expiry", () => {
    const on = { ...base(), pickUp: 30.5 - P.addAt };
    const off = { ...base(), pickUp: 35 - P.addAt };
    expect(row("jvm-httpclient", on, "pick-up of added address").verdict).toBe("pass");
    expect(row("jvm-httpclient", off, "pick-up of added address").verdict).toBe("fail");
  });
  it("a removed address still in use at the end fails the leave row whatever its window", () => {
    const m = measureClient("haproxy", synthesize(P, BEHAVIOUR.haproxy!, 1), 0, P);
    expect(row("haproxy", m, "leave of removed address").verdict).toBe("pass");
    expect(
      row("haproxy", { ...m, leave: 1, leaveCensored: true }, "leave of removed address").verdict,
    ).toBe("fail");
  });
});

describe("the rows read the model's runtime presets", () => {
  it("a HAProxy that re-resolved only every hold valid (10 s) would fail the measured pick-up", async () => {
    const { RUNTIME_MODELS } = await import("../../../src/model/index.js");
    expect(RUNTIME_MODELS.haproxy.refresh).toBe(1);
    // The measured behaviour passes against the model; a 10 s resolver does not on some seed.
    const f = [1, 2, 3].flatMap((seed) =>
      failing(rowsFor("haproxy", { kind: "periodic", every: 10 }, seed)),
    );
    expect(f).toContain("pick-up of added address");
  });
});
