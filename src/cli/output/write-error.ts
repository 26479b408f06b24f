import { UserError } from "../../scenario/errors.js";

/** What the file-system errors a write can meet mean, in words a user can act on. */
const MEANING: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large for the file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  EISDIR: "a folder is in the way",
  ENOTDIR: "a file is in the way of a folder",
  EEXIST: "something is already there",
  ENOENT: "no such file or folder",
  ENAMETOOLONG: "name too long",
  ELOOP: "too many symbolic links",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  EIO: "input/output error",
  EBUSY: "resource busy",
  EXDEV: "crosses file systems",
  EINVAL: "invalid argument",
};

/** Whether `error` is a Node file-system error (it has an errno code). */
export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

/**
 * A file-system error met while writing, as one line naming what was being
 * written: `<what>: cannot write (ENOSPC: no space left on the device)`.
 * Errors that are not file-system errors (bugs) pass through unchanged.
 */
export function writeError(error: unknown, what: string): unknown {
  if (error instanceof UserError || !isFsError(error)) return error;
  const code = error.code!;
  const meaning = MEANING[code];
  return new UserError(`${what}: cannot write (${code}${meaning ? `: ${meaning}` : ""})`);
}
