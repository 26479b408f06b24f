import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { ROOT } from "./cli-helpers.js";

/**
 * The bundled real sample (10,000 Combined Log Format lines, 2015; Apache-2.0,
 * see data/README.md), shipped in the repository's data/ folder.
 */
export const SAMPLE_LOG = resolve(ROOT, "data/apache-combined-2015.log.gz");

/** The sample's lines (gunzipped in memory: it is small; the CLI streams). */
export function sampleLines(): string[] {
  return gunzipSync(readFileSync(SAMPLE_LOG)).toString("utf8").split("\n");
}
