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
import { writeError } from "./output/write-error.js";

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
    throw writeError(error, path);
  }
}

/*
 * Output folders (manifest, lock, staged switch) live in ./output/. The sweep
 * commands call the writer by its older name; the alias can go once they use
 * the new one.
 */
export { writeOutputFolder, writeOutputFolder as writeAllAtomic } from "./output/write-folder.js";
