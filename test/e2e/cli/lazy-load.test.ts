import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, ROOT } from "../../cli-helpers.js";

/*
 * Commands load what they use when they run: building the program (names,
 * options, help) must not load the simulator, the schema (zod) or the
 * renderer (vega, resvg). Checked by what the process resolves, not by time,
 * so the test holds on a busy machine.
 */

const tmp = mkdtempSync(join(tmpdir(), "rrdns-lazy-"));
const RECORDER = fileURLToPath(new URL("../../cli/fixtures/record-modules.mjs", import.meta.url));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let runs = 0;
/** The modules `rrdns <args>` resolves: packages by name, our own files relative to the repository. */
function loadedBy(
  args: readonly string[],
  status = 0,
): { packages: Set<string>; files: Set<string> } {
  const record = join(tmp, `modules-${runs++}.txt`);
  const r = spawnSync(process.execPath, ["--import", RECORDER, CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, RRDNS_RECORD_MODULES: record },
  });
  expect(r.status, r.stderr).toBe(status);
  const urls = readFileSync(record, "utf8").split("\n").filter(Boolean);
  const packages = new Set<string>();
  const files = new Set<string>();
  for (const url of urls) {
    if (!url.startsWith("file:")) continue; // node: built-ins
    const path = fileURLToPath(url);
    const inPackage = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(path);
    if (inPackage) packages.add(inPackage[1]!.replace("\\", "/"));
    else files.add(relative(ROOT, path).split("\\").join("/"));
  }
  return { packages, files };
}

/** A layer's index.js pulls in the whole layer; startup may load none of them. */
const layerIndexes = (files: Set<string>) => [...files].filter((f) => /\/index\.js$/.test(f));

/** The subcommands listed by `rrdns --help`. */
function commandNames(): string[] {
  const help = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" }).stdout;
  const section = help.slice(help.indexOf("Commands:"));
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)]
    .map((m) => m[1]!)
    .filter((name) => name !== "help");
}

describe("startup loads only the command definitions", () => {
  it.each([["--version"], ["--help"]])(
    "rrdns %s loads no package but commander and no layer",
    (flag) => {
      const { packages, files } = loadedBy([flag]);
      expect([...packages]).toEqual(["commander"]);
      expect(layerIndexes(files)).toEqual([]);
      expect(files).toContain("dist/cli/main.js");
    },
  );

  it("every command's --help loads no package but commander and no layer", () => {
    const names = commandNames();
    expect(names).toEqual(expect.arrayContaining(["run", "list", "sweep", "fit", "logs"]));
    for (const name of names) {
      const { packages, files } = loadedBy([name, "--help"]);
      expect({ name, packages: [...packages] }).toEqual({ name, packages: ["commander"] });
      expect({ name, indexes: layerIndexes(files) }).toEqual({ name, indexes: [] });
    }
  });

  it("a run loads the schema and simulator when it runs, and the renderer only for a report", () => {
    const noReport = loadedBy([
      "run",
      "default",
      "--duration",
      "60",
      "--no-report",
      "--quiet",
      "--out",
      join(tmp, "run"),
    ]);
    // The recorder sees lazily loaded modules too (else the checks above prove nothing).
    expect(noReport.packages).toContain("zod");
    expect(noReport.files).toContain("dist/run/index.js");
    for (const renderer of ["vega", "vega-lite", "@resvg/resvg-js"])
      expect(noReport.packages).not.toContain(renderer);
    // The fit and the conformance analysis are `rrdns fit`'s (its validation is past study's index).
    expect(noReport.files).not.toContain("dist/fit/index.js");
    expect(noReport.files).not.toContain("dist/conformance/index.js");
    expect(noReport.files).not.toContain("dist/study/fit-validation.js");
    // A missing scenario is refused (exit 2) before the simulator, the study and the report load.
    const missing = loadedBy(["run", join(tmp, "none.yaml"), "--no-report"], 2);
    expect(missing.packages).toContain("zod");
    for (const layer of ["run", "study", "report", "model"])
      expect(missing.files).not.toContain(`dist/${layer}/index.js`);
    const presets = loadedBy(["presets"]);
    expect(presets.files).toContain("dist/model/index.js");
  });
});
