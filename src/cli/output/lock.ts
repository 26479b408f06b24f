import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../scenario/index.js";
import { createExclusiveFile } from "./exclusive-file.js";

/** Held while a command switches an output folder, so two writers never interleave. */
export const LOCK = ".rrdns-lock";

/** A lock younger than this with no readable pid may be one being written right now. */
const FRESH_MS = 5_000;

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
  acquire(folder, lock);
  return () => rmSync(lock, { force: true });
}

function acquire(folder: string, lock: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createExclusiveFile(lock, `${JSON.stringify({ pid: process.pid })}\n`);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = lockHolder(lock);
    if (holder === "busy" || (holder !== null && isAlive(holder))) {
      const who =
        holder === "busy" ? "another rrdns process" : `another rrdns process (pid ${holder})`;
      throw new UserError(
        `${folder}: ${who} is writing this folder; wait for it to finish (or delete ${lock} if no rrdns is running)`,
      );
    }
    rmSync(lock, { force: true });
  }
  throw new UserError(`${folder}: could not take ${lock}; another rrdns process keeps taking it`);
}

/** The pid in a lock file; null if it is gone or unreadable and old; "busy" if unreadable but fresh. */
function lockHolder(lock: string): number | null | "busy" {
  try {
    const pid = (JSON.parse(readFileSync(lock, "utf8")) as { pid?: unknown }).pid;
    if (typeof pid === "number" && Number.isSafeInteger(pid) && pid > 0) return pid;
  } catch {
    // Unreadable: judged by its age below.
  }
  try {
    return Date.now() - statSync(lock).mtimeMs < FRESH_MS ? "busy" : null;
  } catch {
    return null;
  }
}
