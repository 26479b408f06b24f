/**
 * Sweep throughput: grid points × replications finished per minute, in this
 * thread and on 1 and 2 worker threads, and the speed-up of 2 workers over
 * 1. The workload is the bundled default scenario (4 servers, 1000 resolvers,
 * half rotating, half frozen, a failure) swept over four TTLs.
 *
 *   node dist/bench/sweep-bench.js [replications=4] [duration=3600]
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { poolExecutor } from "../cli/worker-pool.js";
import { loadScenario } from "../scenario/index.js";
import {
  type Executor,
  expandGrid,
  inProcessExecutor,
  parseSetFlag,
  runTasks,
  type SweepPlan,
  type SweepTask,
  sweepTasks,
  type TaskRecord,
} from "../study/index.js";

const replications = Number(process.argv[2] ?? 4);
const duration = Number(process.argv[3] ?? 3600);
const path = fileURLToPath(new URL("../../scenarios/default.yaml", import.meta.url));
const scenario = loadScenario(readFileSync(path, "utf8"), path);
const plan: SweepPlan = {
  command: "sweep",
  version: "bench",
  scenario,
  parameters: [parseSetFlag("dns.ttl=30,300,3600,86400")],
  replications,
  seed: 1,
  duration,
};
const points = expandGrid(plan);
const tasks = [...sweepTasks(plan)];
const inputOf = (t: SweepTask) => ({ scenario: points[t.point]!.scenario, seed: t.seed });

async function measure(
  label: string,
  make: () => Executor,
): Promise<{ label: string; seconds: number; records: TaskRecord[] }> {
  const executor = make();
  try {
    // Thread start-up and JIT warm-up are paid once per sweep in real use too, but not per task:
    // one warm-up task per worker keeps them out of the steady-state rate.
    await Promise.all(
      Array.from({ length: executor.concurrency }, () =>
        executor.run(inputOf(tasks[0]!), new AbortController().signal),
      ),
    );
    const start = performance.now();
    const { records } = await runTasks(tasks, inputOf, executor);
    return { label, seconds: (performance.now() - start) / 1000, records };
  } finally {
    await executor.close();
  }
}

console.log(
  `rrdns sweep bench · node ${process.version} · ${availableParallelism()} cores · default scenario, ${points.length} TTLs × ${replications} replications = ${tasks.length} runs of ${duration} s`,
);
const runs = [
  await measure("in-process", inProcessExecutor),
  await measure("1 worker", () => poolExecutor(1)),
  await measure("2 workers", () => poolExecutor(2)),
];
const reference = JSON.stringify(runs[0]!.records);
for (const r of runs) {
  if (JSON.stringify(r.records) !== reference) throw new Error(`${r.label}: results differ`);
  const perMinute = (tasks.length / r.seconds) * 60;
  console.log(
    `${r.label.padEnd(11)} ${r.seconds.toFixed(2).padStart(7)} s   ${perMinute.toFixed(0).padStart(6)} runs/min`,
  );
}
const speedUp = runs[1]!.seconds / runs[2]!.seconds;
console.log(`speed-up, 2 workers over 1: ${speedUp.toFixed(2)}× (results identical)`);
