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
import { UserError } from "../../scenario/errors.js";
import { onSignalExit } from "../signal-exit.js";
import { checkOutputFolder } from "./check-folder.js";
import { acquireFolderLock, isAlive, withFolderLock } from "./lock.js";
import {
  entryOf,
  isSafeOutputPath,
  MANIFEST,
  type Manifest,
  type ManifestEntry,
  manifestOf,
  parseManifest,
  readManifest,
  writeManifest,
} from "./manifest.js";
import { writeError } from "./write-error.js";

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

/** Test-only: kill the process after this many renames, to test recovery (see docs/guides/cli-usage.md). */
const CRASH_AFTER_RENAMES = "RRDNS_TEST_CRASH_AFTER_RENAMES";

export interface WriteFolderOptions {
  /** The option that named the folder, for messages ("--out", "--access-logs", "-o"). */
  readonly flag?: string;
  /**
   * Which files of the previous output stay part of this one when not
   * rewritten (`rrdns report` keeps the results.json it redraws from).
   * Default: none, so an output replaces the previous one whole.
   */
  readonly keep?: (path: string) => boolean;
  /**
   * One file of its own (`fit -o`, `logs merge -o`), not a folder's output:
   * it replaces only that file; everything else the manifest lists stays,
   * and the file stays when a later folder output replaces the rest.
   */
  readonly single?: boolean;
  /**
   * Recognises a file rrdns wrote before its folder's manifest recorded it
   * (fit's scenario, by its "Written by rrdns fit" header): such a file, at a
   * path this output writes, may be replaced.
   */
  readonly writtenBefore?: (file: string) => boolean;
}

/**
 * An output being written into a folder (see above), open between
 * openOutputFolder and commit or abort: the folder is locked, every path was
 * checked free (or rrdns's own), and the files are written under staged(path)
 * by the caller, streamed if need be, before commit() moves them into place.
 */
export interface StagedOutput {
  readonly folder: string;
  /** Where the file `path` (relative to the folder) is written before commit. */
  staged(path: string): string;
  /** Writes the manifest of `entries` (one per path opened) and switches the folder to the new output. */
  commit(entries: readonly ManifestEntry[]): void;
  /** Drops what was staged and unlocks; the folder keeps its previous output. */
  abort(): void;
}

/**
 * Opens `folder` for an output of `paths` (relative, "/"-separated). A path
 * that holds a file rrdns did not write (a user's file, a symbolic link) is
 * refused, never overwritten or followed; file-system failures become a
 * UserError naming the folder.
 */
export function openOutputFolder(
  folder: string,
  paths: readonly string[],
  options: WriteFolderOptions = {},
): StagedOutput {
  const flag = options.flag ?? "--out";
  checkOutputFolder(folder, flag);
  for (const path of paths) {
    if (!isSafeOutputPath(path)) throw new Error(`openOutputFolder: unsafe path '${path}'`);
  }
  const what = `${flag} ${folder}`;
  const staging = join(folder, `.rrdns-staging-${process.pid}`);
  let release: () => void;
  try {
    mkdirSync(folder, { recursive: true });
    release = acquireFolderLock(folder);
  } catch (error) {
    throw writeError(error, what);
  }
  let previous: Manifest | null;
  let unlocked = false;
  const unlock = () => {
    if (unlocked) return;
    unlocked = true;
    closed(unlock);
    try {
      rmSync(staging, { recursive: true, force: true });
    } finally {
      release();
    }
  };
  whileOpen(unlock);
  try {
    recoverInterrupted(folder);
    previous = readManifest(folder);
    const ours = new Set(
      previous ? previous.files.map((e) => e.path) : legacyOutputs(folder, paths),
    );
    if (options.writtenBefore)
      for (const path of paths) {
        const file = join(folder, path);
        if (lstatOrNull(file)?.isFile() && options.writtenBefore(file)) ours.add(path);
      }
    checkFree(folder, paths, ours, flag);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
    for (const path of paths) mkdirSync(dirname(join(staging, path)), { recursive: true });
  } catch (error) {
    unlock();
    throw writeError(error, what);
  }
  const written = new Set(paths);
  return {
    folder,
    staged: (path) => join(staging, path),
    commit(entries) {
      try {
        const carried: ManifestEntry[] = [];
        for (const e of previous?.files ?? []) {
          if (written.has(e.path) || !existsSync(join(folder, e.path))) continue;
          if (options.single || e.single) carried.push(e);
          else if (options.keep?.(e.path))
            carried.push(entryOf(e.path, readFileSync(join(folder, e.path))));
        }
        const mine = options.single
          ? entries.map((e) => ({ ...e, single: true as const }))
          : entries;
        writeManifest(join(staging, MANIFEST), manifestOf([...mine, ...carried])); // last: the staging is complete
        commitStaged(folder, staging);
      } catch (error) {
        throw writeError(error, what);
      } finally {
        unlock();
      }
    },
    abort: unlock,
  };
}

/**
 * The staged outputs open in this process (a run streaming its access logs,
 * a merge streaming its -o file: minutes, hundreds of MB). Interrupted
 * (Ctrl-C, SIGTERM, a hang-up), the process drops them — staging folder and
 * lock — and then dies by the same signal (../signal-exit.ts).
 */
const openOutputs = new Map<() => void, () => void>();

function whileOpen(abort: () => void): void {
  openOutputs.set(abort, onSignalExit(abort));
}

function closed(abort: () => void): void {
  openOutputs.get(abort)?.();
  openOutputs.delete(abort);
}

/**
 * Writes `files` (paths relative to `folder`) as one output, atomically for
 * the folder as a whole (see above). A path that holds a file rrdns did not
 * write is refused, never overwritten. File-system failures become a
 * UserError naming the folder.
 */
export function writeOutputFolder(
  folder: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  options: WriteFolderOptions = {},
): void {
  const output = openOutputFolder(folder, [...files.keys()], options);
  const entries: ManifestEntry[] = [];
  try {
    for (const [path, data] of files) {
      writeFileSync(output.staged(path), data, { flag: "wx" });
      entries.push(entryOf(path, data));
    }
  } catch (error) {
    output.abort();
    throw writeError(error, `${options.flag ?? "--out"} ${folder}`);
  }
  output.commit(entries);
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
  paths: readonly string[],
  ours: ReadonlySet<string>,
  flag: string,
): void {
  const problems: string[] = [];
  for (const path of paths) {
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
    else if (stat.isSymbolicLink())
      problems.push(`${path} is a symbolic link (rrdns never writes through one)`);
    else if (!ours.has(path)) problems.push(`${path} exists and was not written by rrdns`);
  }
  if (problems.length === 0) return;
  const unique = [...new Set(problems)];
  const shown = unique.slice(0, 5);
  const more = unique.length > shown.length ? `\n  … and ${unique.length - shown.length} more` : "";
  throw new UserError(
    `${folder}: will not overwrite what is not rrdns output (no ${MANIFEST} lists it):\n  ${shown.join("\n  ")}${more}\nMove these away, or choose another ${flag}.`,
  );
}

/**
 * Folders written by rrdns before manifests existed (the committed reports/
 * among them) have no manifest but an rrdns JSON output: rrdns may overwrite
 * the files it is about to write there, and removes nothing.
 */
function legacyOutputs(folder: string, paths: readonly string[]): string[] {
  const marker = ["results.json", "sweep.json", "ttl.json"].find((name) => {
    if (!paths.includes(name)) return false;
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
  return marker ? [...paths] : [];
}

function lstatOrNull(path: string): ReturnType<typeof lstatSync> | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
