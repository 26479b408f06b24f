import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { poolExecutor } from "../../../src/cli/worker-pool.js";
import type { MetricValues } from "../../../src/run/index.js";
import { type Scenario, UserError } from "../../../src/scenario/index.js";
import {
  type Executor,
  expandGrid,
  inProcessExecutor,
  parseSetFlag,
  runTasks,
  type SweepPlan,
  sweepTasks,
} from "../../../src/study/index.js";
import { VERSION } from "../../../src/version.js";
import { ROOT } from "../../cli-helpers.js";
import { failing } from "../../unit/study/fixtures.js";

const WORKER = new URL("../../../dist/study/execute.js", import.meta.url);

const plan: SweepPlan = {
  command: "sweep",
  version: VERSION,
  scenario: { ...failing, duration: 900 },
  parameters: [parseSetFlag("dns.ttl=10,120"), parseSetFlag("resolvers.behaviour=rotate,frozen")],
  replications: 3,
  seed: 5,
  duration: null,
};
const points = expandGrid(plan);
const inputOf = (t: { point: number; seed: number }) => ({
  scenario: points[t.point]!.scenario,
  seed: t.seed,
});

describe("parallel sweeps", () => {
  beforeAll(() => {
    // test/build-dist.ts builds dist/; build here too when this file runs on its own.
    if (!existsSync(WORKER)) {
      execFileSync(
        process.execPath,
        ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"],
        { cwd: ROOT },
      );
    }
  });

  it("2 worker threads give exactly the single-threaded results", async () => {
    const tasks = [...sweepTasks(plan)];
    const single = await runTasks(tasks, inputOf, inProcessExecutor());
    const pool = poolExecutor(2, WORKER);
    try {
      const parallel = await runTasks(tasks, inputOf, pool);
      expect(parallel.interrupted).toBe(false);
      expect(parallel.records).toEqual(single.records);
      expect(JSON.stringify(parallel.records)).toBe(JSON.stringify(single.records));
    } finally {
      await pool.close();
    }
  });

  it("a user error in a worker thread comes back as a UserError (exit 2), not a crashed pool", async () => {
    // Any run that refuses its scenario: here one that asks for a trace, which workers never read.
    const trace = { file: "day.log" } as unknown as NonNullable<Scenario["clients"]["trace"]>;
    const scenario: Scenario = { ...failing, clients: { ...failing.clients, trace } };
    const pool = poolExecutor(1, WORKER);
    try {
      const run = pool.run({ scenario, seed: 1 }, new AbortController().signal);
      await expect(run).rejects.toBeInstanceOf(UserError);
      await expect(run).rejects.toThrow(/^clients\.trace: /);
      // The pool survives it.
      const ok = await pool.run(
        { scenario: points[0]!.scenario, seed: 1 },
        new AbortController().signal,
      );
      expect(ok).toEqual(
        await inProcessExecutor().run(
          { scenario: points[0]!.scenario, seed: 1 },
          new AbortController().signal,
        ),
      );
    } finally {
      await pool.close();
    }
  });

  it("an abort stops handing out tasks and keeps what finished", async () => {
    const tasks = [...sweepTasks(plan)];
    const controller = new AbortController();
    let calls = 0;
    const inner = inProcessExecutor();
    const counting: Executor = {
      concurrency: 1,
      run: (input, signal) => {
        calls++;
        if (calls === 4) controller.abort(new Error("stop"));
        return inner.run(input, signal);
      },
      close: inner.close,
    };
    const seen: number[] = [];
    const result = await runTasks(tasks, inputOf, counting, {
      signal: controller.signal,
      onRecord: (r) => seen.push(r.task),
    });
    expect(result.interrupted).toBe(true);
    expect(result.records.map((r) => r.task)).toEqual(seen);
    expect(seen).toEqual([0, 1, 2]);
  });

  it("a failing task fails the whole run", async () => {
    const broken: Executor = {
      concurrency: 2,
      run: async (): Promise<MetricValues> => {
        throw new Error("boom");
      },
      close: async () => {},
    };
    await expect(runTasks(sweepTasks(plan), inputOf, broken)).rejects.toThrow("boom");
  });
});
