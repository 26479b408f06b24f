import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "../../scenario/index.js";
import { checkOutputFolder } from "./check-folder.js";
import { isAlive, withFolderLock } from "./lock.js";
import {
  entryOf,
  isSafeOutputPath,
  MANIFEST,
  type Manifest,
  manifestOf,
  parseManifest,
  readManifest,
  writeManifest,
} from "./manifest.js";

/*
 * How an output folder switches from one complete output to the next:
 *
 *   lock .rrdns-lock ─► finish or discard what a dead writer left
 *     ─► check: every path to write is free or listed in the old manifest
 *     ─► write all files, then the new manifest, into .rrdns-staging-<pid>/
 *     ─► rename each file into place ─► remove files the old manifest lists
 *        and the new one does not ─► rename the new manifest into place
 *     ─► remove the staging folder, unlock
 *
 * A staging folder holding a manifest is complete, so if the writer is killed
 * anywhere in the rename phase the next writer (or `rrdns report`) rolls it
 * forward: the files still in staging are renamed, the stale ones removed,
 * the manifest moved last. Files no manifest lists are never touched.
 */

const STAGING = /^\.rrdns-staging-(\d+)$/;
/** Staging folders of rrdns versions before the manifest (never complete: always discarded). */
const OLD_STAGING = /^\.staging-(\d+)$/;

/** Test-only: kill the process after this many renames, to test recovery (see the README). */
const CRASH_AFTER_RENAMES = "RRDNS_TEST_CRASH_AFTER_RENAMES";

export interface WriteFolderOptions {
  /**
   * Which files of the previous output stay part of this one when not
   * rewritten (`rrdns report` keeps the results.json it redraws from).
   * Default: none, so an output replaces the previous one whole.
   */
  readonly keep?: (path: string) => boolean;
}

/**
 * Writes `files` (paths relative to `folder`) as one output, atomically for
 * the folder as a whole (see above). A path that holds a file rrdns did not
 * write is refused, never overwritten. File-system failures become a
 * UserError naming the path.
 */
export function writeOutputFolder(
  folder: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  options: WriteFolderOptions = {},
): void {
  checkOutputFolder(folder);
  for (const path of files.keys()) {
    if (!isSafeOutputPath(path)) throw new Error(`writeOutputFolder: unsafe path '${path}'`);
  }
  const staging = join(folder, `.rrdns-staging-${process.pid}`);
  try {
    mkdirSync(folder, { recursive: true });
    withFolderLock(folder, () => {
      recoverInterrupted(folder);
      const previous = readManifest(folder);
      const ours = new Set(
        previous ? previous.files.map((e) => e.path) : legacyOutputs(folder, files),
      );
      checkFree(folder, files, ours);
      const entries = [...files].map(([path, data]) => entryOf(path, data));
      for (const e of previous?.files ?? []) {
        if (!files.has(e.path) && options.keep?.(e.path) && existsSync(join(folder, e.path))) {
          entries.push(entryOf(e.path, readFileSync(join(folder, e.path))));
        }
      }
      rmSync(staging, { recursive: true, force: true });
      for (const [path, data] of files) {
        mkdirSync(dirname(join(staging, path)), { recursive: true });
        writeFileSync(join(staging, path), data);
      }
      mkdirSync(staging, { recursive: true });
      writeManifest(join(staging, MANIFEST), manifestOf(entries)); // last: the staging is complete
      commitStaged(folder, staging);
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (typeof e.code === "string" && typeof e.path === "string") {
      throw new UserError(`${folder}: cannot write the output (${e.code} on ${e.path})`);
    }
    throw error;
  } finally {
    try {
      rmSync(staging, { recursive: true, force: true });
    } catch {
      // Nothing was staged where the folder could not be made.
    }
  }
}

/**
 * Finishes or discards what writers that died left in `folder` (call with the
 * lock held): complete staging folders are rolled forward, the rest removed.
 * Returns whether there was anything to do.
 */
export function recoverInterrupted(folder: string): boolean {
  let found = false;
  for (const name of readdirSync(folder)) {
    const pid = Number((STAGING.exec(name) ?? OLD_STAGING.exec(name))?.[1]);
    if (!pid || (pid !== process.pid && isAlive(pid))) continue;
    found = true;
    const staging = join(folder, name);
    if (STAGING.test(name) && stagedManifest(staging)) commitStaged(folder, staging);
    rmSync(staging, { recursive: true, force: true });
  }
  return found;
}

/** Makes `folder` consistent before it is read: finishes an interrupted switch, if any. */
export function settleOutputFolder(folder: string): void {
  if (
    !existsSync(folder) ||
    !readdirSync(folder).some((n) => STAGING.test(n) || OLD_STAGING.test(n))
  )
    return;
  withFolderLock(folder, () => recoverInterrupted(folder));
}

function stagedManifest(staging: string): Manifest | null {
  try {
    return parseManifest(readFileSync(join(staging, MANIFEST), "utf8"));
  } catch {
    return null;
  }
}

/** The rename phase, idempotent: files already moved are simply no longer in staging. */
function commitStaged(folder: string, staging: string): void {
  const next = stagedManifest(staging);
  if (!next) throw new Error(`commitStaged: ${staging} has no manifest`);
  const crashAfter = Number(process.env[CRASH_AFTER_RENAMES] ?? Number.NaN);
  let renames = 0;
  for (const { path } of next.files) {
    const from = join(staging, path);
    if (!existsSync(from)) continue;
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    renameSync(from, join(folder, path));
    if (++renames === crashAfter) process.kill(process.pid, "SIGKILL");
  }
  const listed = new Set(next.files.map((e) => e.path));
  for (const e of readManifest(folder)?.files ?? []) {
    if (!listed.has(e.path)) removeOutputFile(folder, e.path);
  }
  renameSync(join(staging, MANIFEST), join(folder, MANIFEST));
}

/** Removes one file rrdns wrote, then the folders it leaves empty (never a folder with anything in it). */
function removeOutputFile(folder: string, path: string): void {
  const target = join(folder, path);
  if (!existsSync(target) || lstatSync(target).isDirectory()) return;
  rmSync(target, { force: true });
  for (let dir = dirname(path); dir !== "."; dir = dirname(dir)) {
    try {
      rmdirSync(join(folder, dir));
    } catch {
      return; // not empty (a user's file or subfolder): it stays
    }
  }
}

/** Refuses paths that hold something rrdns did not write, or where a file sits in the way of a folder. */
function checkFree(
  folder: string,
  files: ReadonlyMap<string, unknown>,
  ours: ReadonlySet<string>,
): void {
  const problems: string[] = [];
  for (const path of files.keys()) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      const stat = lstatOrNull(join(folder, dir));
      if (stat && !stat.isDirectory())
        problems.push(`${dir} is a file where rrdns writes a folder`);
    }
    const stat = lstatOrNull(join(folder, path));
    if (!stat) continue;
    if (stat.isDirectory()) problems.push(`${path} is a folder where rrdns writes a file`);
    else if (!ours.has(path)) problems.push(`${path} exists and was not written by rrdns`);
  }
  if (problems.length === 0) return;
  const unique = [...new Set(problems)];
  const shown = unique.slice(0, 5);
  const more = unique.length > shown.length ? `\n  … and ${unique.length - shown.length} more` : "";
  throw new UserError(
    `${folder}: will not overwrite what is not rrdns output (no ${MANIFEST} lists it):\n  ${shown.join("\n  ")}${more}\nMove these away, or choose another --out.`,
  );
}

/**
 * Folders written by rrdns before manifests existed (the committed reports/
 * among them) have no manifest but an rrdns JSON output: rrdns may overwrite
 * the files it is about to write there, and removes nothing.
 */
function legacyOutputs(folder: string, files: ReadonlyMap<string, unknown>): string[] {
  const marker = ["results.json", "sweep.json", "ttl.json"].find((name) => {
    if (!files.has(name)) return false;
    try {
      const value = JSON.parse(readFileSync(join(folder, name), "utf8")) as Record<string, unknown>;
      return (
        typeof value.version === "string" &&
        ("scenarioSpec" in value || typeof value.rrdns === "string")
      );
    } catch {
      return false;
    }
  });
  return marker ? [...files.keys()] : [];
}

function lstatOrNull(path: string): ReturnType<typeof lstatSync> | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
