import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  authorityMissing,
  type ClientHarnessResult,
  runClientHarness,
  unavailable,
} from "../../src/cli/client-conformance/harness.js";
import {
  allClientRows,
  CLIENT_REDUCED_PROTOCOL,
  CLIENT_SPECS,
  undocumented,
} from "../../src/conformance/index.js";

// The real clients (issue 29): dnsmasq serves the test name on loopback,
// backends on 127.0.0.10-13, and gRPC, Node, Go, Java, nginx and HAProxy
// clients run side by side while an address is added and one removed;
// glibc, nscd and nginx resolving once run in namespaces of their own
// (skipped, with the reason, where unshare is not permitted).
//
// CI runs the reduced harness (`node dist/cli/client-conformance/main.js
// --reduced --json FILE`) just before `npm test` and names its file in
// RRDNS_CLIENT_CONFORMANCE_RUN: the clients then run once, and this test
// judges that run's measurements against the presets as they are now (as
// `--from FILE` does) instead of running them again for two more minutes.
// Without the variable it runs the clients itself.
const saved = process.env.RRDNS_CLIENT_CONFORMANCE_RUN;
const noAuthority = !saved && authorityMissing();
if (noAuthority)
  console.warn(
    "client conformance: skipping, /usr/sbin/dnsmasq not installed (apt-get install dnsmasq-base)",
  );
for (const s of saved ? [] : CLIENT_SPECS) {
  const why = unavailable(s.id);
  if (why) console.warn(`client conformance: ${s.id} skipped: ${why}`);
}

/** The reduced run saved in `file`, judged again against the presets as they are now. */
function judged(file: string): ClientHarnessResult {
  const run = JSON.parse(readFileSync(file, "utf8")) as ClientHarnessResult;
  return {
    versions: run.versions,
    skipped: run.skipped ?? {},
    measurements: run.measurements,
    rows: allClientRows(run.measurements, CLIENT_REDUCED_PROTOCOL),
  };
}

describe.skipIf(noAuthority)("real clients against the runtime presets (reduced run)", () => {
  it("every row passes or is a documented deviation, and the behaviours the presets exist for show", async () => {
    const result = saved
      ? judged(saved)
      : await runClientHarness({ protocol: CLIENT_REDUCED_PROTOCOL, basePort: 26300 });
    const failing = undocumented(result.rows).map(
      (r) => `${r.setting} · ${r.metric}: real ${r.real}, preset ${r.simulated} (${r.note})`,
    );
    expect(failing).toEqual([]);
    const m = result.measurements;
    // A runtime the run skipped (its programs missing, or no namespaces) has no measurement.
    const ran = (id: string) => (saved ? !(id in result.skipped) : unavailable(id) === undefined);
    // gRPC, Node: always there (npm).
    expect(m["grpc-js-pick-first"]?.connectionsAtOnceBefore.every((c) => c === 1)).toBe(true);
    expect(m["grpc-js-round-robin"]?.connectionsAtOnceBefore.every((c) => c === 3)).toBe(true);
    // round_robin only learns of the new address at the 30 s resolution, 15 s after the add.
    expect(m["grpc-js-round-robin"]?.pickUp).toBeGreaterThan(10);
    expect(m["node-agent"]?.pickUp).toBeLessThan(6);
    if (ran("jvm-httpclient"))
      expect(m["jvm-httpclient"]?.serversPerClientBefore.every((c) => c === 1)).toBe(true);
    if (ran("go-http")) expect(m["go-http"]?.connectionsPerServer.every((c) => c > 10)).toBe(true);
    for (const id of ["nginx-valid", "haproxy"])
      if (ran(id)) expect(m[id]?.pickUp).toBeLessThan(CLIENT_REDUCED_PROTOCOL.haproxyHoldValid + 1);
    // The DNS side: HAProxy asks about once a second, whatever `hold valid` says.
    if (ran("haproxy")) {
      expect(m.haproxy?.dnsQueries).toBeGreaterThan(0.7 * CLIENT_REDUCED_PROTOCOL.duration);
      expect(m.haproxy?.dnsQueries).toBeLessThan(1.1 * CLIENT_REDUCED_PROTOCOL.duration + 3);
    }
    // In namespaces of their own: glibc asks once per connection; nscd, with
    // the same clients, a few times in the whole run; nginx once, before the start.
    const conns = (id: string) => m[id]!.connectionsPerServer.reduce((a, b) => a + b, 0);
    if (ran("glibc-getaddrinfo")) {
      const g = m["glibc-getaddrinfo"]!;
      expect(Math.abs(g.dnsQueries! - conns("glibc-getaddrinfo"))).toBeLessThan(
        0.05 * conns("glibc-getaddrinfo") + 3,
      );
      expect(g.pickUp).toBeLessThan(6);
    }
    if (ran("nscd-getaddrinfo"))
      expect(m["nscd-getaddrinfo"]!.dnsQueries).toBeLessThan(CLIENT_REDUCED_PROTOCOL.duration / 5);
    if (ran("nginx-once")) {
      const n = m["nginx-once"]!;
      expect(n.dnsQueries).toBe(1);
      expect(n.pickUp).toBeNull();
      expect(n.leaveCensored).toBe(true);
    }
  }, 240_000);
});
