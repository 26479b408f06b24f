import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../cli-helpers.js";

/*
 * The study layer's shape (issues 9, 26): planning, execution and statistics in
 * src/study behind one index, with no file access; presentation in
 * src/report/sweep, which sees plain data only.
 */

const SRC = join(ROOT, "src");
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
const imports = (path: string): string[] =>
  [...readFileSync(path, "utf8").matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]!);

describe("study layout", () => {
  it("other layers import study only through src/study/index.ts (but the CLI's start-up leaves)", () => {
    // Flag parsers that run while the program is built, before any command
    // loads the layer (test/architecture's STARTUP_LEAVES): pure, import-free.
    const startupLeaves = /\/study\/(cluster|shard)\.js$/;
    const offenders = files(SRC)
      .filter((f) => !f.startsWith(join(SRC, "study")))
      .flatMap((f) =>
        imports(f)
          .filter((m) => /\/study\/(?!index\.js$)[^/]+\.js$/.test(m))
          .filter((m) => !(f.includes("/cli/") && startupLeaves.test(m)))
          .filter((m) => !(f.includes("/report/") && m.startsWith("./")))
          .map((m) => `${relative(ROOT, f)} imports ${m}`),
      );
    expect(offenders).toEqual([]);
  });

  it("src/study touches no file, no Node module and no thread pool (src/cli/worker-pool.ts)", () => {
    for (const f of files(join(SRC, "study"))) {
      const node = imports(f).filter((m) => m.startsWith("node:") || m === "piscina");
      expect(node, relative(ROOT, f)).toEqual([]);
    }
  });

  it("sweep presentation imports neither sweep nor run state", () => {
    for (const f of files(join(SRC, "report", "sweep"))) {
      for (const m of imports(f))
        expect(m, relative(ROOT, f)).not.toMatch(/\.\.\/\.\.\/(study|run)\//);
    }
  });

  it("src/study is about two dozen files: the sweep's dozen, the capacity planner's few more, the workflows", () => {
    // 13 for grids, tasks, execution and the TTL advisor; the capacity planner
    // adds its run summary, cause, alternatives, worker and sequential stopping;
    // issue 26 adds the workflows the CLI calls (fit validation, sweep, ttl, plan, run).
    expect(files(join(SRC, "study")).length).toBeLessThanOrEqual(26);
  });
});
