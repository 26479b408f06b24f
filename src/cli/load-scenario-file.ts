import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
import { loadScenario, MAX_FILE_BYTES, type Scenario, UserError } from "../scenario/index.js";
import { resolveScenarioPath } from "./files.js";

/** Reads and validates a scenario given by path or bundled name. */
export function loadScenarioFile(arg: string): { path: string; scenario: Scenario } {
  const path = resolveScenarioPath(arg);
  return { path, scenario: loadScenario(readScenarioText(path), path) };
}

/**
 * Reads a scenario file of at most MAX_FILE_BYTES. Only regular files: a
 * device (`/dev/zero`) or a FIFO would be read until memory runs out, or
 * block forever. The size is checked before reading, and the read itself is
 * capped too, for files that grow or report no size (/proc).
 */
export function readScenarioText(path: string): string {
  const limit = `${MAX_FILE_BYTES / 1024 / 1024} MiB`;
  let fd: number;
  try {
    // stat before open: opening a FIFO for reading blocks until a writer comes.
    const info = statSync(path);
    if (!info.isFile()) throw new UserError(`${path}: not a regular file`);
    if (info.size > MAX_FILE_BYTES) {
      throw new UserError(`${path}: ${info.size} bytes; scenario files are at most ${limit}`);
    }
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw asUserError(error, path);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new UserError(`${path}: not a regular file`);
    const buffer = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_FILE_BYTES) {
        throw new UserError(`${path}: more than ${limit}; scenario files are at most ${limit}`);
      }
    }
    return buffer.toString("utf8", 0, length);
  } catch (error) {
    throw asUserError(error, path);
  } finally {
    closeSync(fd);
  }
}

function asUserError(error: unknown, path: string): UserError {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? "error";
  return new UserError(`${path}: cannot read (${code})`);
}

/**
 * Commands that run many settings in worker processes (sweep, ttl, plan)
 * never read a trace file: said before any worker starts, with the ways that
 * do work.
 */
export function refuseTrace(scenario: Scenario, path: string, command: string): void {
  if (scenario.clients.trace)
    throw new UserError(
      `${path}: clients.trace: rrdns ${command} does not replay trace files; replay one setting at a time with rrdns run (--replications for error bars), or fit the log with rrdns fit and ${command} the fitted scenario`,
    );
}
