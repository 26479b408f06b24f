import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { stepProgress } from "../../../src/cli/progress.js";
import { GRID_LOOKUP_GAPS, GRID_TTLS } from "../../../src/study/fit-validation.js";
import { messages, onTerminal, ROOT, rrdns } from "../../cli-helpers.js";
import { sampleLines } from "../../trace-helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "rrdns-step-progress-"));

/** A stand-in terminal (or pipe) that keeps what is written to it. */
function terminal(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY: boolean; text: () => string; columns: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  stream.text = () => chunks.join("");
  return stream;
}

function sameFiles(a: string, b: string): void {
  const names = readdirSync(a, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath.slice(a.length), d.name))
    .sort();
  expect(names.length).toBeGreaterThan(0);
  for (const n of names)
    expect(readFileSync(join(a, n)).equals(readFileSync(join(b, n))), n).toBe(true);
}

describe("step progress (plan, ttl, sweep, fit, report, reports-all)", () => {
  it("draws a bar with ETA over the steps, and streams rows above it, on a terminal", () => {
    const tty = terminal(true);
    const out = terminal(true);
    const p = stepProgress({ total: 4, unit: "runs", stream: tty, quiet: false, delayMs: 0 });
    p.tick();
    p.row("2 servers: does not meet the SLO");
    p.tick(2);
    p.print("the command's own line\n", out);
    p.stop();
    const text = tty.text();
    expect(text).toContain("1/4 runs");
    expect(text).toContain("3/4 runs");
    expect(text).toMatch(/ETA \d+s/);
    // The row clears the bar's line, then the bar is drawn again below it.
    const row = text.indexOf("\r\x1b[2K2 servers: does not meet the SLO\n");
    expect(row).toBeGreaterThan(0);
    expect(text.indexOf("1/4 runs", row)).toBeGreaterThan(row);
    expect(out.text()).toBe("the command's own line\n");
  });

  it("on a pipe, with --quiet or before the delay: no bar and no rows, but the command's own output", () => {
    for (const [isTTY, quiet, delayMs] of [
      [false, false, 0],
      [true, true, 0],
      [true, false, 60_000],
    ] as const) {
      const stream = terminal(isTTY);
      const out = terminal(false);
      const p = stepProgress({ total: 3, unit: "runs", stream, quiet, delayMs });
      p.tick();
      if (delayMs === 0) p.row("a row");
      p.print("own\n", out);
      p.stop();
      expect(stream.text(), `${isTTY} ${quiet} ${delayMs}`).toBe("");
      expect(out.text()).toBe("own\n");
    }
  });

  it("plan on a pseudo-terminal: a bar and each count's row as it finishes; piped: nothing on stderr, same files", () => {
    const args = [
      "plan",
      "retry-storm",
      "--slo",
      "p99<0.5s",
      "--servers",
      "2..3",
      "--replications",
      "2",
      "--duration",
      "400",
      // One worker thread, as the ttl test below: the bar and rows are the same with more, and
      // each further thread loads the model again (0.4 CPU-s a run).
      "--workers",
      "1",
      "--no-report",
    ];
    const shown = onTerminal([...args, "--out", join(tmp, "plan-tty")]);
    expect(shown).toMatch(/\d+\/4 runs \(at most\)/);
    expect(shown).toMatch(/ETA \d+s/);
    expect(shown).toMatch(/2 servers: p99 [\d.]+ \[[\d.]+, [\d.]+\] s · failed share/);
    const piped = rrdns([...args, "--out", join(tmp, "plan-pipe")]);
    expect(piped.code).toBe(0);
    expect(messages(piped.stderr)).toBe("");
    expect(piped.stdout).not.toContain("2 servers:");
    sameFiles(join(tmp, "plan-tty"), join(tmp, "plan-pipe"));
    const quiet = onTerminal([...args, "--quiet", "--out", join(tmp, "plan-q")]);
    expect(quiet).not.toContain("ETA");
    expect(quiet).not.toContain("2 servers:");
  });

  it("ttl on a pseudo-terminal: a bar and a row per TTL as its replications finish", () => {
    const args = [
      "ttl",
      "default",
      "--ttls",
      "60,600",
      "--replications",
      "2",
      "--duration",
      "300",
      "--workers",
      "1",
      "--no-report",
    ];
    const shown = onTerminal([...args, "--out", join(tmp, "ttl-tty")]);
    expect(shown).toMatch(/\d\/4 runs/);
    expect(shown).toMatch(/point 1\/2 dns\.ttl=60: authoritative query rate [\d.]+ \[/);
    expect(shown).toMatch(/point 2\/2 dns\.ttl=600: /);
    const piped = rrdns([...args, "--out", join(tmp, "ttl-pipe")]);
    expect(piped.stdout).not.toContain("point 1/2");
    expect(piped.stderr).not.toContain("point 1/2");
    expect(piped.stderr).not.toContain("ETA");
    sameFiles(join(tmp, "ttl-tty"), join(tmp, "ttl-pipe"));
  });

  it("fit on a pseudo-terminal: a bar over the log's two passes; piped: the same scenario on stdout", () => {
    // The sample's first 2,000 lines, plain: the bar counts the bytes of whatever log it reads
    // (twice its size, in kB), and a fifth of the log fits in 1.6 CPU-s against 2.5.
    const log = join(tmp, "sample-2000.log");
    writeFileSync(log, `${sampleLines().slice(0, 2000).join("\n")}\n`);
    const kB = Math.round((2 * statSync(log).size) / 1e3);
    // --no-observe: the two passes over the log are what the bar shows; the sampled log's
    // censored and return-visit fits after them (16 of the 19 CPU-s) are not.
    const args = ["fit", log, "--no-observe"];
    const shown = onTerminal([...args, "-o", join(tmp, "fitted-tty.yaml")]);
    expect(shown).toMatch(new RegExp(`\\d+/${kB} kB of the log read \\(two passes\\)`));
    const piped = rrdns(args);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain("kB of the log");
    expect(piped.stdout).toBe(readFileSync(join(tmp, "fitted-tty.yaml"), "utf8"));
  });

  it("fit --validate on a pseudo-terminal: a bar over the validation's runs (each comparison's replay of the log and its runs)", () => {
    const log = join(tmp, "sample-2000.log");
    if (!statSync(log, { throwIfNoEntry: false }))
      writeFileSync(log, `${sampleLines().slice(0, 2000).join("\n")}\n`);
    const replications = 2;
    // The fitted setup's four comparisons and the grid's, with frozen and with rotating caches.
    const comparisons = 4 + 2 * GRID_LOOKUP_GAPS.length * GRID_TTLS.length;
    const total = comparisons * (1 + replications);
    const shown = onTerminal([
      "fit",
      log,
      "--no-observe",
      "--validate",
      "--replications",
      String(replications),
      "-o",
      join(tmp, "fitted-validated.yaml"),
    ]);
    expect(shown).toMatch(
      new RegExp(`\\d+/${total} validation runs \\(replays of the log, simulated runs\\)`),
    );
    // The bar runs to its total: the last run counted is the last one made.
    expect(shown).toContain(`${total}/${total} validation runs`);
  });

  it("report on a pseudo-terminal: a bar over the charts; piped: only where it wrote", () => {
    const results = join(ROOT, "reports/default/results.json");
    const shown = onTerminal(["report", results, "--out", join(tmp, "report-tty")]);
    expect(shown).toMatch(/\d+\/\d+ charts/);
    const piped = rrdns(["report", results, "--out", join(tmp, "report-pipe")]);
    expect(piped.stderr).toMatch(/^wrote .*index\.html and \d+ more files\n$/);
    expect(piped.stdout).toBe("");
    sameFiles(join(tmp, "report-tty"), join(tmp, "report-pipe"));
  });
});
