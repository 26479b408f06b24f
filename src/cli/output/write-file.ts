import { type Stats, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UserError } from "../../scenario/errors.js";
import { checkOutputFolder } from "./check-folder.js";
import { isSafeOutputPath } from "./manifest.js";
import { OutputFile } from "./output-file.js";
import { openOutputFolder } from "./write-folder.js";

export interface OutputFileOptions {
  /** The option that named the file, for messages ("-o"). */
  readonly flag: string;
  /** Files the command reads: the output may not be one of them (it would be emptied before it is read). */
  readonly inputs?: readonly string[];
  readonly gzip?: boolean;
  /** Recognises a file of this kind that rrdns wrote before manifests recorded single files. */
  readonly writtenBefore?: (file: string) => boolean;
}

/**
 * Writes one file of the user's naming (`fit -o`, `logs merge -o`) by the
 * rule every rrdns output follows: the file's folder is locked, the file is
 * written under a staging name and renamed into place whole, and the folder's
 * manifest records it; an existing file is replaced only if that manifest
 * says rrdns wrote it (never a user's file, never through a symbolic link),
 * and never when it is one of the command's inputs. `write` streams the
 * content; on any failure nothing is left under the final name.
 */
export async function writeOutputFile(
  target: string,
  options: OutputFileOptions,
  write: (file: OutputFile) => Promise<void>,
): Promise<void> {
  checkOutputFile(target, options);
  const { flag } = options;
  const name = basename(target);
  const output = openOutputFolder(dirname(target), [name], {
    flag,
    single: true,
    ...(options.writtenBefore ? { writtenBefore: options.writtenBefore } : {}),
  });
  const file = (() => {
    try {
      return new OutputFile(output.staged(name), options.gzip ?? false, `${flag} ${target}`);
    } catch (error) {
      output.abort();
      throw error;
    }
  })();
  try {
    await write(file);
    const entry = await file.end(name);
    output.commit([entry]);
  } catch (error) {
    file.destroy();
    output.abort();
    throw error;
  }
}

/**
 * The checks of writeOutputFile that need no lock, for a command to make
 * before its work (a bad -o should not cost a long fit): not a folder, not a
 * hidden name, not an input, in a folder rrdns may write.
 */
export function checkOutputFile(target: string, options: OutputFileOptions): void {
  const { flag } = options;
  if (target === "") throw new UserError(`${flag}: empty file name`);
  if (target.includes("\0")) throw new UserError(`${flag}: the file name contains a NUL byte`);
  const stat = statOrNull(target);
  if (target.endsWith("/") || stat?.isDirectory() === true)
    throw new UserError(
      `${flag} ${target}: is a folder; give a file name, e.g. ${flag} ${join(target, "out")}`,
    );
  const name = basename(target);
  if (!isSafeOutputPath(name))
    throw new UserError(
      `${flag} ${target}: rrdns does not write hidden files or names with control characters; choose another name`,
    );
  for (const input of options.inputs ?? []) {
    // The same file by any name: the path, another spelling, a hard or symbolic link.
    const other = statOrNull(input);
    if (stat && other && stat.dev === other.dev && stat.ino === other.ino)
      throw new UserError(
        `${flag} ${target}: is also an input (${input}); writing it would destroy what is read, choose another file`,
      );
  }
  checkOutputFolder(dirname(target), flag);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
