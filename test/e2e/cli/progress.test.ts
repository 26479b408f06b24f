import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runProgress } from "../../../src/cli/progress.js";
import { runScenario } from "../../../src/run/index.js";
import { loadScenario } from "../../../src/scenario/index.js";
import { simulateInSlices } from "../../../src/study/index.js";
import { CLI, messages, ROOT, rrdns } from "../../cli-helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "rrdns-progress-"));

/** A stand-in terminal that keeps what is drawn on it. */
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

const scenario = loadScenario(
  readFileSync(join(ROOT, "scenarios/default.yaml"), "utf8"),
  "default.yaml",
);

describe("progress of rrdns run", () => {
  it("running in slices gives byte-identical results to one run, and reports every slice in order", () => {
    const seen: number[] = [];
    const sliced = simulateInSlices(scenario, { duration: 900, seed: 3 }, (s, horizon) => {
      expect(horizon).toBe(900);
      seen.push(s);
    });
    expect(JSON.stringify(sliced)).toBe(
      JSON.stringify(runScenario(scenario, { duration: 900, seed: 3 })),
    );
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toBe(900);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it("draws a bar with ETA on a terminal, counting simulated seconds over all replications", () => {
    const tty = terminal(true);
    const progress = runProgress({ runs: 2, stream: tty, quiet: false, delayMs: 0 });
    progress.update(0, 0, 600);
    progress.update(1, 300, 600);
    progress.stop();
    expect(tty.text()).toContain("ETA");
    expect(tty.text()).toContain("900/1200 simulated s");
    expect(tty.text()).toContain("run 2/2");
  });

  it("draws nothing when the stream is not a terminal, or with --quiet, or before the delay", () => {
    for (const [isTTY, quiet, delayMs] of [
      [false, false, 0],
      [true, true, 0],
      [true, false, 60_000],
    ] as const) {
      const stream = terminal(isTTY);
      const progress = runProgress({ runs: 1, stream, quiet, delayMs });
      progress.update(0, 10, 100);
      progress.stop();
      expect(stream.text(), `${isTTY} ${quiet} ${delayMs}`).toBe("");
    }
  });

  it("end to end on a pseudo-terminal: a bar on stderr, the same results.json as when piped", () => {
    const args = [
      "run",
      "default",
      "--no-report",
      "--replications",
      "3",
      "--set",
      "clients.rate=600",
    ];
    const tty = join(tmp, "tty");
    // script(1) gives the CLI a terminal; the bar appears after 0.4 s, and this run takes longer.
    const shown = execFileSync(
      "script",
      [
        "-qec",
        [process.execPath, CLI, ...args, "--out", tty].map((a) => `'${a}'`).join(" "),
        "/dev/null",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(shown).toMatch(/ETA \d+s/);
    const piped = rrdns([...args, "--out", join(tmp, "piped")]);
    expect(piped.code).toBe(0);
    expect(messages(piped.stderr)).toBe("");
    for (const f of ["results.json", "replications.json", "timeseries.csv"])
      expect(readFileSync(join(tty, f)).equals(readFileSync(join(tmp, "piped", f))), f).toBe(true);
    const quiet = execFileSync(
      "script",
      [
        "-qec",
        [process.execPath, CLI, ...args, "--quiet", "--out", join(tmp, "q")]
          .map((a) => `'${a}'`)
          .join(" "),
        "/dev/null",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(quiet).not.toContain("ETA");
  });
});
