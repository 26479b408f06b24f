import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { UserError } from "../../scenario/errors.js";
import { createExclusiveFile } from "./exclusive-file.js";

/*
 * The one lock-file rule of rrdns, for output folders (.rrdns-lock: a run's
 * --out, its --access-logs for the whole run, a -o file's folder) and for a
 * sweep's task files (sweep.lock, a shard's): the lock is a file holding the
 * owner's pid and host, written under a temporary name and hard-linked into
 * place — link() fails if the lock exists, so taking it is exclusive, a
 * reader never sees it empty, and it stays exclusive on NFS, where O_EXCL
 * was not always (shared cluster folders). A lock left by a process that
 * died (same host, pid gone) is taken over; one held by a live process, or
 * by another host (the pid cannot be checked from here), is kept and the
 * caller refuses with a message saying what to do.
 */

/** Held while a command switches an output folder, so two writers never interleave. */
export const LOCK = ".rrdns-lock";

/** A lock younger than this with no readable owner may be one being written right now. */
const FRESH_MS = 5_000;

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

/** Whether a process of that id is running (EPERM: it runs, as another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The owner written in a lock file, or null if it is gone or unreadable. A
 * lock without a host (an output folder's lock of an older rrdns) is taken
 * as this host's, as that rrdns did.
 */
export function readHolder(path: string): LockOwner | null {
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as { pid?: unknown; host?: unknown };
    const pid = value.pid;
    if (typeof pid !== "number" || !Number.isSafeInteger(pid) || pid <= 0) return null;
    if (value.host === undefined) return { pid, host: hostname() };
    return typeof value.host === "string" ? { pid, host: value.host } : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock file at `path` (its folder made if need be). Returns null
 * when taken, else who keeps it: the live (or remote) owner, or "unknown"
 * for a lock whose owner cannot be read (a foreign or older rrdns's, or one
 * being written right now). `staleUnknown`: an unreadable lock older than a
 * few seconds is taken over too (output folders: rrdns writes its locks
 * whole, so such a lock is no live rrdns's).
 */
export function tryLockFile(path: string, staleUnknown: boolean): LockOwner | "unknown" | null {
  mkdirSync(dirname(path), { recursive: true });
  const me: LockOwner = { pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createExclusiveFile(path, `${JSON.stringify(me)}\n`);
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(path);
    const stale = holder
      ? holder.host === me.host && !isAlive(holder.pid)
      : staleUnknown && !isFresh(path);
    if (!stale) return holder ?? "unknown";
    // Its process died without releasing it (killed, machine crash): take it over.
    rmSync(path, { force: true });
  }
  return "unknown";
}

function isFresh(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs < FRESH_MS;
  } catch {
    return false;
  }
}

/** "rrdns process 123", with its host when it is not this one. */
export function ownerText(holder: LockOwner | "unknown"): string {
  if (holder === "unknown") return "another rrdns process";
  return `rrdns process ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`}`;
}

/**
 * Takes the folder's lock, runs `body`, releases it. A lock left by a process
 * that no longer runs is taken over (the body's recovery finishes that
 * process's work); one held by a running process is a UserError.
 */
export function withFolderLock<T>(folder: string, body: () => T): T {
  const release = acquireFolderLock(folder);
  try {
    return body();
  } finally {
    release();
  }
}

/**
 * Takes the folder's lock for work that spans awaits (a run streaming its
 * access logs, a merge streaming its output); returns the release. Same
 * rules as withFolderLock.
 */
export function acquireFolderLock(folder: string): () => void {
  const lock = join(folder, LOCK);
  const holder = tryLockFile(lock, true);
  if (holder !== null) {
    const who =
      holder === "unknown"
        ? "another rrdns process"
        : `another rrdns process (pid ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`})`;
    throw new UserError(
      `${folder}: ${who} is writing this folder; wait for it to finish (or delete ${lock} if no rrdns is running)`,
    );
  }
  return () => rmSync(lock, { force: true });
}
