/**
 * Start-up time of the CLI: how long `rrdns --version`, `rrdns --help` and a
 * short run take as a user sees them (a fresh node process each time), beside
 * a bare `node -e 0`. Commands load what they use lazily, so --version and
 * --help should cost little more than node itself, and a run should be
 * dominated by simulating: two run lengths split its time into a fixed part
 * (loading, writing) and a per-simulated-second part.
 *
 *   node dist/bench/startup-bench.js [repeats=15]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repeats = Number(process.argv[2] ?? 15);
const main = fileURLToPath(new URL("../cli/main.js", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "rrdns-startup-"));

/** Median wall time, in ms, of `node <args>` run `repeats` times (after one unmeasured run). */
function median(args: readonly string[]): number {
  const times: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const start = performance.now();
    const child = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
    const ms = performance.now() - start;
    if (child.status !== 0)
      throw new Error(`node ${args.join(" ")} exited ${child.status}: ${child.stderr}`);
    if (i > 0) times.push(ms); // the first run fills the OS file cache
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}

// Into a temporary folder: a run must not touch the committed reports/default/.
const run = (duration: number) => [
  main,
  "run",
  "default",
  "--duration",
  String(duration),
  "--no-report",
  "--quiet",
  "--out",
  join(out, String(duration)),
];

try {
  console.log(
    `rrdns startup bench · node ${process.version} · ${availableParallelism()} cores · median of ${repeats} spawns each`,
  );
  const node = median(["-e", "0"]);
  const cases: [string, number][] = [
    ["node -e 0", node],
    ["rrdns --version", median([main, "--version"])],
    ["rrdns --help", median([main, "--help"])],
    ["rrdns run default --duration 60 --no-report", median(run(60))],
    ["rrdns run default --no-report (3600 s)", median(run(3600))],
  ];
  for (const [label, ms] of cases)
    console.log(
      `${label.padEnd(46)} ${ms.toFixed(0).padStart(6)} ms   ${(ms / node).toFixed(1).padStart(5)} × node -e 0`,
    );
  // Simulating 3600 s costs 60 times simulating 60 s; what does not scale is loading and writing.
  const t60 = cases[3]![1];
  const t3600 = cases[4]![1];
  const perSecond = (t3600 - t60) / 3540;
  const fixed = t60 - 60 * perSecond;
  console.log(
    `run default --duration 60: ${fixed.toFixed(0)} ms fixed (node, loading, writing) + ${(60 * perSecond).toFixed(0)} ms simulating`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
