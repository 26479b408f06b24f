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
import { perSecond, timed } from "./timing.js";

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
console.log(
  "visits        seconds   visits/s     CPU s   visits/CPU-s   heap after run (Δ from start)   peak RSS",
);
let peakRss = 0;
for (const visits of sizes) {
  const scenario = referenceScenario(visits);
  const { result: results, seconds, cpuSeconds } = timed(() => runScenario(scenario));
  const heapWithResults = process.memoryUsage().heapUsed;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  gc?.();
  const n = results.totals.visits;
  console.log(
    `${String(n).padEnd(12)}  ${seconds.toFixed(2).padStart(7)}   ${perSecond(n, seconds).padStart(10)}   ${cpuSeconds.toFixed(2).padStart(6)}   ${perSecond(n, cpuSeconds).padStart(12)}    ${mib(heapWithResults).padStart(10)} (${mib(heapWithResults - baseHeap)})            ${mib(peakRss)}`,
  );
}

// The yardstick: the same workload as a bare hand-tuned loop, on this machine, now.
const yardstickVisits = sizes[sizes.length - 1] ?? 10_000_000;
baselineLoop(200_000, rate, 60);
const loop = timed(() => baselineLoop(yardstickVisits, rate, 60));
const engine = timed(() => runScenario(referenceScenario(yardstickVisits)));
const engineVisits = engine.result.totals.visits;
console.log(
  `\nhand-tuned single-purpose loop: ${perSecond(yardstickVisits, loop.seconds)} visits/s, ${perSecond(yardstickVisits, loop.cpuSeconds)} per CPU-s; rrdns engine end to end: ${perSecond(engineVisits, engine.seconds)} visits/s, ${perSecond(engineVisits, engine.cpuSeconds)} per CPU-s`,
);
// Per visit, so the engine's few extra or missing visits (its arrivals are random) do not skew it.
const ratio = (secondsLoop: number, secondsEngine: number): string =>
  (engineVisits / secondsEngine / (yardstickVisits / secondsLoop)).toFixed(2);
console.log(
  `engine / hand-tuned loop = ${ratio(loop.seconds, engine.seconds)} by wall time, ${ratio(loop.cpuSeconds, engine.cpuSeconds)} by CPU time (same machine, same moment)`,
);

// Servers with capacity: every request an event that may queue (visits, not requests, as above).
queueingBench((process.argv[3] ?? "1000000,2000000").split(",").map(Number));
