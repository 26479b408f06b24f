import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  arraySpec,
  type ClusterJob,
  checkPartition,
  checkSlurmTime,
  parseSbatchJobId,
  type SweepPlan,
  shellCommand,
  shellQuote,
  slurmArrayScript,
} from "../../../src/study/index.js";
import { ROOT, rrdnsInProcess } from "../../cli-helpers.js";

/*
 * The cluster jobs without a cluster: the pure text (quoting, array specs,
 * sbatch output), and the generated scripts run by bash exactly as Slurm
 * would run them (SLURM_ARRAY_TASK_ID set), with fake sbatch and squeue on
 * PATH for the submission. The real Slurm run is test/e2e/sweep/slurm.test.ts.
 */

const tmp = mkdtempSync(join(tmpdir(), "rrdns cluster 'it's' \"q\" $x `y`-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** bash's view of a command line: the words it passes to a program. */
function bashWords(line: string): string[] {
  // No stdin: bash sources ~/.bashrc when its stdin is a socket (as under
  // sshd), and Node's pipes are socket pairs; 150 calls would run it 150 times.
  const r = spawnSync("bash", ["-c", `printf '%s\\0' ${line}`], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split("\0").slice(0, -1);
}

describe("shell quoting", () => {
  const special = fc.constantFrom(
    ..."'\"$`\\ \n\t!*?~#;&|()<>{}[]%=,:@^".split(""),
    "$(id)",
    "'\\''",
    "--x",
  );
  const char = fc.oneof(special, fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }));
  const word = fc.string({ unit: char, maxLength: 12 }).filter((w) => !w.includes("\0"));

  it("bash reads every quoted word back exactly, whatever it holds (spaces, quotes, $, newlines, unicode)", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), (words) => {
        expect(bashWords(shellCommand(words))).toEqual(words);
      }),
      { numRuns: 150 },
    );
  });

  it("leaves plain words bare and quotes the empty word", () => {
    expect(shellQuote("dns.ttl=10,60")).toBe("dns.ttl=10,60");
    expect(shellQuote("/opt/rrdns/dist/cli/main.js")).toBe("/opt/rrdns/dist/cli/main.js");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    // Double quotes would let the shell expand this: the neighbour that fails.
    expect(bashWords(shellQuote('"$HOME" `id`'))).toEqual(['"$HOME" `id`']);
  });
});

describe("Slurm text", () => {
  /** Expands an --array value the way Slurm reads it. */
  const expand = (spec: string): number[] =>
    spec.split(",").flatMap((part) => {
      const [a, b] = part.split("-").map(Number);
      return Array.from({ length: (b ?? a!) - a! + 1 }, (_, k) => a! + k);
    });

  it("array specs collapse runs and list exactly the shards given", () => {
    expect(arraySpec([0, 1, 2, 5, 7, 8])).toBe("0-2,5,7-8");
    expect(arraySpec([3])).toBe("3");
    expect(arraySpec([4, 2, 3, 3])).toBe("2-4");
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 40 }), (xs) => {
        expect(expand(arraySpec(xs))).toEqual([...new Set(xs)].sort((a, b) => a - b));
      }),
    );
  });

  it("reads the job id sbatch --parsable prints, with or without the cluster name", () => {
    expect(parseSbatchJobId("123\n")).toBe("123");
    expect(parseSbatchJobId("123;cluster-a\n")).toBe("123");
    expect(parseSbatchJobId("Submitted batch job 123\n")).toBeNull();
    expect(parseSbatchJobId("")).toBeNull();
  });

  it("takes Slurm time limits with hours and plain partition names, nothing that could break a #SBATCH line", () => {
    for (const t of ["02:00:00", "1-12:00:00", "100:30:00"]) expect(checkSlurmTime(t)).toBeNull();
    for (const t of ["2h", "02:00", "02:60:00", "02:00:00\n#SBATCH --x", ""]) {
      expect(checkSlurmTime(t)).toMatch(/HH:MM:SS/);
    }
    for (const p of ["debug", "gpu-a100", "short,long"]) expect(checkPartition(p)).toBeNull();
    for (const p of ["a b", "x\n#SBATCH --x", "'q'", "", "a,"]) {
      expect(checkPartition(p)).toMatch(/partition name/);
    }
  });

  it("the array script takes the shard count from the plan, not from the size of this submission", () => {
    const job: ClusterJob = {
      plan: { version: "0.1.0" } as SweepPlan,
      planId: "ab".repeat(32),
      rrdns: ["node", "main.js"],
      scenario: "/s.yaml",
      sets: [],
      out: "/o",
      shards: 7,
      cpusPerTask: 3,
      partition: "short",
      time: "00:10:00",
      report: true,
    };
    const script = slurmArrayScript({
      ...job,
      plan: { ...job.plan, replications: 2, seed: 1, duration: null } as SweepPlan,
    });
    expect(script).toContain("shards=7\n");
    expect(script).toContain('--shard "$task/$shards"');
    expect(script).toContain("#SBATCH --array=0-6\n");
    expect(script).toContain("#SBATCH --cpus-per-task=3\n");
    expect(script).toContain("#SBATCH --partition=short\n");
    expect(script).toContain("#SBATCH --time=00:10:00\n");
    expect(script).toContain('--workers "$workers"');
    expect(script).not.toMatch(/--shard "\$task\/\$SLURM_ARRAY_TASK_COUNT"/);
  });
});

const scenarioFile = join(tmp, "tiny sweep.yaml");
writeFileSync(
  scenarioFile,
  `name: tiny
duration: 300
servers: [ {address: 10.0.0.2}, {address: 10.0.0.3}, {address: 10.0.0.4} ]
dns: { ttl: 60, order: cyclic, healthCheck: { interval: 5, failures: 2 } }
resolvers: { count: 40, skew: 1, behaviour: frozen }
clients: { rate: 15, selection: first }
failures: [ { server: 10.0.0.3, at: 100, duration: 120 } ]
`,
);
const planArgs = (out: string, ...more: string[]): string[] => [
  "sweep",
  scenarioFile,
  "--set",
  "dns.ttl=10,60",
  "--set",
  'description=it\'s a "tiny" $sweep',
  "--replications",
  "2",
  "--seed",
  "5",
  "--out",
  out,
  "--quiet",
  "--no-report",
  ...more,
];

// Fake sbatch and squeue: they log their arguments, one per line, and answer like the real ones.
const bin = join(tmp, "bin");
mkdirSync(bin);
const sbatchLog = join(tmp, "sbatch.log");
writeFileSync(
  join(bin, "sbatch"),
  `#!/bin/bash
for a in "$@"; do printf '%s\\n' "$a"; done >> "$FAKE_SBATCH_LOG"
echo "--" >> "$FAKE_SBATCH_LOG"
n=$(( $(cat "$FAKE_SBATCH_LOG" | grep -c '^--$') + 40 ))
echo "$n;fakecluster"
`,
);
writeFileSync(join(bin, "squeue"), `#!/bin/bash\nprintf "%s" "\${FAKE_QUEUED:-}"\n`);
chmodSync(join(bin, "sbatch"), 0o755);
chmodSync(join(bin, "squeue"), 0o755);
const fakeEnv = (more: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: `${bin}:${process.env.PATH}`,
  FAKE_SBATCH_LOG: sbatchLog,
  ...more,
});

/** The built CLI in this process (test/cli-helpers.ts), with `env` for the call's environment. */
function run(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const set = Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined);
  return rrdnsInProcess(args, ROOT, Object.fromEntries(set));
}

function bash(script: string, env: Record<string, string> = {}) {
  const r = spawnSync("bash", [script], {
    env: { ...process.env, ...env },
    // No stdin, so no ~/.bashrc (bashWords): a Slurm task has none either.
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const read = (dir: string, name: string): string => readFileSync(join(dir, name), "utf8");
const local = join(tmp, "local");

describe("rrdns sweep --slurm and --emit commands (without a cluster)", () => {
  it("the array script run per task, then the merge script, give the local sweep's sweep.csv; a missing shard fails the merge loudly", async () => {
    // The local sweep in the CLI's own thread: the same sweep on any number of workers
    // (test/e2e/sweep/parallel.test.ts), without a thread per core loading the model again.
    expect((await run(planArgs(local, "--workers", "1"))).code).toBe(0);
    const out = join(tmp, "on slurm");
    const w = await run(planArgs(out, "--slurm", "--array-size", "3"));
    expect(w.code, w.stderr).toBe(0);
    const slurm = join(out, "slurm");
    for (const i of [0, 2]) {
      const task = { SLURM_ARRAY_TASK_ID: String(i), SLURM_ARRAY_TASK_COUNT: "3" };
      expect(bash(join(slurm, "sweep-array.sbatch"), task).code).toBe(0);
    }
    // Shard 1 never ran: the merge names it and how to resubmit, and writes nothing.
    const early = bash(join(slurm, "sweep-merge.sbatch"));
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("1 of 3 shard files are missing (shards 1/3)");
    expect(early.stderr).toContain("--slurm --array-size 3 --cpus-per-task 1 --no-report --submit");
    expect(existsSync(join(out, "sweep.csv"))).toBe(false);
    // A re-submission is a smaller array (COUNT 1) of the same 3 shards.
    const late = bash(join(slurm, "sweep-array.sbatch"), {
      SLURM_ARRAY_TASK_ID: "1",
      SLURM_ARRAY_TASK_COUNT: "1",
    });
    expect(late.code, late.stderr).toBe(0);
    const merged = bash(join(slurm, "sweep-merge.sbatch"));
    expect(merged.code, merged.stderr).toBe(0);
    expect(read(out, "sweep.csv")).toBe(read(local, "sweep.csv"));
    expect(read(out, "sweep.json")).toBe(read(local, "sweep.json"));
    expect(existsSync(join(out, "index.html"))).toBe(false); // --no-report reached the merge
    // Outside the array of 3, or outside Slurm, the task refuses to run.
    expect(bash(join(slurm, "sweep-array.sbatch"), { SLURM_ARRAY_TASK_ID: "3" }).code).toBe(1);
    expect(bash(join(slurm, "sweep-array.sbatch")).stderr).toContain("not a Slurm array task");
  });

  it("without --submit prints sbatch commands that chain the merge to the array's id; with it, submits only the missing shards", async () => {
    const out = join(tmp, "printed");
    rmSync(sbatchLog, { force: true });
    const printed = await run(
      planArgs(out, "--slurm", "--array-size", "4", "--partition", "short"),
    );
    expect(printed.code, printed.stderr).toBe(0);
    const pasted = spawnSync("bash", ["-c", printed.stdout], { env: fakeEnv(), encoding: "utf8" });
    expect(pasted.status, pasted.stderr).toBe(0);
    const calls = readFileSync(sbatchLog, "utf8").split("--\n").slice(0, -1);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toContain("--array=0-3\n");
    expect(calls[0]).toContain(`${join(out, "slurm", "sweep-array.sbatch")}\n`);
    expect(calls[1]).toContain("--dependency=afterok:41\n"); // the id without ";fakecluster"
    expect(calls[1]).toContain("--kill-on-invalid-dep=yes\n");
    expect(read(join(out, "slurm"), "sweep-array.sbatch")).toContain("#SBATCH --partition=short");

    // Two shards done (run here by hand): --submit sends shards 1 and 3 only.
    for (const i of [0, 2]) expect((await run(planArgs(out, "--shard", `${i}/4`))).code).toBe(0);
    // Shard 1's task was killed outright on a compute node and left its lock.
    const deadLock = join(out, "sweep.shard-1-of-4.lock");
    const writeDeadLock = () =>
      writeFileSync(deadLock, `${JSON.stringify({ pid: 4242, host: "node-that-died" })}\n`);
    writeDeadLock();
    rmSync(sbatchLog, { force: true });
    const s = await run(planArgs(out, "--slurm", "--array-size", "4", "--submit"), fakeEnv());
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toBe(
      `array job 41: shards 1,3 of 4\nmerge job 42: after job 41 succeeds, writes ${out}/\n`,
    );
    expect(readFileSync(sbatchLog, "utf8")).toContain("--array=1,3\n");
    expect(existsSync(deadLock)).toBe(false); // squeue said nothing of this sweep runs

    // Jobs of this plan still queued: refused, nothing submitted.
    rmSync(sbatchLog, { force: true });
    const twice = await run(
      planArgs(out, "--slurm", "--array-size", "4", "--submit"),
      fakeEnv({ FAKE_QUEUED: "41_[1,3]\n42\n" }),
    );
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("still queued or running (41_[1,3], 42)");
    expect(existsSync(sbatchLog)).toBe(false);
    writeDeadLock();
    expect(
      (
        await run(
          planArgs(out, "--slurm", "--array-size", "4", "--submit"),
          fakeEnv({ FAKE_QUEUED: "41\n" }),
        )
      ).code,
    ).toBe(2);
    expect(existsSync(deadLock)).toBe(true); // a queued job may still own it
  });

  it("--emit commands lists one resumable command per shard; run them and the merge it names, and the sweep is the local one", async () => {
    const out = join(tmp, "by commands");
    // Not --quiet: the merge command comes on stderr.
    const emit = () =>
      run(
        // --workers 1: each listed shard command runs in its own thread (see the local sweep).
        planArgs(out, "--emit", "commands", "--array-size", "3", "--workers", "1").filter(
          (a) => a !== "--quiet",
        ),
      );
    const e = await emit();
    expect(e.code, e.stderr).toBe(0);
    const lines = e.stdout.split("\n").filter(Boolean);
    expect(lines).toHaveLength(3);
    for (const [i, line] of lines.entries())
      expect(line).toMatch(new RegExp(`--shard ${i}/3 --resume$`));
    for (const line of lines.slice(0, 2)) {
      expect(spawnSync("bash", ["-c", line]).status).toBe(0);
    }
    // A re-run lists only the shard still missing.
    const again = await emit();
    expect(again.stdout).toBe(`${lines[2]}\n`);
    expect(again.stderr).toContain("2 already done");
    expect(spawnSync("bash", ["-c", lines[2]!]).status).toBe(0);
    const merge = again.stderr.split("\n").filter(Boolean).at(-1)!;
    expect(merge).toContain(" merge ");
    const m = spawnSync("bash", ["-c", merge], { encoding: "utf8" });
    expect(m.status, m.stderr).toBe(0);
    expect(read(out, "sweep.csv")).toBe(read(local, "sweep.csv"));
  });

  it("refuses flags that would be ignored or break the jobs, a shard file of another plan, and a missing sbatch (exit 2)", async () => {
    const out = join(tmp, "bad");
    const refused: [string[], RegExp][] = [
      [["--submit"], /--submit: only with --slurm/],
      [["--partition", "short"], /--partition: only with --slurm/],
      [["--array-size", "2"], /--array-size: only with --slurm or --emit/],
      [["--slurm", "--time", "2h"], /--time: expected HH:MM:SS/],
      [["--slurm", "--partition", "a\n#SBATCH --x"], /--partition: expected a partition name/],
      [["--slurm", "--shard", "0/2"], /--shard: --slurm runs every shard itself/],
      [["--slurm", "--resume"], /--resume: --slurm jobs always resume/],
      [["--slurm", "--workers", "2"], /--workers: .*use --cpus-per-task/],
      [["--slurm", "--emit", "commands"], /either --slurm or --emit/],
      [["--slurm", "--array-size", "9"], /--array-size: 9 shards for 4 runs/],
      [["--emit", "jobs"], /--emit/],
    ];
    for (const [flags, message] of refused) {
      const r = await run(planArgs(out, ...flags));
      expect(r.code, flags.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack trace
    }
    expect(existsSync(out)).toBe(false);

    // A shard file of another plan (another seed) in the folder.
    const other = join(tmp, "other");
    const shard = await run([...planArgs(other, "--shard", "0/2"), "--seed", "6"]);
    expect(shard.code, shard.stderr).toBe(0);
    const r = await run(planArgs(other, "--slurm", "--array-size", "2"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sweep\.shard-0-of-2\.jsonl: a shard of a different sweep/);

    const none = await run(planArgs(join(tmp, "no sbatch"), "--slurm", "--submit"), {
      ...process.env,
      PATH: "/nonexistent",
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("sbatch not found");
  });
});
