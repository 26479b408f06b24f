import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { rrdnsInProcess } from "../../cli-helpers.js";
import { clfLine, rng, T0 } from "../../unit/fit/helpers.js";
import { runFitted } from "./run-fitted.js";

/**
 * A log sampled one minute an hour whose sessions come in two kinds: most
 * fetch a page with no or one image several seconds apart, one in five
 * fetches pages of about ten images a second apart (the unit test
 * test/unit/fit/heavy.test.ts checks the fit's numbers; this one the flags).
 */
function mixedLog(): string {
  const u = rng("heavy-sessions-e2e");
  const lines: { t: number; line: string }[] = [];
  let id = 0;
  for (let w = 0; w < 30; w++) {
    const open = T0 + w * 3600;
    for (let s = 0; s < 12; s++) {
      const host = `10.4.${id >> 8}.${id & 255}`;
      id++;
      const heavy = u() < 0.2;
      let t = open + Math.floor(u() * 40);
      for (let p = 0; p < 2 && t < open + 60; p++) {
        lines.push({ t, line: clfLine(host, t, `/page${p}.html`) });
        const objects = heavy ? 8 + Math.floor(u() * 5) : Math.floor(u() * 2);
        for (let o = 0; o < objects; o++) {
          t += heavy ? 1 : 3 + Math.floor(u() * 3);
          if (t >= open + 60) break;
          lines.push({ t, line: clfLine(host, t, `/o${o}.png`, `http://site/page${p}.html`) });
        }
        t += 10 + Math.floor(u() * 10);
      }
    }
    // The minute's first and last second are logged, so each window is 60 s long.
    lines.push({ t: open, line: clfLine("10.5.0.1", open, "/") });
    lines.push({ t: open + 59, line: clfLine("10.5.0.2", open + 59, "/") });
  }
  return `${lines
    .sort((a, b) => a.t - b.t)
    .map((l) => l.line)
    .join("\n")}\n`;
}

type Fitted = { clients: { sessions: { classes: { heavy?: { weight: number } }[] } } };
const classes = (yaml: string) => (parse(yaml) as Fitted).clients.sessions.classes;

describe("rrdns fit: heavy sessions by default, --no-heavy-sessions and --no-fragments (end to end, built CLI)", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-fit-heavy-"));
  const log = join(dir, "mixed.log");
  writeFileSync(log, mixedLog());
  const flags = ["--no-revisit", "--no-population"];

  it("writes the light/heavy sessions the log holds, and the fitted scenario runs them", async () => {
    const out = join(dir, "heavy.yaml");
    const report = join(dir, "report");
    const r = await rrdnsInProcess(["fit", log, ...flags, "-o", out, "--report", report]);
    expect(r.code, r.stderr).toBe(0);
    const heavy = classes(readFileSync(out, "utf8"))[0]!.heavy;
    expect(heavy, "a heavy: entry for the population").toBeDefined();
    // One session in five is heavy (measured: weight 0.165, heavy objects Pareto from 8.6).
    expect(heavy!.weight).toBeGreaterThan(0.05);
    expect(heavy!.weight).toBeLessThan(0.5);
    // The report shows the two kinds side by side, with the share the scenario holds.
    const md = readFileSync(join(report, "report.md"), "utf8");
    expect(md).toMatch(/## Heavy sessions \(/);
    const shown = Number(md.match(/\| share of sessions \| [0-9.]+ \| ([0-9.]+) \|/)?.[1]);
    expect(shown).toBeCloseTo(heavy!.weight, 2);
    expect(md).toMatch(/\| objects per page \| \w+ .+ \| \w+ .+ \|/);
    await runFitted(out, join(dir, "run"));
  });

  it("--no-heavy-sessions writes no heavy sessions; --no-fragments (every fragment a session's start) neither, and fits other laws", async () => {
    const oneLaw = await rrdnsInProcess(["fit", log, ...flags, "--no-heavy-sessions"]);
    const starts = await rrdnsInProcess(["fit", log, ...flags, "--no-fragments"]);
    for (const r of [oneLaw, starts]) {
      expect(r.code, r.stderr).toBe(0);
      expect(classes(r.stdout).every((c) => c.heavy === undefined)).toBe(true);
    }
    expect(starts.stdout).not.toBe(oneLaw.stdout);
    // --no-fragments implies --no-heavy-sessions: with both, the same fit.
    const both = await rrdnsInProcess([
      "fit",
      log,
      ...flags,
      "--no-fragments",
      "--no-heavy-sessions",
    ]);
    expect(both.stdout).toBe(starts.stdout);
  });
});
