import { rmSync } from "node:fs";
import { hostname } from "node:os";
import { UserError } from "../scenario/errors.js";
import { ownerText, readHolder, tryLockFile } from "./output/lock.js";
import { onSignalExit } from "./signal-exit.js";

/**
 * An exclusive lock on one task file (sweep.partial.jsonl, or a shard's), so
 * two sweeps started into one output folder cannot append to the same file.
 * The lock file follows rrdns's one lock rule (./output/lock.ts); a lock
 * whose owner cannot be read is never taken over here (a sweep can run for
 * days; removing it is left to the user, or to `sweep --cluster` once the
 * scheduler says no job runs).
 */
export interface SweepLock {
  readonly path: string;
  release(): void;
}

/** Locks this process holds, released before it ends itself by a signal (./signal-exit.ts). */
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
  const holder = tryLockFile(path, false);
  if (holder === null) {
    // The signal guard is set in the same step as the lock file is written: no
    // signal can end the process between the two (that left the lock behind,
    // and every later sweep into the folder refused).
    let forget = (): void => {};
    const lock: SweepLock = {
      path,
      release: () => {
        if (!held.delete(lock)) return;
        rmSync(path, { force: true });
        forget();
      },
    };
    held.add(lock);
    forget = onSignalExit(lock.release);
    return lock;
  }
  const remote = holder === "unknown" || holder.host !== hostname();
  throw new UserError(
    `${path}: another sweep is writing into this folder (${ownerText(holder)}); wait for it to finish, ` +
      "or give this one its own --out" +
      (remote ? "; if no such sweep runs any more, remove the lock file" : ""),
  );
}

export { readHolder };
