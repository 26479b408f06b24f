// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are bash, where ${…} is the shell's own expansion.
import type { SweepPlan } from "./plan.js";

/*
 * A sweep as jobs for a cluster: the text of a Slurm job array and of its
 * dependent merge job, the sbatch arguments that submit them, and the same
 * shards as plain shell commands (for GNU parallel or any other runner).
 * Pure text generation from a plan; writing the files and calling sbatch is
 * the CLI's job (src/cli/sweep-cluster.ts).
 */

/** Everything a generated job needs besides the plan. Paths are absolute: jobs start elsewhere. */
export interface ClusterJob {
  readonly plan: SweepPlan;
  readonly planId: string;
  /** How to start rrdns on a compute node, e.g. [node, /opt/rrdns/dist/cli/main.js]. */
  readonly rrdns: readonly string[];
  /** The scenario file, absolute. */
  readonly scenario: string;
  /** The --set texts as the user gave them (they re-parse to the plan's values). */
  readonly sets: readonly string[];
  /** The shared output folder, absolute: shard files, then the merged sweep. */
  readonly out: string;
  /** N: shard i of N runs the tasks whose index mod N is i. */
  readonly shards: number;
  /** Cores per array task (and worker threads per shard). */
  readonly cpusPerTask: number;
  readonly partition: string | null;
  /** Slurm time limit per job, [D-]HH:MM:SS. */
  readonly time: string | null;
  /** Whether the merge draws the charts and index.html (--no-report turns it off). */
  readonly report: boolean;
}

/** Where the scripts and the Slurm logs go, inside the output folder. */
export const SLURM_FOLDER = "slurm";
export const ARRAY_SCRIPT = "sweep-array.sbatch";
export const MERGE_SCRIPT = "sweep-merge.sbatch";

/** Words the shell passes through unchanged, left bare so the commands stay readable. */
const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One word for a POSIX shell: bare when it is safe, otherwise in single
 * quotes, inside which nothing is special but the quote itself (closed,
 * escaped, reopened). Newlines, `$`, backquotes and spaces survive as they are.
 */
export function shellQuote(word: string): string {
  if (BARE.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(" ");
}

/** Shard indices as a Slurm --array value, runs collapsed: [0,1,2,5,7,8] → "0-2,5,7-8". */
export function arraySpec(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** The job id in `sbatch --parsable` output ("123" or "123;cluster"), or null. */
export function parseSbatchJobId(stdout: string): string | null {
  const m = /^\s*(\d+)(?:;[^\s;]+)?\s*$/.exec(stdout);
  return m ? m[1]! : null;
}

/** Slurm's --time forms with hours: HH:MM:SS or D-HH:MM:SS. */
const TIME = /^(\d{1,3}-)?\d{1,4}:[0-5]\d:[0-5]\d$/;
/** Partition names (a comma list of them): no spaces, quotes or newlines, which would break a #SBATCH line. */
const PARTITION = /^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/;

/** Why a --time value is refused, or null when Slurm takes it. */
export function checkSlurmTime(text: string): string | null {
  return TIME.test(text) ? null : `expected HH:MM:SS or D-HH:MM:SS (e.g. 02:00:00), got '${text}'`;
}

export function checkPartition(text: string): string | null {
  return PARTITION.test(text)
    ? null
    : `expected a partition name (letters, digits, _ . -; a comma list for several), got '${text}'`;
}

/** A short id for job names and messages: the plan's first 12 hex digits. */
export function shortPlanId(planId: string): string {
  return planId.slice(0, 12);
}

export function shardFile(out: string, index: number, count: number): string {
  return `${out}/sweep.shard-${index}-of-${count}.jsonl`;
}

/**
 * The plan's fixed arguments to `rrdns sweep` (everything but the shard and
 * the workers), in an order that re-parses to exactly this plan: seed and
 * duration explicit, so a later edit of the scenario's seed cannot shift them.
 */
export function sweepWords(job: ClusterJob): string[] {
  const { plan } = job;
  return [
    ...job.rrdns,
    "sweep",
    job.scenario,
    ...job.sets.flatMap((text) => ["--set", text]),
    "--replications",
    String(plan.replications),
    "--seed",
    String(plan.seed),
    ...(plan.duration === null ? [] : ["--duration", String(plan.duration)]),
    "--out",
    job.out,
    "--quiet",
  ];
}

/** The merge of all N shard files into the output folder. */
export function mergeWords(job: ClusterJob, files: readonly string[]): string[] {
  return [
    ...job.rrdns,
    "merge",
    ...files,
    "--out",
    job.out,
    "--quiet",
    ...(job.report ? [] : ["--no-report"]),
  ];
}

/**
 * One shell command per shard, for GNU parallel or any runner: each is
 * resumable (--resume) and writes its shard file atomically. `indices` picks
 * the shards to list (the missing ones, on a re-run).
 */
export function shardCommands(
  job: ClusterJob,
  workers: number,
  indices: readonly number[],
): string {
  const fixed = sweepWords(job);
  return indices
    .map(
      (i) =>
        `${shellCommand([...fixed, "--workers", String(workers), "--shard", `${i}/${job.shards}`, "--resume"])}\n`,
    )
    .join("");
}

export function mergeCommand(job: ClusterJob): string {
  const files = Array.from({ length: job.shards }, (_, i) => shardFile(job.out, i, job.shards));
  return shellCommand(mergeWords(job, files));
}

/** The command that wrote the scripts: run again, it submits only the shards still missing. */
export function resubmitWords(job: ClusterJob): string[] {
  return [
    ...sweepWords(job),
    "--slurm",
    "--array-size",
    String(job.shards),
    "--cpus-per-task",
    String(job.cpusPerTask),
    ...(job.partition ? ["--partition", job.partition] : []),
    ...(job.time ? ["--time", job.time] : []),
    ...(job.report ? [] : ["--no-report"]),
    "--submit",
  ];
}

function directives(job: ClusterJob, name: string, cpus: number): string[] {
  return [
    `#SBATCH --job-name=${name}`,
    `#SBATCH --cpus-per-task=${cpus}`,
    ...(job.partition ? [`#SBATCH --partition=${job.partition}`] : []),
    ...(job.time ? [`#SBATCH --time=${job.time}`] : []),
  ];
}

export function arrayJobName(job: ClusterJob): string {
  return `rrdns-sweep-${shortPlanId(job.planId)}`;
}

export function mergeJobName(job: ClusterJob): string {
  return `rrdns-merge-${shortPlanId(job.planId)}`;
}

/**
 * The job array: task i runs shard i/N into the shared folder. N is written
 * into the script rather than read from SLURM_ARRAY_TASK_COUNT, because a
 * re-submission of the missing shards (`--array=2,5`) is a smaller array of
 * the same N shards. `exec` hands Slurm's SIGTERM (time limit, scancel)
 * straight to rrdns, which keeps the finished runs for the next --resume.
 */
export function slurmArrayScript(job: ClusterJob): string {
  const n = job.shards;
  return [
    "#!/bin/bash",
    `# rrdns ${job.plan.version}: one shard of sweep plan ${job.planId} per array task.`,
    `# Submitted by \`rrdns sweep … --slurm\`; task i runs shard i/${n} into the shared --out.`,
    ...directives(job, arrayJobName(job), job.cpusPerTask),
    `#SBATCH --array=0-${n - 1}`,
    "set -euo pipefail",
    `shards=${n}`,
    'task="${SLURM_ARRAY_TASK_ID:?not a Slurm array task: submit this script with sbatch --array}"',
    'if [ "${SLURM_ARRAY_TASK_COUNT:-0}" -gt "$shards" ] || [ "$task" -ge "$shards" ]; then',
    `  echo "rrdns: array task $task of \${SLURM_ARRAY_TASK_COUNT:-?} does not fit a sweep of $shards shards; submit with --array=0-${n - 1} or a subset of it" >&2`,
    "  exit 1",
    "fi",
    `workers="\${SLURM_CPUS_PER_TASK:-${job.cpusPerTask}}"`,
    `exec ${shellCommand(sweepWords(job))} --workers "$workers" --shard "$task/$shards" --resume`,
    "",
  ].join("\n");
}

/**
 * The merge, run after the whole array succeeded (afterok). It checks for
 * every shard file first and fails loudly, naming the missing shards and the
 * command that resubmits them; `rrdns merge` then checks that the files are
 * of this plan and cover every run.
 */
export function slurmMergeScript(job: ClusterJob): string {
  const n = job.shards;
  const delimiter = `RRDNS_${job.planId}`;
  return [
    "#!/bin/bash",
    `# rrdns ${job.plan.version}: merge the ${n} shards of sweep plan ${job.planId}`,
    "# into sweep.csv, sweep.json, the charts and index.html. Runs after the array succeeded.",
    ...directives(job, mergeJobName(job), 1),
    "set -euo pipefail",
    `out=${shellQuote(job.out)}`,
    `shards=${n}`,
    "files=()",
    "missing=()",
    "for ((i = 0; i < shards; i++)); do",
    '  file="$out/sweep.shard-$i-of-$shards.jsonl"',
    '  if [ -f "$file" ]; then files+=("$file"); else missing+=("$i/$shards"); fi',
    "done",
    'if [ "${#missing[@]}" -gt 0 ]; then',
    '  echo "rrdns: merge: ${#missing[@]} of $shards shard files are missing (shards ${missing[*]}) in $out" >&2',
    // A quoted here-document: the command is shown exactly as written, nothing in it expanded.
    `  cat >&2 <<'${delimiter}'`,
    `rrdns: resubmit the missing shards with: ${shellCommand(resubmitWords(job))}`,
    delimiter,
    "  exit 1",
    "fi",
    `exec ${shellCommand([...job.rrdns, "merge"])} "\${files[@]}" --out "$out" --quiet${job.report ? "" : " --no-report"}`,
    "",
  ].join("\n");
}

/** Slurm file names treat % as a pattern; a literal one is %%. */
const slurmPath = (path: string): string => path.replaceAll("%", "%%");

/** sbatch arguments for the array (only `indices`, on a re-run) and for the merge. */
export function sbatchArrayArgs(job: ClusterJob, indices: readonly number[]): string[] {
  const dir = `${job.out}/${SLURM_FOLDER}`;
  return [
    "--parsable",
    `--array=${arraySpec(indices)}`,
    `--output=${slurmPath(dir)}/logs/sweep-%A-%a.out`,
    `${dir}/${ARRAY_SCRIPT}`,
  ];
}

/**
 * `afterok`: the merge starts only when every array task succeeded;
 * `--kill-on-invalid-dep` cancels it when one failed, instead of leaving it
 * pending forever.
 */
export function sbatchMergeArgs(job: ClusterJob, afterJob: string | null): string[] {
  const dir = `${job.out}/${SLURM_FOLDER}`;
  return [
    "--parsable",
    ...(afterJob === null ? [] : [`--dependency=afterok:${afterJob}`, "--kill-on-invalid-dep=yes"]),
    `--output=${slurmPath(dir)}/logs/merge-%j.out`,
    `${dir}/${MERGE_SCRIPT}`,
  ];
}

/**
 * The submission as shell lines to paste (or pipe into bash): the array's
 * id is captured and the merge made to depend on it. With no shard left to
 * run, only the merge.
 */
export function sbatchCommandsText(job: ClusterJob, indices: readonly number[]): string {
  if (indices.length === 0) return `sbatch ${shellCommand(sbatchMergeArgs(job, null))}\n`;
  const merge = sbatchMergeArgs(job, "$array");
  const [parsable, dependency, kill, ...rest] = merge;
  return (
    `array=$(sbatch ${shellCommand(sbatchArrayArgs(job, indices))} | cut -d';' -f1)\n` +
    `sbatch ${parsable} ${dependency!.replace("$array", '"$array"')} ${kill} ${shellCommand(rest)}\n`
  );
}
