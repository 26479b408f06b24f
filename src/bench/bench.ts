/**
 * `npm run bench`: end-to-end engine throughput on the reference workload of
 * the core issue — 4 servers, 1000 resolvers with Zipf 1.0 skew, half
 * rotating and half frozen, TTL 60 s, 1000 visits/s — at growing visit counts,
 * to show visits per second and that memory stays flat.
 *
 * Run with --expose-gc (the npm script does) so heap figures are after a full GC.
 */
import { runScenario } from "../run/index.js";
import { baselineLoop } from "./baseline-loop.js";
import { queueingBench } from "./queueing-bench.js";
import { REFERENCE_RATE, referenceScenario } from "./reference.js";

const rate = REFERENCE_RATE;

const gc = (globalThis as { gc?: () => void }).gc;
const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

const sizes = (process.argv[2] ?? "1000000,3000000,10000000").split(",").map(Number);
// Warm the JIT so the first size is not penalised.
runScenario(referenceScenario(200_000));
gc?.();
const baseHeap = process.memoryUsage().heapUsed;
console.log(
  `rrdns bench · node ${process.version} · reference workload (4 servers, 1000 resolvers, Zipf 1, half rotate/half frozen, TTL 60, ${rate}/s)`,
);
console.log("visits        seconds   visits/s      heap after run (Δ from start)   peak RSS");
let peakRss = 0;
for (const visits of sizes) {
  const scenario = referenceScenario(visits);
  const start = process.hrtime.bigint();
  const results = runScenario(scenario);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const heapWithResults = process.memoryUsage().heapUsed;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  gc?.();
  console.log(
    `${String(results.totals.visits).padEnd(12)}  ${seconds.toFixed(2).padStart(7)}   ${Math.round(
      results.totals.visits / seconds,
    )
      .toLocaleString("en-US")
      .padStart(
        10,
      )}    ${mib(heapWithResults).padStart(10)} (${mib(heapWithResults - baseHeap)})            ${mib(peakRss)}`,
  );
}

// The yardstick: the same workload as a bare hand-tuned loop, on this machine, now.
const yardstickVisits = sizes[sizes.length - 1] ?? 10_000_000;
baselineLoop(200_000, rate, 60);
const loopStart = process.hrtime.bigint();
baselineLoop(yardstickVisits, rate, 60);
const loopSeconds = Number(process.hrtime.bigint() - loopStart) / 1e9;
const engineStart = process.hrtime.bigint();
const engineResults = runScenario(referenceScenario(yardstickVisits));
const engineSeconds = Number(process.hrtime.bigint() - engineStart) / 1e9;
const loopRate = yardstickVisits / loopSeconds;
const engineRate = engineResults.totals.visits / engineSeconds;
console.log(
  `\nhand-tuned single-purpose loop: ${Math.round(loopRate).toLocaleString("en-US")} visits/s; rrdns engine end to end: ${Math.round(engineRate).toLocaleString("en-US")} visits/s`,
);
console.log(
  `engine / hand-tuned loop = ${(engineRate / loopRate).toFixed(2)} (same machine, same moment)`,
);

// Servers with capacity: every request an event that may queue (visits, not requests, as above).
queueingBench((process.argv[3] ?? "1000000,2000000").split(",").map(Number));
