import { describe, expect, it } from "vitest";
import {
  CLIENT_REDUCED_PROTOCOL,
  type ClientRequest,
  connectionsAtOnceDetail,
} from "../../../src/conformance/index.js";

const P = CLIENT_REDUCED_PROTOCOL;
const req = (t: number, server: number, client: number, conn: string): ClientRequest => ({
  t,
  server,
  client,
  conn,
});

describe("connectionsAtOnceDetail", () => {
  const requests = [
    req(0.1, 1, 1, "1.0"),
    req(0.2, 0, 0, "0.0"),
    req(5, 1, 1, "1.1"),
    req(10, 1, 1, "1.0"),
    req(P.addAt + 1, 1, 0, "1.2"), // after the add: not counted
    req(P.addAt + 2, 0, 0, "0.0"),
  ];
  it("lists the connections of each client over the limit before the add, in order of first use", () => {
    expect(connectionsAtOnceDetail(requests, P, 1)).toEqual([
      "client 1: 2 at once; 1/1.0 0.100–10.000 s (2), 1/1.1 5.000–5.000 s (1)",
    ]);
  });
  it("lists a client under the limit too (a row fails either way), and none at it", () => {
    expect(connectionsAtOnceDetail(requests, P, 2)).toEqual([
      "client 0: 1 at once; 0/0.0 0.200–0.200 s (1)",
    ]);
    expect(connectionsAtOnceDetail(requests.slice(0, 2), P, 1)).toEqual([]);
  });
});
