import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, inject, it } from "vitest";
import { parseResolver } from "../../src/cli/commands/probe.js";
import { BINARIES } from "../../src/cli/conformance/daemons.js";
import { RESOLVER_BEHAVIOUR_REGISTRY } from "../../src/model/index.js";
import { CLI, ROOT } from "../cli-helpers.js";
import { PROBE_BASE, type ProbeResult, probeCases, START_MS } from "./probe-daemons.js";

/** Runs the CLI without blocking the event loop: the file's tests run side by side. */
function rrdnsAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/*
 * The daemons and their probes are started when the run starts, by the probe
 * project's globalSetup (probe-setup.ts, cases in probe-daemons.ts): this
 * file reads the probes' results, asks the daemons a few questions of its
 * own, and stops them when it is done.
 */
const run = inject("probeRun");
const { missing } = run;
if (missing.length > 0)
  console.warn(
    `probe: skipping the real-daemon tests, not installed: ${missing.join(", ")} (apt-get install bind9 unbound dnsmasq-base pdns-recursor knot-resolver)`,
  );
const base = PROBE_BASE;
const cases = probeCases(RESOLVER_BEHAVIOUR_REGISTRY["dnsmasq-stale"].lingerSeconds > 0);

/** Waits until `ready` holds, or fails naming `what` after `ms`. */
async function until<T>(what: string, ms: number, ready: () => T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = ready();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not there after ${ms / 1000} s`);
    await sleep(100);
  }
}

/** The daemons have had the time to start (probe-setup.ts started them). */
const started = () => sleep(Math.max(0, run.startedAt + START_MS - Date.now()));

/** One daemon's probe result, once its probe has finished. */
const probed = (daemon: string): Promise<ProbeResult> => {
  const file = join(run.dir, `${daemon}.json`);
  return until(`the probe of ${daemon} (${file})`, 55_000, () =>
    existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as ProbeResult) : undefined,
  );
};

if (missing.length === 0)
  afterAll(() => {
    // Stopped now, not at the end of the run: nothing after this file asks them.
    for (const pid of run.pids) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  });

// Every test at once: they mostly wait (for a CLI process, a timeout, the probes).
describe.concurrent("rrdns probe: argument errors", () => {
  it("rejects a bad address with exit 2 and no stack trace", async ({ expect }) => {
    const r = await rrdnsAsync(["probe", "not-an-address", "www.example"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/resolver: expected an IP address/);
    expect(r.stderr).not.toMatch(/at .*\.js/);
  });
  it("parses IPv4, IPv6 and ports", ({ expect }) => {
    expect(parseResolver("127.0.0.1")).toEqual({ host: "127.0.0.1", port: 53 });
    expect(parseResolver("127.0.0.1:5353")).toEqual({ host: "127.0.0.1", port: 5353 });
    expect(parseResolver("::1")).toEqual({ host: "::1", port: 53 });
    expect(parseResolver("[::1]:5353")).toEqual({ host: "::1", port: 5353 });
    expect(() => parseResolver("127.0.0.1:70000")).toThrow(/resolver/);
  });
  it("reports a resolver that does not answer, with the timeout it waited (a closed loopback port)", async ({
    expect,
  }) => {
    const r = await rrdnsAsync(["probe", "127.0.0.1:9", "www.example", "--queries", "2"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did not answer .* within 2 s/);
  });
});

describe.skipIf(missing.length > 0).concurrent("rrdns probe against the local daemons", () => {
  it("refuses a name that does not exist and one with a single address, exit 2", async ({
    expect,
  }) => {
    // While the probes run: it asks the authority only, for names of another zone.
    await started();
    expect(BINARIES.named).toBeTruthy();
    const nx = await rrdnsAsync([
      "probe",
      `127.0.0.1:${base}`,
      "nope.cyc.example",
      "--queries",
      "2",
    ]);
    expect(nx.code).toBe(2);
    expect(nx.stderr).toMatch(/does not exist \(NXDOMAIN/);
    const one = await rrdnsAsync([
      "probe",
      `127.0.0.1:${base}`,
      "ns.cyc.example",
      "--queries",
      "2",
    ]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/only one A record/);
  });
  for (const [daemon, , preset, alike] of cases) {
    it(`names ${preset} for ${daemon}${alike.length ? `, saying it cannot tell it from ${alike.join(", ")}` : ", sure"}, and prints its snippet`, async ({
      expect,
    }) => {
      const r = await probed(daemon);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`preset: ${preset} (${alike.length ? "ambiguous" : "sure"})`);
      expect(r.stdout).toContain(`resolvers:\n  behaviour: ${preset}   #`);
      if (alike.length)
        expect(r.stdout).toContain(`could not tell apart: ${[preset, ...alike].join(", ")}`);
    }, 60_000);
  }
  it("prints a table and JSON with the TTL countdown", async ({ expect }) => {
    // After the probes: its 70 queries to dnsmasq do not mix with the probe of dnsmasq.
    for (const [daemon] of cases) await probed(daemon);
    const t = await rrdnsAsync([
      "probe",
      `127.0.0.1:${base + 4}`,
      "q.t60.rnd.example",
      "--queries",
      "50",
      "--interval",
      "0",
    ]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/rotation: rotate-1/);
    expect(t.stdout).toMatch(/TTL: highest 60 s/);
    const j = await rrdnsAsync([
      "probe",
      `127.0.0.1:${base + 4}`,
      "q.t60.rnd.example",
      "--queries",
      "20",
      "--format",
      "json",
    ]);
    expect(JSON.parse(j.stdout).order.pattern).toBe("rotate-1");
  });
});
