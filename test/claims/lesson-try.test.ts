import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { lessonMetricValue } from "../../src/metrics/index.js";
import { timeSeriesCsv } from "../../src/report/index.js";
import { applyLessonChange } from "../../src/scenario/index.js";
import { ROOT } from "../cli-helpers.js";
import { bundled, sharedRun } from "./runs.js";

/**
 * Every lesson's "try this" list is true: each change, applied as the
 * playground's button and `rrdns run --set` apply it, moves the number it
 * watches the way its "look" text says, by at least MIN_MOVE of the lesson's
 * own value (or away from zero). The runs use common random numbers (the
 * same seed), so a move this size is the change's, not sampling noise: the
 * smallest watched move in the library is 8% (nt-cname-vs-a's ping clients).
 */
const MIN_MOVE = 0.05;

/** Bundled scenarios the playground offers: every one that does not replay a trace file. */
const playgroundLessons = readdirSync(join(ROOT, "scenarios"))
  .filter((f) => f.endsWith(".yaml"))
  .filter((f) => !/^\s+trace:/m.test(readFileSync(join(ROOT, "scenarios", f), "utf8")))
  .map((f) => basename(f, ".yaml"))
  .sort();

/** Whether `after` moved from `before` the way `goes` says, by at least MIN_MOVE. */
function movedAsSaid(before: number, after: number, goes: "up" | "down"): boolean {
  const step = Math.max(Math.abs(before) * MIN_MOVE, Number.EPSILON);
  return goes === "up" ? after >= before + step : after <= before - step;
}

describe("lesson 'try this' lists: each change moves what it says to look at", () => {
  it("every lesson in the playground has a plain claim and two to four changes to try", () => {
    for (const name of playgroundLessons) {
      const lesson = bundled(name).lesson;
      expect(lesson, `${name} has no lesson field`).toBeDefined();
      expect(lesson!.try.length, name).toBeGreaterThanOrEqual(2);
      // Plain language: no field paths (dns.ttl, clients.selection) in the claim or the looks.
      for (const text of [lesson!.claim, ...lesson!.try.map((t) => t.look)])
        expect(text, name).not.toMatch(/\b[a-z]+\.[a-z][A-Za-z]+\b/);
    }
  });

  it("movedAsSaid needs the direction and a real move", () => {
    expect(movedAsSaid(100, 120, "up")).toBe(true);
    expect(movedAsSaid(100, 120, "down")).toBe(false);
    expect(movedAsSaid(100, 102, "up")).toBe(false);
    expect(movedAsSaid(0, 3, "up")).toBe(true);
    expect(movedAsSaid(34_000, 0, "down")).toBe(true);
  });

  // The runs are shared (runs.ts): the lesson's own run, and a change a library claim makes
  // too, run once per test run. Last lesson first: library.test.ts goes through the same
  // scenarios from the first, so the two files seldom wait for each other's run (a file
  // that waits holds a worker). The config's test timeout (300 s) allows for a wait.
  for (const name of [...playgroundLessons].reverse()) {
    it(`${name}: every change moves its number as its look says`, async () => {
      const s = bundled(name);
      const base = await sharedRun(s);
      // The lesson's committed report holds this very run: results.json and timeseries.csv as
      // `rrdns run NAME` writes them (src/cli/report-files.ts), byte for byte. So the fast paths
      // (scenarios without capacity) and every change since the last regeneration leave the
      // committed numbers alone. (Moved here from the package test, which now runs through the
      // CLI only the lessons that replay a trace, and from fast-path-unchanged.test.ts.)
      const committed = (file: string) => readFileSync(join(ROOT, "reports", name, file), "utf8");
      const json = `${JSON.stringify(base, null, 2)}\n`;
      expect(json === committed("results.json"), `${name}: reports/${name}/results.json`).toBe(
        true,
      );
      expect(timeSeriesCsv(base) === committed("timeseries.csv"), `${name}: timeseries.csv`).toBe(
        true,
      );
      for (const t of s.lesson?.try ?? []) {
        const changed = applyLessonChange(s, t.change);
        expect(changed.ok, `${name} ${JSON.stringify(t.change)}`).toBe(true);
        if (!changed.ok) continue;
        const r = await sharedRun(changed.scenario);
        const before = lessonMetricValue(base, t.watch.metric);
        const after = lessonMetricValue(r, t.watch.metric);
        const what = `${name} ${JSON.stringify(t.change)}: ${t.watch.metric} ${before} -> ${after}, said ${t.watch.goes}`;
        expect(before, what).not.toBeNull();
        expect(after, what).not.toBeNull();
        expect(movedAsSaid(before!, after!, t.watch.goes), what).toBe(true);
      }
    });
  }
});
