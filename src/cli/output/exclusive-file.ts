import { linkSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Creates `path` holding `content`, failing with EEXIST if it exists. The
 * content is written to a private temporary file first and hard-linked into
 * place, so no reader ever sees the file empty or half written (as it could
 * between an O_EXCL open and the write): a lock's owner is readable the
 * moment the lock exists.
 */
export function createExclusiveFile(path: string, content: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temp, content);
  try {
    linkSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}
