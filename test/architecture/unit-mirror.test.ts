import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli-helpers.js";

/*
 * test/unit/ mirrors src/ file for file (docs/architecture.md, "Tests"): the
 * tests of src/a/b.ts are test/unit/a/b.test.ts, and where they are long,
 * also test/unit/a/b.<aspect>.test.ts beside it (b.timing.test.ts,
 * b.conservation.test.ts). Tests that drive the whole model through one entry
 * (conservation, closed forms across the model, determinism) are that
 * entry's: test/unit/run/run-scenario.<aspect>.test.ts.
 *
 * So a src file moved without its tests fails here, and so does a new src
 * file with logic and no test. The two lists below may only shrink.
 *
 * `MIRROR_REPORT=1 npx vitest run test/architecture/unit-mirror.test.ts`
 * prints every src file with logic and its tests.
 */

const SRC = join(ROOT, "src");
const UNIT = join(ROOT, "test/unit");

/**
 * Test files not (yet) at a mirrored path: the topic tests of what other work
 * moves (the log reading of model/trace, the sweep, the fit). Remove a line
 * when its file moves to its mirrored path; never add one (a file moved
 * elsewhere keeps its line under its new path).
 */
const UNMIRRORED_TESTS: readonly string[] = [
  "fit/empirical-duration.test.ts",
  "fit/goodness.test.ts",
  "fit/recovery.test.ts",
  "fit/report.test.ts",
  "fit/steady-start.test.ts",
  "fit/zipf-rate.test.ts",
  "model/log-input-bounds.test.ts",
  "model/trace-client-cache.test.ts",
  "model/trace-replications.test.ts",
  "study/censored-charts.test.ts",
  "study/coverage.test.ts",
  "study/layout.test.ts",
  "study/monotone.test.ts",
  "study/pool-metrics.test.ts",
  "study/presentation.test.ts",
  "study/stats.test.ts",
  "study/t-table.test.ts",
];

/**
 * src files with logic and no test at their mirrored path yet. Remove a line
 * when the file gets its test (test/unit/<same path>.test.ts); never add one:
 * a new file with logic comes with its test (a file moved keeps its line
 * under its new path).
 */
const UNTESTED: readonly string[] = [
  "bench/baseline-loop.ts",
  "bench/bench.ts",
  "bench/pool-bench.ts",
  "bench/queueing-bench.ts",
  "bench/reference.ts",
  "bench/startup-bench.ts",
  "bench/sweep-bench.ts",
  "bench/trace-bench.ts",
  "cli/client-conformance/authority.ts",
  "cli/client-conformance/external.ts",
  "cli/client-conformance/harness.ts",
  "cli/client-conformance/main.ts",
  "cli/client-conformance/namespace-runner.ts",
  "cli/client-conformance/namespace.ts",
  "cli/client-conformance/node-clients.ts",
  "cli/closed-stdout.ts",
  "cli/commands/completion.ts",
  "cli/commands/list.ts",
  "cli/commands/logs.ts",
  "cli/commands/merge.ts",
  "cli/commands/plan.ts",
  "cli/commands/presets.ts",
  "cli/commands/probe.ts",
  "cli/commands/report.ts",
  "cli/commands/reports-all.ts",
  "cli/commands/run.ts",
  "cli/commands/schema.ts",
  "cli/commands/sweep.ts",
  "cli/commands/ttl.ts",
  "cli/commands/validate.ts",
  "cli/completion/bash.ts",
  "cli/completion/fish.ts",
  "cli/completion/spec.ts",
  "cli/conformance/daemons.ts",
  "cli/conformance/harness.ts",
  "cli/conformance/main.ts",
  "cli/conformance/run-cli.ts",
  "cli/conformance/udp-client.ts",
  "cli/conformance/upstream-gate.ts",
  "cli/docs/pages.ts",
  "cli/files.ts",
  "cli/help-examples.ts",
  "cli/load-scenario-file.ts",
  "cli/main.ts",
  "cli/options.ts",
  "cli/output/check-folder.ts",
  "cli/output/exclusive-file.ts",
  "cli/output/lock.ts",
  "cli/output/manifest.ts",
  "cli/output/write-error.ts",
  "cli/output/write-file.ts",
  "cli/output/write-folder.ts",
  "cli/override-folder.ts",
  "cli/playground-build.ts",
  "cli/printable.ts",
  "cli/progress.ts",
  "cli/report-files.ts",
  "cli/schema-table.ts",
  "cli/sweep-cluster.ts",
  "cli/sweep-io.ts",
  "cli/usage-errors.ts",
  "cli/warnings.ts",
  "cli/worker-pool.ts",
  "cli/wrote.ts",
  "conformance/client-expectations.ts",
  "conformance/compare.ts",
  "conformance/dns-wire.ts",
  "conformance/fetch-order.ts",
  "conformance/known-deviations.ts",
  "conformance/measure-preset.ts",
  "conformance/order-pattern.ts",
  "conformance/paced-outage.ts",
  "conformance/probe-report.ts",
  "conformance/query-log.ts",
  "conformance/simulated.ts",
  "conformance/stats.ts",
  "conformance/table.ts",
  "fit/class-entry.ts",
  "fit/optimize.ts",
  "fit/rate.ts",
  "fit/sample.ts",
  "fit/scenario-writer.ts",
  "fit/zipf.ts",
  "logs/iso-time.ts",
  "logs/reader.ts",
  "metrics/connection-stats.ts",
  "metrics/content-stats.ts",
  "metrics/replications-schema.ts",
  "metrics/results-bounds.ts",
  "metrics/summarize-queueing.ts",
  "model/authority-contact.ts",
  "model/client-population.ts",
  "model/content/replay-extras.ts",
  "model/lookup-setup.ts",
  "model/resolution.ts",
  "model/trace/session-tracker.ts",
  "model/visits/burst-slots.ts",
  "model/visits/bursts-instant.ts",
  "model/visits/context.ts",
  "model/visits/drivers.ts",
  "model/visits/slot-pool.ts",
  "model/world.ts",
  "playground/browser/page.ts",
  "playground/hash.ts",
  "playground/html.ts",
  "playground/lessons.ts",
  "playground/refusals.ts",
  "report/fit/charts.ts",
  "report/fit/page.ts",
  "report/html/document-head.ts",
  "report/html/escape.ts",
  "report/html/headline.ts",
  "report/html/lesson.ts",
  "report/html/picture.ts",
  "report/html/replications.ts",
  "report/html/session-content.ts",
  "report/render/browser-runtime.ts",
  "report/render/fonts.ts",
  "report/session-content-text.ts",
  "report/specs/authoritative.ts",
  "report/specs/balance.ts",
  "report/specs/content.ts",
  "report/specs/failures.ts",
  "report/specs/format.ts",
  "report/specs/fragmentation.ts",
  "report/specs/hit-ratio.ts",
  "report/specs/layers.ts",
  "report/specs/resize.ts",
  "report/specs/served.ts",
  "report/specs/shares.ts",
  "report/specs/sweep-axis.ts",
  "report/specs/sweep-metric.ts",
  "report/specs/sweep-ttl.ts",
  "report/specs/theme.ts",
  "report/specs/time.ts",
  "report/sweep/advisor-text.ts",
  "report/sweep/capacity-plan-csv.ts",
  "report/sweep/capacity-plan-text.ts",
  "report/sweep/charts.ts",
  "report/sweep/csv.ts",
  "report/sweep/format.ts",
  "report/sweep/html.ts",
  "report/sweep/pages.ts",
  "report/sweep/replicate-text.ts",
  "report/sweep/sweep-text.ts",
  "report/terminal-text.ts",
  "report/text-width.ts",
  "report/timeseries-csv.ts",
  "run/replicate.ts",
  "run/resolver-order.ts",
  "run/seeds.ts",
  "scenario/connections-check.ts",
  "scenario/connections-schema.ts",
  "scenario/content-check.ts",
  "scenario/cross-check.ts",
  "scenario/errors.ts",
  "scenario/json-schema.ts",
  "scenario/lesson-check.ts",
  "scenario/overrides/field-path.ts",
  "scenario/overrides/set-flag.ts",
  "scenario/overrides/value-list.ts",
  "scenario/schema-fields.ts",
  "scenario/schema.ts",
  "scenario/service-check.ts",
  "scenario/session-pre-roll.ts",
  "scenario/validate.ts",
  "study/capacity-plan.ts",
  "study/cluster.ts",
  "study/output.ts",
  "study/pareto.ts",
  "study/plan-alternatives.ts",
  "study/plan-id.ts",
  "study/plan-run.ts",
  "study/plan-worker.ts",
  "study/sequential.ts",
  "study/shard.ts",
  "study/simulate-with-logs.ts",
  "study/simulate.ts",
];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const posix = (from: string, path: string): string => relative(from, path).split("\\").join("/");

/**
 * Whether a file has logic: a function, method, constructor, accessor or
 * arrow with a body. Re-export indexes, type files and tables of constants
 * have none.
 */
function hasLogic(text: string, path: string): boolean {
  const ast = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      (ts.isFunctionDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isConstructorDeclaration(node) ||
        ts.isGetAccessorDeclaration(node) ||
        ts.isSetAccessorDeclaration(node) ||
        ts.isFunctionExpression(node) ||
        ts.isArrowFunction(node)) &&
      node.body !== undefined
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return found;
}

/** src files (relative to src/), each with whether it has logic. */
const sources = walk(SRC)
  .filter((p) => p.endsWith(".ts"))
  .map((full) => {
    const path = posix(SRC, full);
    return { path, logic: hasLogic(readFileSync(full, "utf8"), path) };
  })
  .sort((a, b) => a.path.localeCompare(b.path));
const sourceSet = new Set(sources.map((s) => s.path));

/** Test files under test/unit (relative to it). */
const tests = walk(UNIT)
  .map((full) => posix(UNIT, full))
  .filter((p) => p.endsWith(".test.ts"))
  .sort();

/**
 * The src file a test file mirrors: a/b.test.ts and a/b.<aspect>.test.ts
 * test src/a/b.ts. A test of a test helper beside it (engine/chi-square.ts)
 * tests that helper instead. Undefined if there is neither.
 */
function mirrored(test: string): string | undefined {
  const dir = test.includes("/") ? test.slice(0, test.lastIndexOf("/") + 1) : "";
  const name = test.slice(dir.length, -".test.ts".length);
  const base = name.split(".")[0]!;
  if (sourceSet.has(`${dir}${base}.ts`)) return `src/${dir}${base}.ts`;
  if (existsSync(join(UNIT, `${dir}${base}.ts`))) return `test/unit/${dir}${base}.ts`;
  return undefined;
}

/** For each src file, the test files that mirror it. */
const testsOf = new Map<string, string[]>();
for (const test of tests) {
  const source = mirrored(test);
  if (source?.startsWith("src/")) {
    const key = source.slice("src/".length);
    testsOf.set(key, [...(testsOf.get(key) ?? []), test]);
  }
}

describe("test/unit mirrors src", () => {
  if (process.env.MIRROR_REPORT) {
    const logic = sources.filter((s) => s.logic);
    const lines = logic.map(
      (s) => `${(testsOf.get(s.path) ?? []).length > 0 ? "yes" : " no"}  src/${s.path}`,
    );
    const covered = logic.filter((s) => testsOf.has(s.path)).length;
    console.log(
      `${lines.join("\n")}\n${covered} of ${logic.length} src files with logic have a mirrored test`,
    );
  }

  it("every test file tests the src file at its path (or a test helper beside it)", () => {
    const stray = tests.filter((t) => mirrored(t) === undefined && !UNMIRRORED_TESTS.includes(t));
    expect(
      stray,
      "test/unit/a/b[.aspect].test.ts tests src/a/b.ts: move the test with its src file",
    ).toEqual([]);
  });

  it("the list of unmirrored test files only shrinks", () => {
    const stale = UNMIRRORED_TESTS.filter((t) => !tests.includes(t) || mirrored(t) !== undefined);
    expect(stale, "these moved (or were removed): take them off UNMIRRORED_TESTS").toEqual([]);
    // A ceiling, lowered as the list shrinks: adding a line (not only a stale one) fails.
    expect(UNMIRRORED_TESTS.length).toBeLessThanOrEqual(17);
  });

  it("every src file with logic has a mirrored test", () => {
    const missing = sources
      .filter((s) => s.logic && !testsOf.has(s.path) && !UNTESTED.includes(s.path))
      .map((s) => s.path);
    expect(missing, "a src file with logic needs test/unit/<its path>.test.ts").toEqual([]);
  });

  it("the list of untested src files only shrinks", () => {
    const stale = UNTESTED.filter(
      (p) => !sourceSet.has(p) || testsOf.has(p) || !sources.find((s) => s.path === p)!.logic,
    );
    expect(
      stale,
      "these have a test now (or moved, or lost their logic): take them off UNTESTED",
    ).toEqual([]);
    expect(UNTESTED.length).toBeLessThanOrEqual(180);
  });

  it("the lists are sorted, so additions and removals read clearly", () => {
    expect([...UNMIRRORED_TESTS].sort()).toEqual(UNMIRRORED_TESTS);
    expect([...UNTESTED].sort()).toEqual(UNTESTED);
  });
});
