import { defineConfig } from "vitest/config";

// Tests that time real daemons or a browser's event loop: they run after
// everything else, on their own, so the simulation-heavy files do not skew
// the timings they measure (two cores).
const TIMING_SENSITIVE = ["test/conformance/daemons.test.ts", "test/playground/browser.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    // One fast-check seed for every property test (FC_SEED overrides it): see the file.
    setupFiles: ["test/fast-check-seed.ts"],
    // Generous: the heavy files (fits, fuzzing, tutorials) take minutes when two cores are shared.
    testTimeout: 300_000,
    hookTimeout: 180_000,
    // Two cores: keep workers few so simulation-heavy files do not starve each other.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "main",
          include: ["test/**/*.test.ts"],
          exclude: TIMING_SENSITIVE,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "timing",
          include: TIMING_SENSITIVE,
          sequence: { groupOrder: 1 },
          fileParallelism: false,
        },
      },
    ],
  },
});
