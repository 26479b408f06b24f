import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { readLessons } from "../../../src/cli/playground-build.js";
import {
  CONTROLS,
  controlById,
  copySpec,
  decodeHash,
  encodeHash,
  reachedSoFar,
  splitClaim,
  TOTALS,
  totalsOf,
} from "../../../src/playground/index.js";
import { runScenario, Simulation } from "../../../src/run/index.js";
import { loadScenario, type Scenario } from "../../../src/scenario/index.js";
import { ROOT } from "../../cli-helpers.js";

const lesson = (name: string) =>
  loadScenario(readFileSync(join(ROOT, `scenarios/${name}.yaml`), "utf8"), `${name}.yaml`);

/** Sets one control as the page does and re-validates with the CLI's loader. */
function apply(s: Scenario, id: string, value: number | string | boolean): Scenario {
  const c = controlById(id)!;
  const spec = copySpec(s);
  (c.set as (s: unknown, v: unknown) => void)(spec, value);
  return loadScenario(stringify(spec), "playground.yaml");
}

const values = (s: Scenario) => Object.fromEntries(CONTROLS.map((c) => [c.id, c.get(copySpec(s))]));

describe("playground controls: each writes its own field of the scenario", () => {
  const base = lesson("default");

  const cases: [string, number | string | boolean, (s: Scenario) => unknown, unknown][] = [
    ["duration", 1200, (s) => s.duration, 1200],
    ["seed", 7, (s) => s.seed, 7],
    [
      "servers",
      6,
      (s) => s.servers.map((x) => x.address),
      ["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7"],
    ],
    ["ttl", 3600, (s) => s.dns.ttl, 3600],
    ["order", "cname", (s) => s.dns.order, "cname"],
    ["healthCheck", true, (s) => s.dns.healthCheck, { interval: 10, failures: 3, recoveries: 1 }],
    ["resolvers", 250, (s) => s.resolvers.count, 250],
    ["skew", 0, (s) => s.resolvers.skew, 0],
    [
      "behaviourA",
      "unbound",
      (s) => s.resolvers.behaviour,
      [
        { behaviour: "unbound", share: 0.5 },
        { behaviour: "frozen", share: 0.5 },
      ],
    ],
    [
      "behaviourB",
      "shuffle",
      (s) => s.resolvers.behaviour,
      [
        { behaviour: "rotate", share: 0.5 },
        { behaviour: "shuffle", share: 0.5 },
      ],
    ],
    [
      "shareA",
      30,
      (s) => s.resolvers.behaviour,
      [
        { behaviour: "rotate", share: 0.3 },
        { behaviour: "frozen", share: 0.7 },
      ],
    ],
    ["shareA", 100, (s) => s.resolvers.behaviour, "rotate"],
    [
      "profile",
      "flash",
      (s) => s.clients.rate,
      { profile: "flash", base: 200, peak: 2000, at: 1200, rise: 60, decay: 600 },
    ],
    ["rate", 50, (s) => s.clients.rate, 50],
    ["requestsPerVisit", 2, (s) => s.clients.requestsPerVisit, 2],
    ["selection", "first", (s) => s.clients.selection, "first"],
    ["clientCache", true, (s) => s.clients.cache, { population: 10000, lifetime: 60 }],
    ["failure", false, (s) => s.failures, []],
    [
      "failureServer",
      4,
      (s) => s.failures[0],
      { server: "10.0.0.5", at: 1800, duration: 600, mode: "blackhole" },
    ],
    [
      "failureAt",
      900,
      (s) => s.failures[0],
      { server: "10.0.0.3", at: 900, duration: 600, mode: "blackhole" },
    ],
    [
      "failureDuration",
      60,
      (s) => s.failures[0],
      { server: "10.0.0.3", at: 1800, duration: 60, mode: "blackhole" },
    ],
    [
      "failureMode",
      "refused",
      (s) => s.failures[0],
      { server: "10.0.0.3", at: 1800, duration: 600, mode: "refused" },
    ],
  ];

  const capacity = (s: Scenario) => apply(s, "capacity", true);
  const service = { workers: 8, serviceTime: { distribution: "exponential", mean: 0.02 } };
  /** Capacity controls, from the default lesson with capacity switched on. */
  const capacityCases: [string, number | string | boolean, (s: Scenario) => unknown, unknown][] = [
    ["workers", 3, (s) => s.service, { ...service, workers: 3 }],
    [
      "serviceMean",
      50,
      (s) => s.service,
      { ...service, serviceTime: { distribution: "exponential", mean: 0.05 } },
    ],
    ["queueLimit", true, (s) => s.service, { ...service, queue: 1000 }],
    [
      "requestTimeout",
      4,
      (s) => [s.clients.timeout, s.clients.onError, s.clients.retries],
      [4, undefined, undefined],
    ],
    [
      "onError",
      "retry",
      (s) => [s.clients.timeout, s.clients.onError, s.clients.retries],
      [undefined, "retry", undefined],
    ],
    [
      "retries",
      0,
      (s) => [s.clients.timeout, s.clients.onError, s.clients.retries],
      [undefined, undefined, 0],
    ],
  ];

  it("a session lesson shows its own rate and lookup gap, not the visit model's (unused there)", () => {
    const sessions = lesson("non-rotating-caches");
    const shown = (s: Scenario, id: string) => controlById(id)!.when?.(copySpec(s)) ?? true;
    for (const id of ["profile", "rate", "requestsPerVisit"]) {
      expect(shown(sessions, id), id).toBe(false);
      expect(shown(base, id), id).toBe(true);
    }
    for (const id of ["sessionRate", "lookupGap"]) {
      expect(shown(sessions, id), id).toBe(true);
      expect(shown(base, id), id).toBe(false);
    }
    // With client caches on, a session lesson's clients are the population: no population control.
    expect(shown(apply(sessions, "clientCache", true), "cachePopulation")).toBe(false);
    expect(shown(apply(base, "clientCache", true), "cachePopulation")).toBe(true);
    const classes = sessions.clients.sessions!.classes;
    const faster = apply(sessions, "sessionRate", 8);
    expect(faster.clients.sessions!.classes).toEqual([
      { ...classes[0]!, rate: 8 },
      ...classes.slice(1),
    ]);
    expect(faster.clients.sessions!.lookupGap).toBe(sessions.clients.sessions!.lookupGap);
    const gap = apply(sessions, "lookupGap", 300);
    expect(gap.clients.sessions).toEqual({ ...sessions.clients.sessions!, lookupGap: 300 });
    // And the change reaches the run: more sessions, more requests.
    const short = (s: Scenario) => ({ ...s, duration: 300 });
    expect(runScenario(short(faster)).totals.requests).toBeGreaterThan(
      runScenario(short(sessions)).totals.requests,
    );
  });

  it("capacity on sets the service block, off removes it", () => {
    expect(base.service).toBeUndefined();
    const on = capacity(base);
    expect(on.service).toEqual(service);
    expect(apply(on, "capacity", false).service).toBeUndefined();
    expect(apply(on, "capacity", false)).toEqual(base);
  });

  it.each(capacityCases)("with capacity, %s = %s", (id, value, read, expected) => {
    const after = apply(capacity(base), id, value);
    expect(read(after)).toEqual(expected);
    expect(after.servers).toEqual(base.servers);
  });

  it("the queue length and overflow write the limited queue only", () => {
    const limited = apply(capacity(base), "queueLimit", true);
    expect(apply(limited, "queue", 0).service).toEqual({ ...service, queue: 0 });
    expect(apply(limited, "overflow", "drop").service).toEqual({
      ...service,
      queue: 1000,
      overflow: "drop",
    });
    expect(apply(limited, "queueLimit", false).service).toEqual(service);
  });

  it("a lesson's lognormal service time and per-server overrides stay until the mean is changed", () => {
    const frozen = lesson("frozen-resolver-overload");
    const lognormal = frozen.service!.serviceTime!;
    expect(lognormal.distribution).toBe("lognormal");
    // Its mean, median · exp(σ²/2) with σ = ln(p99 / median) / z99, is what the control shows.
    const sigma = Math.log(0.1 / 0.015) / 2.3263478740408408;
    expect(controlById("serviceMean")!.get(copySpec(frozen))).toBeCloseTo(
      15 * Math.exp(sigma ** 2 / 2),
      9,
    );
    // Other capacity controls leave it alone.
    expect(apply(frozen, "workers", 12).service!.serviceTime).toEqual(lognormal);
    expect(apply(frozen, "requestTimeout", 3).service).toEqual(frozen.service);
    const changed = apply(frozen, "serviceMean", 30);
    expect(changed.service!.serviceTime).toEqual({ distribution: "exponential", mean: 0.03 });
    // A server's own service time is its own: the controls edit the scenario-wide block.
    const own = {
      ...frozen,
      servers: frozen.servers.map((sv, i) =>
        i === 0 ? { ...sv, serviceTime: lognormal, workers: 2 } : sv,
      ),
    };
    expect(apply(own, "serviceMean", 30).servers[0]).toEqual(own.servers[0]);
    expect(apply(own, "workers", 30).servers[0]).toEqual(own.servers[0]);
  });

  it.each(cases)("%s = %s", (id, value, read, expected) => {
    const after = apply(base, id, value);
    expect(read(after)).toEqual(expected);
    // The fields no control shows are the lesson's.
    expect(after.description).toBe(base.description);
    expect(after.window).toBe(base.window);
    expect(after.clients.connectTimeout).toBe(base.clients.connectTimeout);
  });

  it("every control reads back what it wrote, and leaves the other controls alone where they are independent", () => {
    const before = values(base);
    const dependent: Record<string, string[]> = {
      behaviourA: [],
      behaviourB: ["shareA"],
      shareA: ["behaviourB"],
      servers: [],
      failure: ["failureServer", "failureAt", "failureDuration", "failureMode"],
      clientCache: ["cachePopulation", "cacheLifetime"],
      capacity: ["workers", "serviceMean", "queueLimit", "queue", "overflow"],
      queueLimit: ["queue", "overflow"],
    };
    const tried: Record<string, number | string | boolean> = {
      duration: 1200,
      seed: 9,
      servers: 5,
      ttl: 30,
      order: "random",
      healthCheck: true,
      resolvers: 10,
      skew: 0.5,
      behaviourA: "dnsmasq",
      behaviourB: "rotate-random",
      shareA: 25,
      profile: "diurnal",
      rate: 10,
      requestsPerVisit: 3,
      selection: "sorted",
      clientCache: true,
      cachePopulation: 77,
      cacheLifetime: 5,
      failure: false,
      failureServer: 1,
      failureAt: 10,
      failureDuration: 20,
      failureMode: "refused",
      capacity: true,
      workers: 5,
      serviceMean: 35,
      queueLimit: true,
      queue: 7,
      overflow: "drop",
      requestTimeout: 3,
      onError: "give-up",
      retries: 1,
      sessionRate: 2,
      lookupGap: 30,
    };
    const sessions = lesson("non-rotating-caches");
    const startOf = (c: (typeof CONTROLS)[number]): Scenario => {
      if (c.id.startsWith("cache")) return apply(base, "clientCache", true);
      if (c.id === "sessionRate" || c.id === "lookupGap") return sessions;
      if (c.group !== "Servers with capacity" || c.id === "capacity") return base;
      const on = apply(base, "capacity", true);
      return c.id === "queue" || c.id === "overflow" ? apply(on, "queueLimit", true) : on;
    };
    for (const c of CONTROLS) {
      expect(tried, c.id).toHaveProperty(c.id);
      const start = startOf(c);
      const after = apply(start, c.id, tried[c.id]!);
      expect(c.get(copySpec(after)), c.id).toEqual(tried[c.id]);
      const startValues = values(start);
      const afterValues = values(after);
      for (const other of CONTROLS) {
        if (other.id === c.id || dependent[c.id]?.includes(other.id)) continue;
        expect(afterValues[other.id], `${c.id} moved ${other.id}`).toEqual(startValues[other.id]);
      }
    }
    expect(values(base)).toEqual(before);
  });

  it("fewer servers drop the failures of the servers that are gone", () => {
    const after = apply(base, "servers", 1);
    expect(after.servers.map((s) => s.address)).toEqual(["10.0.0.2"]);
    expect(after.failures).toEqual([]);
  });

  it("every lesson loads into the controls, and its settings through them give the lesson back", () => {
    for (const l of readLessons()) {
      const s = loadScenario(l.text, `${l.name}.yaml`);
      let again = s;
      for (const c of CONTROLS) again = apply(again, c.id, c.get(copySpec(again)) as never);
      expect(again, l.name).toEqual(s);
    }
  });
});

describe("playground: the URL hash, the lesson text and the totals", () => {
  it("the hash carries a scenario (and side A) whole, and back through the loader", () => {
    const a = loadScenario(readLessons()[0]!.text, "a.yaml");
    const b = apply(a, "ttl", 3600);
    const state = decodeHash(encodeHash(b, a));
    expect(loadScenario(state.scenario!, "hash")).toEqual(b);
    expect(loadScenario(state.compare!, "hash")).toEqual(a);
    expect(decodeHash(encodeHash(b))).toEqual({ scenario: JSON.stringify(b) });
    expect(decodeHash("#scenario=%E0%A4%A&x=1")).toEqual({});
  });

  it("splits a description into the claim and what to look at", () => {
    expect(splitClaim("A holds. B too. Look at the chart. Then rerun.")).toEqual({
      claim: "A holds. B too.",
      lookAt: "Look at the chart. Then rerun.",
    });
    expect(splitClaim("No pointer here.")).toEqual({ claim: "No pointer here.", lookAt: "" });
    // Full stops inside numbers and field names end no sentence; a semicolon is not an end either.
    expect(splitClaim("Peaks are 1.5 times the mean. Set dns.ttl low; look at the chart.")).toEqual(
      {
        claim: "Peaks are 1.5 times the mean.",
        lookAt: "Set dns.ttl low; look at the chart.",
      },
    );
    expect(splitClaim("Look first. Then more.")).toEqual({
      claim: "",
      lookAt: "Look first. Then more.",
    });
  });

  it("every lesson has a claim and says what to look at, and the two halves are its whole description", () => {
    for (const l of readLessons()) {
      const { description } = loadScenario(l.text, `${l.name}.yaml`);
      const { claim, lookAt } = splitClaim(description);
      expect(claim.length, l.name).toBeGreaterThan(40);
      expect(lookAt, l.name).toMatch(/\blook\b/i);
      expect(`${claim} ${lookAt}`.replace(/\s+/g, " "), l.name).toBe(
        description.replace(/\s+/g, " ").trim(),
      );
    }
  });

  it("the totals shown are the results' fields, one per TOTALS entry", () => {
    const r = runScenario(lesson("nt-three-servers"), { duration: 600 });
    const shown = totalsOf(r);
    expect(shown.map((t) => t.id)).toEqual(TOTALS.map((t) => t.id));
    const by = Object.fromEntries(shown.map((t) => [t.id, t.value]));
    expect(by).toEqual({
      visits: r.totals.visits,
      requests: r.totals.requests,
      served: r.totals.served,
      failedAttempts: r.totals.failedAttempts,
      failedVisits: r.totals.failedVisits,
      authoritativeQueries: r.dns.authoritativeQueries,
      hitRatio: r.dns.resolverHitRatio,
      maxOverMean: r.balance.window.maxOverMean,
      // No capacity, no queueing totals.
      p99: null,
      utilisation: null,
    });
  });

  it("with servers with capacity the totals show the p99 response time and the utilisation", () => {
    const r = runScenario(lesson("round-robin-vs-random"), { duration: 2000 });
    const by = Object.fromEntries(totalsOf(r).map((t) => [t.id, t]));
    const q = r.queueing!;
    expect(by.p99!.value).toBe(q.totals.responseTime.p99);
    expect(by.p99!.text).toBe(q.totals.responseTime.p99!.toFixed(3));
    expect(by.utilisation!.value).toBe(q.totals.utilisation);
    expect(by.utilisation!.text).toBe((q.totals.utilisation * 100).toFixed(1));
    // Not the mean, not the p95: the 99th percentile.
    expect(by.p99!.value).not.toBe(q.totals.responseTime.p95);
  });
});

describe("playground: live charts draw only the bins reached", () => {
  it("cuts every time series to the completed bins, and leaves final results alone", () => {
    const sim = new Simulation(lesson("nt-three-servers"), { duration: 600 });
    sim.runUntil(250);
    const r = sim.snapshot();
    const cut = reachedSoFar(r, sim.now);
    // 60 s bins: 0-60, 60-120, 120-180, 180-240 are complete at 250 s.
    for (const [key, value] of Object.entries(cut.timeseries)) {
      if (!Array.isArray(value)) continue;
      const rows = value as readonly unknown[];
      const lengths = Array.isArray(rows[0])
        ? (rows as readonly unknown[][]).map((v) => v.length)
        : [rows.length];
      for (const n of lengths) expect(n, key).toBe(4);
    }
    expect(cut.totals).toEqual(r.totals);
    expect(cut.duration).toBe(240);
    // The authoritative query rate is of the 250 s simulated, not of the 600 s to come.
    expect(cut.dns.authoritativeQps).toBeCloseTo(r.dns.authoritativeQueries / 250, 12);
    // Before the first bin ends there is nothing to cut.
    const early = new Simulation(lesson("nt-three-servers"), { duration: 600 });
    early.runUntil(30);
    const first = early.snapshot();
    expect(reachedSoFar(first, early.now)).toBe(first);
    sim.run();
    const done = sim.snapshot();
    expect(reachedSoFar(done, sim.now)).toBe(done);
  });

  it("cuts the queueing series too, so the capacity charts stop at the present", () => {
    const sim = new Simulation(lesson("retry-storm"), { duration: 600 });
    sim.runUntil(250);
    const r = sim.snapshot();
    const bins = Math.floor(250 / r.timeseries.binSeconds);
    const cut = reachedSoFar(r, sim.now);
    for (const [key, value] of Object.entries(cut.queueing!.timeseries)) {
      const rows = value as readonly unknown[];
      const lengths = Array.isArray(rows[0])
        ? (rows as readonly unknown[][]).map((v) => v.length)
        : [rows.length];
      for (const n of lengths) expect(n, key).toBe(bins);
    }
    expect(cut.queueing!.totals).toEqual(r.queueing!.totals);
  });
});
