import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../scenario/index.js";

/** The bundled scenarios folder, next to dist/ or src/ in the package. */
export const BUNDLED_SCENARIOS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../scenarios",
);

/** Resolves a scenario argument: an existing path, or the name of a bundled scenario. */
export function resolveScenarioPath(arg: string): string {
  if (existsSync(arg)) return arg;
  for (const ext of [".yaml", ".yml", ".json"]) {
    const candidate = join(BUNDLED_SCENARIOS, `${arg}${ext}`);
    if (existsSync(candidate)) return candidate;
  }
  throw new UserError(
    `${arg}: no such file, and no bundled scenario of that name (see 'rrdns list')`,
  );
}

/** Reads a text file, turning "not found" and friends into a UserError. */
export function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new UserError(`${path}: cannot read (${code})`);
  }
}

/** The bundled scenario files, sorted by name. */
export function bundledScenarioFiles(): string[] {
  if (!existsSync(BUNDLED_SCENARIOS)) return [];
  return readdirSync(BUNDLED_SCENARIOS)
    .filter((f) => [".yaml", ".yml"].includes(extname(f)))
    .sort()
    .map((f) => join(BUNDLED_SCENARIOS, f));
}

export function scenarioNameOf(path: string): string {
  return basename(path, extname(path));
}

/**
 * Writes a file atomically: the data goes to a temporary file in the same
 * folder, which is then renamed over the target, so a reader (or an
 * interrupted run) never sees half a file.
 */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Writes a set of files into `folder`: everything is written to a staging
 * folder first and only then renamed into place, so each file is either its
 * old or its new version, never half written. Files this command owns
 * (`owned`: names, or folder prefixes ending in "/") that the new set does not
 * contain are removed, so a `--no-report` run does not leave an old report
 * beside new results. File-system failures (an `--out` that is a file, no
 * permission) become a UserError naming the path.
 */
export function writeAllAtomic(
  folder: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  owned: readonly string[] = [],
): void {
  const staging = join(folder, `.staging-${process.pid}`);
  try {
    mkdirSync(folder, { recursive: true });
    rmSync(staging, { recursive: true, force: true });
    for (const [name, data] of files) {
      const target = join(staging, name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
    for (const name of files.keys()) {
      const target = join(folder, name);
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(staging, name), target);
    }
    removeStale(folder, files, owned);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (typeof e.code === "string" && typeof e.path === "string") {
      throw new UserError(`${folder}: cannot write the output (${e.code} on ${e.path})`);
    }
    throw error;
  } finally {
    try {
      rmSync(staging, { recursive: true, force: true });
    } catch {
      // Nothing was staged where the folder could not be made.
    }
  }
}

function removeStale(
  folder: string,
  written: ReadonlyMap<string, unknown>,
  owned: readonly string[],
): void {
  for (const entry of owned) {
    if (entry.endsWith("/")) {
      const dir = join(folder, entry);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        if (!written.has(`${entry}${name}`)) rmSync(join(dir, name), { force: true });
      }
      if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
    } else if (!written.has(entry)) {
      rmSync(join(folder, entry), { force: true });
    }
  }
}
