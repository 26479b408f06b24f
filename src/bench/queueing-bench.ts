/**
 * The queueing case of `npm run bench`: the reference workload with servers
 * with capacity, every server at ρ ≈ 0.8 on average (4 workers each,
 * exponential service), 5 requests per visit, so every request is an event
 * that may queue. Reports requests per second end to end and memory, which
 * must stay flat in the run length (the visit pool and queues are reused).
 */
import { runScenario } from "../run/index.js";
import type { Scenario } from "../scenario/index.js";
import { REFERENCE_RATE, referenceScenario } from "./reference.js";
import { perSecond, timed } from "./timing.js";

const rate = REFERENCE_RATE;
const requestsPerVisit = 5;
const workers = 4;
/** ρ = λ_server · s / c = (rate · 5 / 4 servers) · s / 4 = 0.8. */
const meanService = (0.8 * workers) / ((rate * requestsPerVisit) / 4);

export function queueingScenario(visits: number): Scenario {
  return referenceScenario(visits, {
    name: "bench-queueing",
    service: {
      workers,
      serviceTime: { distribution: "exponential", mean: meanService },
      queue: 1000,
    },
    clients: { rate, requestsPerVisit, selection: "failover" },
  });
}

const gc = (globalThis as { gc?: () => void }).gc;
const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

/** Runs the queueing case at the given visit counts and prints one line each. */
export function queueingBench(sizes: readonly number[]): void {
  runScenario(queueingScenario(100_000));
  gc?.();
  const baseHeap = process.memoryUsage().heapUsed;
  console.log(
    `\nqueueing case: 4 servers × ${workers} workers, exponential service ${(meanService * 1000).toFixed(2)} ms (ρ ≈ 0.8), ${requestsPerVisit} requests per visit, failover clients`,
  );
  console.log(
    "visits        requests      seconds   requests/s     CPU s   requests/CPU-s   utilisation   heap after run (Δ)   peak RSS",
  );
  let peakRss = 0;
  for (const visits of sizes) {
    const { result: r, seconds, cpuSeconds } = timed(() => runScenario(queueingScenario(visits)));
    const heap = process.memoryUsage().heapUsed;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    gc?.();
    const requests = r.totals.requests;
    console.log(
      `${String(r.totals.visits).padEnd(12)}  ${String(requests).padEnd(12)}  ${seconds.toFixed(2).padStart(7)}   ${perSecond(requests, seconds).padStart(10)}   ${cpuSeconds.toFixed(2).padStart(6)}   ${perSecond(requests, cpuSeconds).padStart(14)}    ${(r.queueing!.totals.utilisation * 100).toFixed(1).padStart(9)}%   ${mib(heap).padStart(9)} (${mib(heap - baseHeap)})   ${mib(peakRss)}`,
    );
  }
}
