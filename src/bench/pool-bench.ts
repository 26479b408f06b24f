/**
 * The connection-pool case (issue 29): 1,000 clients × 100 requests/s for an
 * hour (360 M requests) over pooled connections, against the same offered
 * load without pools (every request a visit of its own: a lookup and a
 * connect, the classic fast path). Requests on a connection are Poisson
 * counts per time bin, so the pooled run's cost follows connection events,
 * not requests. Run: `npm run build && node --expose-gc dist/bench/pool-bench.js [--full]`
 * (--full runs the 360 M unpooled requests too instead of extrapolating from 36 M).
 */
import { runScenario } from "../run/index.js";
import { type Runtime, type Scenario, scenarioSchema } from "../scenario/index.js";

const clients = 1000;
const ratePerClient = 100;
const duration = 3600;
const servers = Array.from({ length: 6 }, (_, i) => ({ address: `10.0.0.${i + 1}` }));

export function pooledScenario(runtime: Runtime, maxAge: number): Scenario {
  return scenarioSchema.parse({
    name: `bench-pool-${runtime}`,
    duration,
    window: 60,
    servers,
    dns: { ttl: 5 },
    clients: { rate: 0 },
    connections: { runtime, clients, rate: ratePerClient, pool: { maxAge } },
    pool: {
      changes: [
        { at: 1200, add: ["10.0.0.5", "10.0.0.6"] },
        { at: 2400, remove: ["10.0.0.1"] },
      ],
    },
  });
}

/** The same offered load without pools: one visit (lookup + connect) per request. */
export function unpooledScenario(seconds: number): Scenario {
  return scenarioSchema.parse({
    name: "bench-no-pool",
    duration: seconds,
    window: 60,
    servers,
    dns: { ttl: 5, order: "random" },
    resolvers: { count: 1000, skew: 0, behaviour: "rotate" },
    clients: { rate: clients * ratePerClient },
  });
}

const gc = (globalThis as { gc?: () => void }).gc;
const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

function timed<T>(f: () => T): { value: T; seconds: number } {
  const start = process.hrtime.bigint();
  const value = f();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

function main(): void {
  const full = process.argv.includes("--full");
  console.log(
    `connection pools: ${clients} clients × ${ratePerClient} req/s × ${duration} s = ${((clients * ratePerClient * duration) / 1e6).toFixed(0)} M requests`,
  );
  console.log("case                                    seconds    requests      requests/s   heap");
  const cases: [Runtime, number][] = [
    ["grpc-round-robin", 300],
    ["grpc-pick-first", 300],
    ["glibc", 60],
    ["jvm", 10],
    ["envoy-strict-dns", 300],
  ];
  const pooledSeconds: Record<string, number> = {};
  for (const [runtime, maxAge] of cases) {
    gc?.();
    const { value: r, seconds } = timed(() => runScenario(pooledScenario(runtime, maxAge)));
    const c = r.connections!;
    pooledSeconds[runtime] = seconds;
    console.log(
      `${`pooled ${runtime} (maxAge ${maxAge} s)`.padEnd(40)}${seconds.toFixed(2).padStart(7)}  ${c.requests.toLocaleString("en").padStart(12)}  ${Math.round(
        c.requests / seconds,
      )
        .toLocaleString("en")
        .padStart(
          14,
        )}   ${mib(process.memoryUsage().heapUsed)}  (opened ${c.connectionsOpened.toLocaleString("en")})`,
    );
  }
  const seconds = full ? duration : 360;
  gc?.();
  const { value: r, seconds: spent } = timed(() => runScenario(unpooledScenario(seconds)));
  const requests = r.totals.requests;
  const perSecond = requests / spent;
  const projected = (clients * ratePerClient * duration) / perSecond;
  console.log(
    `${`no pools (${seconds} s of the hour)`.padEnd(40)}${spent.toFixed(2).padStart(7)}  ${requests.toLocaleString("en").padStart(12)}  ${Math.round(perSecond).toLocaleString("en").padStart(14)}   ${mib(process.memoryUsage().heapUsed)}`,
  );
  console.log(
    `no pools, the whole hour: ${full ? "measured" : "projected"} ${projected.toFixed(0)} s; pooled grpc-round-robin is ${(projected / pooledSeconds["grpc-round-robin"]!).toFixed(0)}× faster, glibc (maxAge 60 s) ${(projected / pooledSeconds.glibc!).toFixed(0)}×`,
  );
}

main();
