import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../scenario/errors.js";

/**
 * The record of what an rrdns command wrote into an output folder, with a
 * content hash per file. Later commands replace or remove only files listed
 * here; anything else in the folder is the user's. It is renamed into place
 * last, so a folder whose files match its manifest is one complete output.
 */
export const MANIFEST = ".rrdns-manifest.json";

export interface ManifestEntry {
  /** Relative to the output folder, "/"-separated. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /**
   * Written on its own (`fit -o`, `logs merge -o`): it stays when a later
   * output of the folder replaces the rest.
   */
  readonly single?: true;
}

export interface Manifest {
  readonly rrdns: "output-manifest";
  readonly format: 1;
  /** Sorted by path, so the same output gives the same manifest bytes. */
  readonly files: readonly ManifestEntry[];
}

/**
 * Plain relative paths only (no segment starts with a dot, so no "..", no
 * hidden files, no backslash or control character): a tampered manifest must
 * not point rrdns at files outside the folder. Other characters (spaces,
 * accents) are allowed: `fit -o "my site.yaml"` names a file of the user's choosing.
 */
function isSafeSegment(segment: string): boolean {
  if (segment === "" || segment.startsWith(".")) return false;
  for (const ch of segment) {
    const code = ch.codePointAt(0)!;
    if (code < 32 || code === 127 || ch === "\\") return false;
  }
  return true;
}

export function isSafeOutputPath(path: string): boolean {
  return path.split("/").every(isSafeSegment);
}

export function entryOf(path: string, data: string | Uint8Array): ManifestEntry {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  return { path, sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
}

export function manifestOf(entries: Iterable<ManifestEntry>): Manifest {
  const files = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { rrdns: "output-manifest", format: 1, files };
}

export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function writeManifest(path: string, manifest: Manifest): void {
  writeFileSync(path, manifestText(manifest));
}

/** The manifest in `folder`, or null if there is none. A malformed one is a UserError, never a guess. */
export function readManifest(folder: string): Manifest | null {
  const path = join(folder, MANIFEST);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const manifest = parseManifest(text);
  if (!manifest) {
    throw new UserError(
      `${path}: not an rrdns output manifest; rrdns will not guess which files in ${folder} are its own (delete the manifest, or choose another --out)`,
    );
  }
  return manifest;
}

export function parseManifest(text: string): Manifest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const m = value as Partial<Manifest> | null;
  if (m?.rrdns !== "output-manifest" || m.format !== 1 || !Array.isArray(m.files)) return null;
  const ok = m.files.every(
    (e: Partial<ManifestEntry> | null) =>
      !!e &&
      typeof e.path === "string" &&
      isSafeOutputPath(e.path) &&
      e.path !== MANIFEST &&
      typeof e.sha256 === "string" &&
      /^[0-9a-f]{64}$/.test(e.sha256) &&
      Number.isSafeInteger(e.bytes) &&
      (e.single === undefined || e.single === true),
  );
  return ok ? manifestOf(m.files) : null;
}

/** The files of `folder` that differ from its manifest (missing or changed), for readers that verify. */
export function mismatchedFiles(folder: string, manifest: Manifest): string[] {
  return manifest.files
    .filter((e) => {
      try {
        return entryOf(e.path, readFileSync(join(folder, e.path))).sha256 !== e.sha256;
      } catch {
        return true;
      }
    })
    .map((e) => e.path);
}
