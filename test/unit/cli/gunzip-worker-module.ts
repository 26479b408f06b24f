import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { ROOT } from "../../cli-helpers.js";

/**
 * The gunzip thread (src/cli/gunzip-worker.ts) compiled from its source
 * alone into `dir`, for tests that run from the sources, where there is no
 * built worker: it imports only node: modules, so one file is enough.
 */
export function compileGunzipWorker(dir: string): string {
  const path = join(dir, "gunzip-worker.mjs");
  const source = readFileSync(join(ROOT, "src/cli/gunzip-worker.ts"), "utf8");
  writeFileSync(path, transformSync(source, { loader: "ts", format: "esm" }).code);
  return path;
}
