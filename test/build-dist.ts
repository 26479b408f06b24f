import { execFileSync } from "node:child_process";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Written after each build; a source newer than it means dist/ is stale. */
const STAMP = join(ROOT, "dist", ".build-stamp");

/** The newest modification time (ms) of the files tsc reads for dist/. */
function newestSource(): number {
  let newest = 0;
  const visit = (dir: string): void => {
    // A folder's time changes when a file is added, moved or removed in it.
    newest = Math.max(newest, statSync(dir).mtimeMs);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(join(ROOT, "src"));
  for (const file of ["tsconfig.json", "tsconfig.build.json", "package.json"])
    newest = Math.max(newest, statSync(join(ROOT, file)).mtimeMs);
  return newest;
}

/** A file's modification time (ms), or -1 when it is missing. */
function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * When dist/ was last built whole: the stamp this setup writes, or the time
 * tsc wrote the CLI's entry point. tsc (tsconfig.build.json, not incremental)
 * rewrites every output on each build, so a `npx tsc -p tsconfig.build.json`
 * or npm's `prepare` (which `npm ci` runs: CI's fresh clone has dist/ but no
 * stamp) counts as a build too, and the test run does not compile it again
 * (14 CPU-s, before any test starts: every project's globalSetup runs first).
 */
function buildTime(): number {
  return Math.max(mtime(STAMP), mtime(join(ROOT, "dist", "cli", "main.js")));
}

/**
 * Builds dist/ for the tests that run the built CLI or its worker files, once
 * per run and only when a source changed since the last build: a targeted
 * e2e run on unchanged sources starts at once, and unit tests never build.
 */
export default function setup(): void {
  if (buildTime() > newestSource()) return;
  execFileSync(
    process.execPath,
    [resolve(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    { cwd: ROOT, stdio: "inherit" },
  );
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}
