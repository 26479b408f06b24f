import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rrdnsInProcess } from "../../cli-helpers.js";
import { clfLine, rng, T0 } from "../../unit/fit/helpers.js";
import { runFitted } from "./run-fitted.js";

/** A log that keeps one minute an hour (as the shared 2015 sample): 8 hours, 40 hosts, pages and images. */
function sampledLog(): string {
  const u = rng("sampled-log");
  const lines: { t: number; line: string }[] = [];
  for (let h = 0; h < 8; h++)
    for (let i = 0; i < 40; i++) {
      if (u() < 0.4) continue;
      const host = `10.2.0.${i}`;
      let t = T0 + h * 3600 + Math.floor(u() * 50);
      lines.push({ t, line: clfLine(host, t, "/index.html") });
      for (let k = Math.floor(u() * 4); k > 0 && t < T0 + h * 3600 + 59; k--) {
        t += 1;
        lines.push({ t, line: clfLine(host, t, "/logo.png", "http://site/index.html") });
      }
    }
  // The minute's first and last second are always logged, so each window is exactly 60 s long.
  for (let h = 0; h < 8; h++) {
    lines.push({ t: T0 + h * 3600, line: clfLine("10.3.0.1", T0 + h * 3600, "/") });
    lines.push({ t: T0 + h * 3600 + 59, line: clfLine("10.3.0.2", T0 + h * 3600 + 59, "/") });
  }
  return `${lines
    .sort((a, b) => a.t - b.t)
    .map((l) => l.line)
    .join("\n")}\n`;
}

describe("rrdns fit on a sampled log (end to end, built CLI)", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-fit-observe-"));
  const log = join(dir, "sampled.log");
  writeFileSync(log, sampledLog());

  it("writes the observation windows, and the fitted run makes requests only inside them", async () => {
    const out = join(dir, "fitted.yaml");
    const r = await rrdnsInProcess(["fit", log, "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("sampled log: observation windows of 60 s every 3600 s");
    const yaml = readFileSync(out, "utf8");
    expect(yaml).toContain("observe: { period: 3600, length: 60, offset: 0 }");
    await runFitted(out, join(dir, "run"));
    const results = JSON.parse(readFileSync(join(dir, "run", "results.json"), "utf8"));
    const bin: number = results.timeseries.binSeconds;
    const served: number[][] = results.timeseries.servedByServer;
    let inside = 0;
    for (let b = 0; b < served[0]!.length; b++) {
      const total = served.reduce((a, s) => a + s[b]!, 0);
      const from = b * bin;
      const to = from + bin;
      const k = Math.floor(from / 3600);
      const meets = [k, k + 1].some((j) => j * 3600 < to && j * 3600 + 60 > from);
      if (meets) inside += total;
      else expect(total, `bin ${b}`).toBe(0);
    }
    expect(inside).toBe(results.totals.served);
    expect(inside).toBeGreaterThan(0);
  });

  it("fits return visits to the log's return curve and reports it (chart, table, window-cut requests per session); --no-revisit leaves them out", async () => {
    const report = join(dir, "report");
    const r = await rrdnsInProcess(["fit", log, "--report", report]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(report, "report.md"), "utf8");
    expect(md).toContain("## Return visits (clients)");
    expect(md).toMatch(/\| 1 \| [0-9.]+ \(\d+ \/ \d+\) \|/); // lag 1: share (returned / at risk)
    expect(md).toContain("requests/session (log / fit, window-cut)");
    expect(md).toContain("(whole: ");
    expect(readFileSync(join(report, "charts", "clients-return-curve.svg"), "utf8")).toContain(
      "<svg",
    );
    const without = await rrdnsInProcess(["fit", log, "--no-revisit"]);
    expect(without.code, without.stderr).toBe(0);
    expect(without.stdout).not.toContain("revisit:");
    expect(without.stdout).toContain("observe:");
  });

  it("--no-observe leaves them out", async () => {
    const r = await rrdnsInProcess(["fit", log, "--no-observe"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("observe:");
    expect(r.stdout).toContain("profile: steps");
  });
});
