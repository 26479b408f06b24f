import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../cli-helpers.js";

/*
 * The sweep layer's shape (issue 9): planning, execution and statistics in
 * src/sweep behind one index, with no file access; presentation in
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

describe("sweep layout", () => {
  it("other layers import sweep only through src/sweep/index.ts (but the CLI's start-up leaves)", () => {
    // Flag parsers that run while the program is built, before any command
    // loads the layer (test/architecture's STARTUP_LEAVES): pure, import-free.
    const startupLeaves = /\/sweep\/(cluster|shard)\.js$/;
    const offenders = files(SRC)
      .filter((f) => !f.startsWith(join(SRC, "sweep")))
      .flatMap((f) =>
        imports(f)
          .filter((m) => /\/sweep\/(?!index\.js$)[^/]+\.js$/.test(m) && !m.includes("report/sweep"))
          .filter((m) => !(f.includes("/cli/") && startupLeaves.test(m)))
          .filter((m) => !(f.includes("/report/") && m.startsWith("./")))
          .map((m) => `${relative(ROOT, f)} imports ${m}`),
      );
    expect(offenders).toEqual([]);
  });

  it("src/sweep touches no file and no Node module but the worker pool", () => {
    for (const f of files(join(SRC, "sweep"))) {
      const node = imports(f).filter((m) => m.startsWith("node:"));
      expect(node, relative(ROOT, f)).toEqual([]);
    }
  });

  it("sweep presentation imports neither sweep nor run state", () => {
    for (const f of files(join(SRC, "report", "sweep"))) {
      for (const m of imports(f))
        expect(m, relative(ROOT, f)).not.toMatch(/\.\.\/\.\.\/(sweep|run)\//);
    }
  });

  it("src/sweep is about a dozen files, and the capacity planner's few more", () => {
    // 13 for grids, tasks, execution and the TTL advisor; the capacity planner
    // adds its run summary, cause, alternatives, worker and sequential stopping.
    expect(files(join(SRC, "sweep")).length).toBeLessThanOrEqual(18);
  });
});
