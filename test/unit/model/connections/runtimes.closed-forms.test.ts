import { describe, expect, it } from "vitest";
import { poolScenario, runPools, servers } from "./pool-helpers.js";

/**
 * Closed forms of the connection-pool model, with tolerances from the run's
 * own sampling error. Each test is written so that swapping the runtime for
 * its nearest neighbour fails it.
 */

describe("grpc-round-robin: a connection to every address, requests spread", () => {
  it("gives each of N servers 1/N of the requests, within Poisson error", () => {
    const r = runPools(poolScenario({ runtime: "grpc-round-robin", clients: 50, rate: 20 }));
    const n = r.servers.length;
    for (const s of r.servers) {
      // Per-server counts are Poisson: share sd ≈ √(p(1 − p)/total).
      const sd = Math.sqrt(((1 / n) * (1 - 1 / n)) / r.requests);
      expect(Math.abs(s.share - 1 / n)).toBeLessThan(5 * sd);
    }
    // Every client holds a connection to each of the 4 servers.
    expect(r.connectionsOpened).toBe(50 * 4);
  });
});

describe("grpc-pick-first: one connection to the first address", () => {
  // k clients each pick the first address of a shuffled answer: the clients per
  // server are multinomial(k, 1/N), so a server's share has variance p(1 − p)/k.
  const k = 400;
  const n = 4;
  const shareOfFirst = (runtime: "grpc-pick-first" | "grpc-round-robin", seed: number) =>
    runPools(poolScenario({ runtime, clients: k, rate: 10 }, { duration: 50, seed })).servers[0]!
      .share;

  it("splits clients multinomially: the variance of a server's share over seeds is p(1 − p)/k", () => {
    const seeds = 40;
    const shares = Array.from({ length: seeds }, (_, i) => shareOfFirst("grpc-pick-first", i + 1));
    const mean = shares.reduce((a, b) => a + b, 0) / seeds;
    const variance = shares.reduce((a, b) => a + (b - mean) ** 2, 0) / (seeds - 1);
    const p = 1 / n;
    const expected = (p * (1 - p)) / k;
    // (seeds − 1)·s²/σ² is χ²(39): its 0.1 % and 99.9 % quantiles are 17.9 and 72.1.
    expect(((seeds - 1) * variance) / expected).toBeGreaterThan(17.9);
    expect(((seeds - 1) * variance) / expected).toBeLessThan(72.1);
    expect(Math.abs(mean - p)).toBeLessThan(4 * Math.sqrt(expected / seeds));
  });

  it("round robin has no such spread (its share's variance is Poisson-small): the two are told apart", () => {
    const shares = Array.from({ length: 10 }, (_, i) => shareOfFirst("grpc-round-robin", i + 1));
    const p = 1 / n;
    for (const s of shares) expect(Math.abs(s - p)).toBeLessThan(0.005);
  });

  it("each client's requests all go to one server: opened connections = clients", () => {
    const r = runPools(poolScenario({ runtime: "grpc-pick-first", clients: 100, rate: 5 }));
    expect(r.connectionsOpened).toBe(100);
  });
});

describe("a removed address: the JVM's 30 s cache against nscd's TTL", () => {
  // Answer TTL 5 s at the shared resolver; short connections (maxAge 2 s ± 10 %).
  const removal = (runtime: "jvm" | "nscd") =>
    runPools(
      poolScenario(
        { runtime, clients: 500, rate: 5, pool: { maxAge: 2 } },
        { duration: 700, pool: { changes: [{ at: 300, remove: ["10.0.0.1"] }] } },
      ),
    ).changes[0]!;

  it("jvm keeps connecting to a withdrawn address for at least its 30 s, at most resolver TTL + 30 + one connection life", () => {
    const drain = removal("jvm").drainTime!;
    expect(drain).toBeGreaterThanOrEqual(30);
    expect(drain).toBeLessThanOrEqual(5 + 30 + 2.2 + 1e-9);
  });

  it("nscd (the answer's 5 s TTL) drains within resolver TTL + TTL + one connection life", () => {
    const drain = removal("nscd").drainTime!;
    expect(drain).toBeLessThanOrEqual(5 + 5 + 2.2 + 1e-9);
    expect(drain).toBeGreaterThan(5);
  });

  it("glibc (no cache) drains within the resolver's TTL + one connection life", () => {
    const r = runPools(
      poolScenario(
        { runtime: "glibc", clients: 500, rate: 5, pool: { maxAge: 2 } },
        { duration: 700, pool: { changes: [{ at: 300, remove: ["10.0.0.1"] }] } },
      ),
    );
    expect(r.changes[0]!.drainTime!).toBeLessThanOrEqual(5 + 2.2 + 1e-9);
  });
});

describe("nginx: resolved once at start-up, or again with resolver valid=", () => {
  const scaleOut = (runtime: "nginx" | "nginx-valid") =>
    runPools(
      poolScenario(
        { runtime, clients: 20, rate: 10 },
        {
          servers: servers(5),
          duration: 400,
          pool: { changes: [{ at: 100, add: ["10.0.0.5"] }] },
        },
      ),
    );

  it("nginx never sends a request to an address added after start-up", () => {
    const r = scaleOut("nginx");
    expect(r.servers[4]!.requests).toBe(0);
    expect(r.changes[0]!.fillTime).toBeNull();
  });

  it("nginx-valid picks it up within two TTLs (resolver cache + its own valid period)", () => {
    const r = scaleOut("nginx-valid");
    expect(r.changes[0]!.fillTime!).toBeLessThanOrEqual(10 + 1e-9);
    expect(r.servers[4]!.requests).toBeGreaterThan(0);
  });
});

describe("glibc vs jvm: a pool of several connections", () => {
  it("glibc looks up per connection, so one client's pool spreads; the JVM's 30 s answer puts them all on one server", () => {
    const distinct = (runtime: "glibc" | "jvm") => {
      const r = runPools(
        poolScenario({ runtime, clients: 1, rate: 1, pool: { size: 8 } }, { duration: 10 }),
      );
      return r.servers.filter((s) => s.connectionsOpened > 0).length;
    };
    expect(distinct("jvm")).toBe(1);
    expect(distinct("glibc")).toBeGreaterThan(1);
  });
});

describe("periodic refresh: haproxy (1 s) and envoy (5 s)", () => {
  it("pick up an added server within refresh + resolver TTL; with 200 clients the slower refresh shows", () => {
    const fill = (runtime: "haproxy" | "envoy-strict-dns") =>
      runPools(
        poolScenario(
          { runtime, clients: 200, rate: 10 },
          {
            servers: servers(5),
            duration: 300,
            pool: { changes: [{ at: 100, add: ["10.0.0.5"] }] },
          },
        ),
      ).changes[0]!.fillTime!;
    const haproxy = fill("haproxy");
    const envoy = fill("envoy-strict-dns");
    expect(haproxy).toBeLessThanOrEqual(1 + 5 + 1e-9);
    expect(envoy).toBeLessThanOrEqual(5 + 5 + 1e-9);
    // With 200 clients the slowest refresh is near its bound: envoy's 5 s shows.
    expect(envoy).toBeGreaterThan(1 + 5);
  });
});

describe("go vs glibc: a server that reset its connections", () => {
  it("go's dialSerial moves to the next address; glibc's caller fails and retries", () => {
    const failures = (runtime: "go" | "glibc") =>
      runPools(
        poolScenario(
          { runtime, clients: 200, rate: 5, pool: { maxAge: 3 } },
          {
            dns: { ttl: 30 },
            duration: 200,
            pool: { changes: [{ at: 50, remove: ["10.0.0.1"] }], grace: 1 },
          },
        ),
      );
    const go = failures("go");
    const glibc = failures("glibc");
    expect(go.failedConnects).toBeGreaterThan(0);
    expect(glibc.failedConnects).toBeGreaterThan(0);
    // go's clients stay connected; glibc's lose requests while they wait to retry.
    expect(go.unserved).toBe(0);
    expect(glibc.unserved).toBeGreaterThan(0);
  });
});

describe("connection age: maxAge jittered by ±ageJitter", () => {
  it("a withdrawn server of a pool without re-resolution drains when its longest connection ends: about maxAge × (1 + jitter)", () => {
    // glibc: a new connection looks up, so after the resolver's 5 s TTL no new
    // connection goes to the withdrawn server; the old ones live out their age.
    const r = runPools(
      poolScenario(
        { runtime: "glibc", clients: 400, rate: 2, pool: { maxAge: 100, ageJitter: 0.1 } },
        { duration: 800, pool: { changes: [{ at: 300, remove: ["10.0.0.1"] }] } },
      ),
    );
    const drain = r.changes[0]!.drainTime!;
    // Opened up to 5 s after the change, each lives at most 110 s; with ~100 such
    // connections the longest is within a second or two of the bound.
    expect(drain).toBeLessThanOrEqual(5 + 110 + 1e-9);
    expect(drain).toBeGreaterThan(105);
  });
});

describe("node vs glibc: the same lookup, but Node's agent closes a free socket after 5 s", () => {
  it("at 0.1 request/s node reconnects (and looks up) every (e^{rT} − 1)/r ≈ 6.5 s; glibc keeps its connection", () => {
    const opened = (runtime: "node" | "glibc") =>
      runPools(poolScenario({ runtime, clients: 200, rate: 0.1 }, { duration: 1000 }))
        .connectionsOpened;
    const life = Math.expm1(0.1 * 5) / 0.1;
    // A renewal count over 200 × 1000 s: relative sd ≈ CV/√(expected) < 1 %.
    expect(Math.abs(opened("node") / ((200 * 1000) / life) - 1)).toBeLessThan(0.05);
    expect(opened("glibc")).toBe(200);
  });
});

describe("maxRequests: churn from the request budget", () => {
  it("connections opened ≈ clients × rate × duration / maxRequests (a Gamma-timed close per budget)", () => {
    const r = runPools(
      poolScenario(
        { runtime: "go", clients: 100, rate: 10, pool: { maxRequests: 200 } },
        { duration: 1000, start: "cold" },
      ),
    );
    // Each connection lives Gamma(200, 10): 20 s ± 1.4 s; 100 clients × 50 lives.
    const expected = 100 + (100 * 10 * 1000) / 200;
    expect(Math.abs(r.connectionsOpened - expected)).toBeLessThan(100);
  });
});

describe("nscd vs glibc: the cached answer", () => {
  it("nscd opens a pool of 8 on the one server its cached answer starts with; glibc's lookups spread it", () => {
    const distinct = (runtime: "glibc" | "nscd") =>
      runPools(
        poolScenario(
          { runtime, clients: 1, rate: 1, pool: { size: 8 } },
          { duration: 10, dns: { ttl: 60 } },
        ),
      ).servers.filter((s) => s.connectionsOpened > 0).length;
    expect(distinct("nscd")).toBe(1);
    // 8 independent shuffles of 4 addresses all starting alike: probability 4 / 4^8.
    expect(distinct("glibc")).toBeGreaterThan(1);
  });
});
