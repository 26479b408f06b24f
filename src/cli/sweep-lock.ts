import { rmSync } from "node:fs";
import { hostname } from "node:os";
import { UserError } from "../scenario/errors.js";
import { ownerText, readHolder, tryLockFile } from "./output/lock.js";

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

/** Locks this process holds, released before it ends itself by a signal. */
const held = new Set<SweepLock>();

export function releaseAllSweepLocks(): void {
  for (const lock of [...held]) lock.release();
}

/*
 * While this process holds a lock, SIGINT and SIGTERM are the lock's guard's,
 * set in the same step as the lock file is written: no signal can end the
 * process between taking a lock and setting a handler (that left the lock
 * behind, and every later sweep into the folder refused). A running plan
 * takes the signal over (onSweepSignal): it stops, keeps what finished,
 * releases the locks and ends the process itself. Otherwise the guard
 * releases every lock and ends the process by the same signal, so a shell
 * sees an interrupted command.
 */
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
let interrupt: ((signal: NodeJS.Signals) => void) | null = null;

function guard(signal: NodeJS.Signals): void {
  if (interrupt) {
    interrupt(signal);
    return;
  }
  releaseAllSweepLocks();
  process.kill(process.pid, signal);
}

/** The guard is set exactly while a lock is held or a plan handles the signals. */
function setGuard(): void {
  const wanted = held.size > 0 || interrupt !== null;
  for (const s of SIGNALS) {
    const set = process.listeners(s).includes(guard);
    if (wanted && !set) process.on(s, guard);
    else if (!wanted && set) process.off(s, guard);
  }
}

/**
 * Hands SIGINT and SIGTERM to `handler` (instead of ending the process)
 * until the returned function is called. The handler ends the process itself.
 */
export function onSweepSignal(handler: (signal: NodeJS.Signals) => void): () => void {
  interrupt = handler;
  setGuard();
  return () => {
    if (interrupt === handler) interrupt = null;
    setGuard();
  };
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
    const lock: SweepLock = {
      path,
      release: () => {
        if (!held.delete(lock)) return;
        rmSync(path, { force: true });
        setGuard();
      },
    };
    held.add(lock);
    setGuard();
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
