import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { countQueries } from "../../src/cli/client-conformance/authority.js";
import {
  allClientRows,
  CLIENT_REDUCED_PROTOCOL,
  CLIENT_SPECS,
  type ClientMeasurement,
  clientRows,
  expectationFor,
  PRESET_PARAMETERS,
  undocumented,
} from "../../src/conformance/index.js";
import { ROOT } from "../cli-helpers.js";

/**
 * The real clients as one reduced harness run measured them (fixtures/,
 * written by `--json`), judged again against the presets as they are now:
 * in a second, without daemons, so a change to a preset that a real client
 * contradicts fails here as well as in the harness.
 */
const FIXTURE = new URL("./fixtures/clients-measured-reduced.json", import.meta.url);
const recorded = JSON.parse(readFileSync(FIXTURE, "utf8")) as {
  measurements: Record<string, ClientMeasurement>;
};
const MAIN = resolve(ROOT, "dist/cli/client-conformance/main.js");
const run = (args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8" });

describe("client runtime presets against recorded real clients", () => {
  it("every runtime was measured and every row passes or is a known deviation", () => {
    expect(Object.keys(recorded.measurements).sort()).toEqual(CLIENT_SPECS.map((s) => s.id).sort());
    const rows = allClientRows(recorded.measurements, CLIENT_REDUCED_PROTOCOL);
    expect(rows.length).toBeGreaterThanOrEqual(35);
    expect(undocumented(rows).map((r) => `${r.setting} · ${r.metric}`)).toEqual([]);
  });

  it("the rows can fail: the recorded round_robin judged as pick_first", () => {
    const rr = recorded.measurements["grpc-js-round-robin"]!;
    const rows = allClientRows({ "grpc-js-pick-first": rr }, CLIENT_REDUCED_PROTOCOL);
    expect(undocumented(rows).map((r) => r.metric)).toContain("connections at once per client");
  });

  it("the DNS side catches a HAProxy period that pick-up and leave let through", () => {
    const m = recorded.measurements.haproxy!;
    const spec = CLIENT_SPECS.find((x) => x.id === "haproxy")!;
    const P = CLIENT_REDUCED_PROTOCOL;
    const judged = (period: number) =>
      clientRows(
        spec,
        m,
        P,
        expectationFor("haproxy", P, { ...PRESET_PARAMETERS.haproxy!, cacheTtl: period }),
      );
    const failing = (period: number) => undocumented(judged(period)).map((r) => r.metric);
    expect(failing(1)).toEqual([]);
    // A five times shorter period: pick-up and leave (≤ period + 1 s) still pass.
    expect(failing(0.2)).toEqual(["DNS lookups (A queries)"]);
    // Twice as long: too few lookups.
    expect(failing(2)).toContain("DNS lookups (A queries)");
  });

  it("namespaced runtimes: glibc asks per connection, nscd rarely, nginx once; swapped presets fail", () => {
    const ms = recorded.measurements;
    const g = ms["glibc-getaddrinfo"]!;
    const conns = g.connectionsPerServer.reduce((a, b) => a + b, 0);
    expect(Math.abs(g.dnsQueries! - conns)).toBeLessThan(0.05 * conns + 3);
    // nscd: the same clients, a shared cache held to the 15 s prune interval.
    expect(ms["nscd-getaddrinfo"]!.dnsQueries).toBeLessThan(CLIENT_REDUCED_PROTOCOL.duration / 5);
    const o = ms["nginx-once"]!;
    expect([o.dnsQueries, o.pickUp, o.leaveCensored]).toEqual([1, null, true]);
    // nginx that resolved once, judged as nginx with `resolver valid=`: it never leaves.
    const asValid = allClientRows({ "nginx-valid": o }, CLIENT_REDUCED_PROTOCOL);
    expect(undocumented(asValid).map((r) => r.metric)).toEqual(
      expect.arrayContaining(["pick-up of added address", "leave of removed address"]),
    );
    // The nscd preset's lookup row without its deviation entry: glibc (no cache)
    // asks too often for it, the real nscd far too rarely.
    const bare = { id: "no-deviation", label: "nscd", preset: "nscd" };
    const lookups = (m: ClientMeasurement) =>
      clientRows(bare, m, CLIENT_REDUCED_PROTOCOL).find(
        (r) => r.metric === "DNS lookups (A queries)",
      );
    expect(lookups(g)?.verdict).toBe("fail");
    expect(lookups(ms["nscd-getaddrinfo"]!)?.verdict).toBe("fail");
  });

  it("a runtime's lookups are counted by its own name in dnsmasq's query log", () => {
    const log = [
      "Dec  6 17:10:04 dnsmasq[16]: query[A] svc.rrdns.test from 127.0.0.1",
      "Dec  6 17:10:04 dnsmasq[16]: query[AAAA] svc.rrdns.test from 127.0.0.1",
      "Dec  6 17:10:05 dnsmasq[16]: query[A] haproxy.rrdns.test from 127.0.0.1",
      "Dec  6 17:10:05 dnsmasq[16]: query[A] svc.rrdns.test.example from 127.0.0.1",
      "Dec  6 17:10:06 dnsmasq[16]: query[A] svc.rrdns.test from 127.0.0.1",
    ].join("\n");
    expect(countQueries(log, "svc.rrdns.test")).toBe(2);
    expect(countQueries(log, "haproxy.rrdns.test")).toBe(1);
    expect(countQueries(log, "node.rrdns.test")).toBe(0);
  });

  it("--from re-judges a saved run and --markdown writes the table between the markers", () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-client-conf-"));
    const page = join(dir, "page.md");
    writeFileSync(page, "# t\n<!-- conformance:start -->\nold\n<!-- conformance:end -->\ntail\n");
    const r = run(["--reduced", "--from", FIXTURE.pathname, "--markdown", page]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const text = readFileSync(page, "utf8");
    expect(text).toMatch(
      /\| @grpc\/grpc-js round_robin \| `grpc-round-robin` \| pick-up of added address \|/,
    );
    expect(text).toContain("reduced protocol");
    expect(text).not.toContain("old");
    expect(text.endsWith("<!-- conformance:end -->\ntail\n")).toBe(true);
    expect(r.stdout).toMatch(/HAProxy server-template +errors/);
  });

  it("a missing or malformed --from file is exit 2 with the file's name, no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-client-conf-"));
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"rows": []}');
    for (const file of [bad, join(dir, "absent.json")]) {
      const r = run(["--from", file]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(file);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("a --markdown file without markers is refused before any run", () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-client-conf-"));
    const page = join(dir, "plain.md");
    writeFileSync(page, "# no markers\n");
    const r = run(["--from", FIXTURE.pathname, "--markdown", page]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/plain\.md: no '<!-- conformance:start -->'/);
  });
});
