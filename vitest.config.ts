import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// The files that take longest, started first: with two workers the last file
// to start bounds the run, so a long file must not start late (vitest's own
// order on a fresh clone, as in CI, is by project name and then by file size,
// which would start the lessons' files after every e2e file). The claims'
// two files share their runs (test/claims/runs.ts), going through the lessons
// from opposite ends.
// Measured (vitest's JSON report, wall seconds under load, December 2026;
// session 42: CI's durations, and the e2e project's alone on a loaded
// machine for the files after the claims).
const LONGEST_FIRST = [
  // The fits' validations (unit project, which vitest would start last).
  "test/unit/study/fit-validation.options.test.ts",
  "test/unit/study/fit-validation.held-out.test.ts",
  // The mixture's recovery: two fits of Nelder-Mead with multiple starts (42 s in CI under load).
  "test/unit/fit/heavy.test.ts",
  // Return visits fitted with the visitors: its log, the model's runs and two fits (30 CPU-s).
  "test/unit/fit/fit-log.mixture-revisit.test.ts",
  "test/unit/study/fit-validation.test.ts",
  "test/unit/study/fit-validation.grid.test.ts",
  "test/unit/fit/recovery.test.ts",
  // Longer than the claims' files in CI (69.9 s against 48.6), and its
  // pages run side by side, so it can use a core the other worker leaves.
  "test/e2e/docs/runnable.test.ts",
  "test/claims/lesson-try.test.ts",
  "test/claims/library.test.ts",
  // The playground in Chromium (18 s alone), since session 47 beside the
  // other files; only its event-loop timing runs alone (TIMING_SENSITIVE).
  "test/e2e/playground/browser.test.ts",
  // CI, session 43 (s): 27.4, 24.7, 20.1, 17.7, 17.7, 16.3, 13.3. The two fits
  // (heavy sessions, fragments) were left to vitest's order, which on a fresh
  // clone is by file size: they could start among the last. conformance/probe
  // (26.6) stays where vitest puts it: it times its daemons' answers, and
  // beside the run's start it once missed (see LAST).
  "test/e2e/plan/ttl-decisions.test.ts",
  "test/e2e/cli/fuzz-scenarios.test.ts",
  "test/e2e/run/overrides.test.ts",
  "test/e2e/cli/output-folder.test.ts",
  "test/e2e/fit/heavy-sessions.test.ts",
  // Two fits of the mixture log from the CLI (20 CPU-s).
  "test/e2e/fit/mixture-revisit.test.ts",
  "test/unit/fit/fit-log.fragments.test.ts",
  "test/e2e/cli/step-progress.test.ts",
  // 11 CPU-s, 12 s alone; the real Slurm run beside it (CI's "sweep
  // slurm/cluster", 24.5 s) mostly waited, and now waits in slurm-setup.ts.
  "test/e2e/sweep/cluster.test.ts",
  "test/e2e/cli/written-files.test.ts",
  "test/e2e/cli/help-examples.test.ts",
];

// A file that only reads what a globalSetup started at the beginning of the run
// (the Slurm sweep, 25 s of waiting for its scheduler): started last, its
// results are ready. (The daemons' probes were moved so too, and reverted:
// they time the answers, and beside the run's start-up they missed 0.5 s.)
const LAST = ["test/e2e/sweep/slurm.test.ts"];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number => {
      if (LAST.some((path) => f.moduleId.endsWith(path))) return LONGEST_FIRST.length + 1;
      const i = LONGEST_FIRST.findIndex((path) => f.moduleId.endsWith(path));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    const group = (f: TestSpecification): number => f.project.config.sequence.groupOrder;
    // Stable: within a rank, vitest's own order (durations of the last run, when known).
    return (await super.sort(files)).sort((a, b) => group(a) - group(b) || rank(a) - rank(b));
  }
}

// Tests that time real daemons or a browser's event loop (the playground's
// other browser tests run with the rest: browser.test.ts): they run after
// everything else, on their own, so the simulation-heavy files do not skew
// the timings they measure (two cores). Given a saved harness run (CI runs
// the harnesses before `npm test` and names their files in these variables),
// the conformance tests only judge its JSON: nothing is timed, so they run
// with the rest instead of adding to the serial tail.
const TIMING_SENSITIVE = [
  ...(process.env.RRDNS_CONFORMANCE_RUN ? [] : ["test/conformance/daemons.test.ts"]),
  ...(process.env.RRDNS_CLIENT_CONFORMANCE_RUN ? [] : ["test/conformance/clients.test.ts"]),
  "test/e2e/playground/browser.responsive.test.ts",
];

// Only tests that run the built CLI (or its worker files) need dist/: their
// projects build it once, and only when a source is newer than the last build
// (test/build-dist.ts). Unit tests run on the TypeScript sources, which
// vitest transforms itself, so `npx vitest run test/unit/engine` takes seconds.
const BUILD_DIST = ["test/build-dist.ts"];
// A folder for results that test files of one run share (test/run-cache.ts):
// creating it costs nothing, so every project has it.
const RUN_CACHE = "test/run-cache-setup.ts";
// The Slurm sweep: started when the run starts, in its project's globalSetup (see the file).
const SLURM = "test/e2e/sweep/slurm.test.ts";
const KINDS = ["test/unit/**", "test/architecture/**", "test/e2e/**", "test/conformance/**", "test/claims/**"];

export default defineConfig({
  test: {
    // One fast-check seed for every property test (FC_SEED overrides it): see the file.
    setupFiles: ["test/fast-check-seed.ts"],
    // Generous: the heavy files (fits, fuzzing, tutorials) take minutes when two cores are shared.
    testTimeout: 300_000,
    hookTimeout: 180_000,
    // Two cores: keep workers few so simulation-heavy files do not starve each other.
    maxWorkers: 2,
    // The built CLI (dist/) is imported by Node itself, not transformed by
    // vitest: test/cli-helpers.ts's in-process runner runs the very files a
    // process would, and they load at Node's speed.
    server: { deps: { external: [/\/dist\//] } },
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          // test/unit mirrors src/; the architecture test reads src/ as text.
          name: "unit",
          globalSetup: [RUN_CACHE],
          // The unit tests share a worker's modules instead of loading them again
          // for each file (they use no mocks or stubs; the whole project passes
          // so): 68.0 → 25.9 CPU-s on 59 of its files (December 2026).
          isolate: false,
          include: ["test/unit/**/*.test.ts", "test/architecture/**/*.test.ts"],
          exclude: TIMING_SENSITIVE,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // The built CLI, one folder per command, and the conformance harness.
          name: "e2e",
          // As the unit project: a worker's files share its modules (the built
          // CLI that rrdnsInProcess imports, vitest's runtime) instead of a fresh
          // fork per file. rrdnsInProcess restores cwd, env, exit code, streams
          // and process listeners after each call; no file mocks, stubs or sets
          // globals. 43 of its files (all but the 7 longest): 204.8 → 161.2
          // CPU-s (December 2026), passing in vitest's order and with the files
          // shuffled. Forks, not threads: process.chdir (rrdnsInProcess) is not
          // allowed in a worker thread.
          isolate: false,
          globalSetup: [RUN_CACHE, ...BUILD_DIST],
          include: ["test/e2e/**/*.test.ts", "test/conformance/**/*.test.ts"],
          exclude: [...TIMING_SENSITIVE, SLURM],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // `rrdns sweep --slurm` on a real single-node cluster: its own
          // project so that the cluster and the sweep (test/e2e/sweep/slurm-setup.ts,
          // after the build: the jobs run the built CLI) start only in a run that
          // includes the file.
          name: "slurm",
          globalSetup: [RUN_CACHE, ...BUILD_DIST, "test/e2e/sweep/slurm-setup.ts"],
          include: [SLURM],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // The lessons: every bundled scenario's claims.
          name: "claims",
          globalSetup: [RUN_CACHE, ...BUILD_DIST],
          include: ["test/claims/**/*.test.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // A test file outside the three kinds still runs (with dist/ built,
          // in case it drives the CLI) until it is moved to its kind.
          name: "other",
          globalSetup: [RUN_CACHE, ...BUILD_DIST],
          include: ["test/**/*.test.ts"],
          exclude: [...KINDS, ...TIMING_SENSITIVE],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "timing",
          globalSetup: [RUN_CACHE, ...BUILD_DIST],
          include: TIMING_SENSITIVE,
          sequence: { groupOrder: 1 },
          fileParallelism: false,
        },
      },
    ],
  },
});
