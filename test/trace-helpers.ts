import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { ROOT } from "./cli-helpers.js";

/**
 * The shared real sample (10,000 Combined Log Format lines, 2015), found
 * beside the repository as `../shared/data/` (RRDNS_SAMPLE_LOG points
 * elsewhere, e.g. from a git worktree). Tests that need it skip when absent.
 */
export const SAMPLE_LOG =
  process.env.RRDNS_SAMPLE_LOG ?? resolve(ROOT, "../shared/data/apache-combined-2015.log.gz");
export const HAVE_SAMPLE = existsSync(SAMPLE_LOG);
export const SAMPLE_MISSING = `skipped: the shared sample ${SAMPLE_LOG} is absent`;

/** The sample's lines (gunzipped in memory: it is small; the CLI streams). */
export function sampleLines(): string[] {
  return gunzipSync(readFileSync(SAMPLE_LOG)).toString("utf8").split("\n");
}
