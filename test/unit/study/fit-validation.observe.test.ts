import { describe, expect, it } from "vitest";
import { type ValidateOptions, validate } from "./fit-validation-helpers.js";

/** The rows these tests read: the frozen caches' max/mean (and window60's spill note). */
const windows = (extensions: boolean, parts: ValidateOptions["parts"]) =>
  validate({ extensions, observe: false, parts });

/*
 * Without the observation windows (--no-observe) the 60 s row misses; the
 * static-extension rule makes bursts too long (fit-validation-helpers.ts). Moved
 * from validation.test.ts.
 */
// Each case fits and replays the shared log several times: about a minute on an idle
// 2-core machine, several when other test files share the cores.
describe("validation: without the observation windows, and with the static-extension rule", {
  timeout: 400_000,
}, () => {
  it("without them (--no-observe) the 60 s row misses: fitted sessions carry on past the sampled minute", async () => {
    const v = await windows(false, ["window60", "window300"]);
    const row = (prefix: string) => v.rows.find((r) => r.metric.startsWith(prefix))!;
    const w60 = row("frozen caches: mean per-window max/mean, 60 s");
    expect(w60.pass).toBe(false);
    expect(w60.fitted).toBeGreaterThan(w60.trace * 1.1);
    expect(row("frozen caches: mean per-window max/mean, 300 s").pass).toBe(true);
    expect(v.notes.join(" ")).toMatch(
      /% of the fitted workload's requests fall in windows where the log has none/,
    );
  });

  it("the static-extension rule (off by default) makes bursts too long: without the windows the 300 s max/mean overshoots with it", async () => {
    const row = (v: Awaited<ReturnType<typeof validate>>) =>
      v.rows.find((x) => x.metric.startsWith("frozen caches: mean per-window max/mean, 300 s"))!;
    const r = row(await windows(true, ["window300"]));
    // The first test's validation (shared).
    const plain = row(await windows(false, ["window60", "window300"]));
    // Measured 1.743 ± 0.011 against the log's 1.588 (+9.8%), and 1.568 ± 0.007 (−1.2%)
    // without the rule. (With its object gaps clipped at the largest seen it was a
    // miss, over +10%; truncated, the long gaps are fewer.)
    expect(r.fitted).toBeGreaterThan(r.trace * 1.05);
    expect(r.fitted - plain.fitted).toBeGreaterThan(
      4 * Math.hypot(r.standardError, plain.standardError),
    );
    expect(Math.abs(plain.fitted - plain.trace)).toBeLessThan(Math.abs(r.fitted - r.trace) / 3);
  });
});
