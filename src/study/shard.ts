/*
 * Shards on their own, importing nothing heavy: \`rrdns sweep --shard\` parses
 * its value while the CLI is still reading flags, before any command has
 * loaded the simulator (src/cli/commands/sweep.ts).
 */
import { OverrideSyntaxError as SweepSyntaxError } from "../scenario/errors.js";

/** A deterministic slice of the tasks: those whose index mod count equals index. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Parses `i/n` (0 <= i < n): the shard a job runs. Zero-based, like Kubernetes'
 * JOB_COMPLETION_INDEX and Slurm's `--array=0-(n-1)`.
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(count) || count < 1 || index >= count) {
    throw new SweepSyntaxError(`expected i/n with 0 <= i < n (e.g. 0/4), got '${text}'`);
  }
  return { index, count };
}
