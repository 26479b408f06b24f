import { accessSync, constants, realpathSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UserError } from "../../scenario/errors.js";

/** Kernel and device file systems: writing reports there hangs, fails oddly or does harm. */
const SYSTEM_ROOTS = ["/proc", "/sys", "/dev"];

/**
 * Refuses, quickly and with a clear message, an output folder rrdns cannot or
 * must not write: an empty name, a path that is a file, a folder without
 * write permission, or anything under /proc, /sys or /dev (symlinks resolved,
 * so `--out /proc/self` is caught before anything touches it). The folder
 * itself need not exist yet; its nearest existing ancestor is checked.
 */
export function checkOutputFolder(folder: string, flag = "--out"): void {
  if (folder === "")
    throw new UserError(`${flag}: empty folder name; give a folder, e.g. ${flag} reports/try1`);
  if (folder.includes("\0")) throw new UserError(`${flag}: the folder name contains a NUL byte`);
  let existing = resolve(folder);
  while (!exists(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const real = realpathSync(existing);
  const root = SYSTEM_ROOTS.find((r) => real === r || real.startsWith(`${r}/`));
  if (root) {
    throw new UserError(
      `${flag} ${folder}: ${real} is under ${root}, a system file system; choose a normal folder`,
    );
  }
  if (!statSync(real).isDirectory()) {
    const what =
      existing === resolve(folder)
        ? "is a file, not a folder"
        : `cannot be made: ${existing} is a file`;
    throw new UserError(`${flag} ${folder}: ${what}`);
  }
  try {
    accessSync(real, constants.W_OK | constants.X_OK);
  } catch {
    throw new UserError(`${flag} ${folder}: no permission to write in ${existing}`);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
