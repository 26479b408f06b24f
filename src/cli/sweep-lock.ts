import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { UserError } from "../scenario/index.js";
import { createExclusiveFile } from "./output/exclusive-file.js";
import { isAlive } from "./output/lock.js";

/**
 * An exclusive lock on one task file (sweep.partial.jsonl, or a shard's), so
 * two sweeps started into one output folder cannot append to the same file.
 * The lock is a file holding the owner's pid and host, written under a
 * temporary name and hard-linked into place: link() fails if the lock
 * exists, so taking it is exclusive, a reader never sees it empty, and it
 * stays exclusive on NFS, where O_EXCL was not always (shared cluster folders). A lock left by a process that died (same host, pid gone) is taken
 * over; one held by a live process, or by another host (the pid cannot be
 * checked from here), is refused with a message saying what to do.
 */
export interface SweepLock {
  readonly path: string;
  release(): void;
}

/** Locks this process holds, released before it ends itself by a signal. */
const held = new Set<SweepLock>();

export function releaseAllSweepLocks(): void {
  for (const lock of [...held]) lock.release();
}

/** Runs `work` holding the lock at `path`, released however it ends. */
export async function withSweepLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const lock = acquireSweepLock(path);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

export function acquireSweepLock(path: string): SweepLock {
  mkdirSync(dirname(path), { recursive: true });
  const owner = { pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createExclusiveFile(path, `${JSON.stringify(owner)}\n`);
      const lock: SweepLock = {
        path,
        release: () => {
          if (held.delete(lock)) rmSync(path, { force: true });
        },
      };
      held.add(lock);
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(path);
    if (holder && holder.host === owner.host && !isAlive(holder.pid)) {
      // Stale: its process died without releasing it (killed, machine crash). Take it over.
      rmSync(path, { force: true });
      continue;
    }
    const who = holder
      ? `rrdns process ${holder.pid}${holder.host === owner.host ? "" : ` on ${holder.host}`}`
      : "another rrdns process";
    throw new UserError(
      `${path}: another sweep is writing into this folder (${who}); wait for it to finish, ` +
        "or give this one its own --out" +
        (holder === null || holder.host !== owner.host
          ? "; if no such sweep runs any more, remove the lock file"
          : ""),
    );
  }
  throw new UserError(`${path}: could not take the sweep lock; remove the file if no sweep runs`);
}

export function readHolder(path: string): { pid: number; host: string } | null {
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as { pid?: unknown; host?: unknown };
    return Number.isSafeInteger(value.pid) && typeof value.host === "string"
      ? { pid: value.pid as number, host: value.host }
      : null;
  } catch {
    return null;
  }
}
