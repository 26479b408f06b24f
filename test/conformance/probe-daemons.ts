/*
 * What test/conformance/probe-setup.ts starts (the real daemons on loopback
 * and one `rrdns probe` per daemon) and probe.test.ts judges: one list, so the
 * setup probes every case the test names. Nothing from src/model here: the
 * setup runs in vitest's main process, whose loader cannot load every
 * dependency the model imports (tldts's ES build).
 */

/**
 * BIND on BASE, the resolvers on BASE + 1 … 7. Not 26300 (the client
 * conformance's dnsmasq, test/conformance/clients.test.ts) or 25300 (the
 * daemon harness, daemons.test.ts): those run later in the same `npm test`.
 */
export const PROBE_BASE = 27300;

/** [daemon, port, preset the probe must name, presets it must say it cannot tell apart]. */
export type ProbeCase = [string, number, string, string[]];

/**
 * Each daemon probed on a TTL-5 name for 20 s at 0.25 s (all at once, so the
 * probes take 20 s, not 140): long enough to see three refetches, the lowest
 * TTL and their spacing. The preset named must be the daemon's, or the
 * daemon's preset must be among those it says it cannot tell apart.
 */
export function probeCases(dnsmasqStaleLingers: boolean): ProbeCase[] {
  const base = PROBE_BASE;
  const cases: ProbeCase[] = [
    ["unbound", base + 1, "unbound", ["unbound-serve-expired", "knot-resolver"]],
    ["unbound-no-rr", base + 2, "unbound-no-rr", []],
    ["unbound-serve-expired", base + 3, "unbound", ["unbound-serve-expired", "knot-resolver"]],
    ["dnsmasq", base + 4, "dnsmasq", []],
    ["pdns-recursor", base + 5, "pdns-recursor", []],
    ["knot-resolver", base + 6, "unbound", ["unbound-serve-expired", "knot-resolver"]],
    ["dnsmasq-stale", base + 7, "dnsmasq-stale", []],
  ];
  // main's dnsmasq-stale preset still refetches at TTL showing 1 (see analysis.test.ts): until
  // issue 24's model is merged, dnsmasq is named with dnsmasq-stale alike and dnsmasq-stale matches none.
  if (!dnsmasqStaleLingers) {
    cases[3] = ["dnsmasq", base + 4, "dnsmasq", ["dnsmasq-stale"]];
    cases.pop();
  }
  return cases;
}

/** The probe of one case, as `rrdns probe` is given it. */
export function probeArgs([daemon, port]: ProbeCase): string[] {
  return [
    "probe",
    `127.0.0.1:${port}`,
    `${daemon}.t5.rnd.example`,
    "--queries",
    "80",
    "--interval",
    "0.25",
  ];
}

/** How long the daemons get to start before anything asks them. */
export const START_MS = 2500;

/** What one `rrdns probe` gave. */
export interface ProbeResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What the setup hands the test file (vitest's provide/inject). */
export interface ProbeRun {
  /** Binaries not installed: then nothing was started and the daemon tests skip. */
  missing: string[];
  /** Where each probe's result appears, as `<daemon>.json`, when it has finished. */
  dir: string;
  /** The daemons' process ids, so the test file can stop them once it is done with them. */
  pids: number[];
  /** Date.now() when the daemons were started. */
  startedAt: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The real daemons and their probes, started by test/conformance/probe-setup.ts. */
    probeRun: ProbeRun;
  }
}
