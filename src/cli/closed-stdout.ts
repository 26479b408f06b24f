import { releaseAllSweepLocks } from "./sweep-lock.js";

/**
 * When the reader of stdout goes away (`rrdns list | head -2`), the next write
 * fails with EPIPE. Like `head`'s other writers, rrdns then ends quietly with
 * exit code 0: there is nobody left to tell, and the output folder is written
 * synchronously before anything is printed, so no file is left half done.
 * The same for stderr (`2>&1 | head`). Any other stream error is a bug.
 */
export function endQuietlyWhenOutputCloses(
  streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
      releaseAllSweepLocks();
      process.exit(0);
    });
  }
}
