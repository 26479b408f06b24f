import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli-helpers.js";

/*
 * The product stands on its own: nothing in src, scenarios or test may reach
 * a file outside the repository (a sibling folder, say). Every relative
 * path written in a string is resolved from the file that holds it, and from
 * the repository root, as a CLI argument would be; both must stay inside.
 */
const FOLDERS = ["src", "scenarios", "test", ".ci"];
const SELF = join(ROOT, "test/architecture/self-contained.test.ts");
const CLIMB = /(?:^|["'`\s:=(])((?:\.\.\/)+[\w.-][\w./-]*)/g;

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...files(full));
    else if (/\.(ts|yaml|yml|json|sh|js|mjs)$|^run$/.test(name)) out.push(full);
  }
  return out;
}

/** A path resolved from the repository root, as tests and the CLI do: `resolve(ROOT, "../x")`. */
const FROM_ROOT = /(?:resolve|join)\(\s*ROOT\s*,\s*["'`]((?:\.\.\/)+[^"'`]*)/g;

/** Whether a relative path written in `file` (imports, scenario files) reaches outside the repository. */
function climbsOut(file: string, path: string): boolean {
  return relative(ROOT, resolve(file, "..", path)).startsWith("..");
}

function escapes(file: string, text = readFileSync(file, "utf8")): string[] {
  const fromFile = [...text.matchAll(CLIMB)].map((m) => m[1]!).filter((p) => climbsOut(file, p));
  const fromRoot = [...text.matchAll(FROM_ROOT)].map((m) => m[1]!);
  return [...fromFile, ...fromRoot].map((path) => `${relative(ROOT, file)}: ${path}`);
}

describe("self-contained: nothing climbs out of the repository", () => {
  it("no path in src, scenarios, test or .ci resolves outside the repository", () => {
    const all = FOLDERS.flatMap((f) => files(join(ROOT, f)))
      .filter((f) => f !== SELF)
      .flatMap((f) => escapes(f));
    expect(all).toEqual([]);
  });

  it("the checker catches a sibling folder (the checker itself)", () => {
    const scenario = join(ROOT, "scenarios/x.yaml");
    expect(escapes(scenario, "file: ../../outside/data/x.log.gz")).toHaveLength(1);
    expect(escapes(scenario, "file: ../data/apache-combined-2015.log.gz")).toEqual([]);
    const helper = join(ROOT, "test/x.ts");
    expect(escapes(helper, `resolve(ROOT, "../outside/data/x.log.gz")`)).toHaveLength(1);
    expect(escapes(join(ROOT, "test/fit/x.ts"), `import "../../src/cli/main.js"`)).toEqual([]);
  });

  it("every bundled trace lesson's log is in the repository", () => {
    for (const name of readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".yaml"))) {
      const text = readFileSync(join(ROOT, "scenarios", name), "utf8");
      const m = /^\s*file:\s*(\S+)/m.exec(text);
      if (!m) continue;
      const target = resolve(ROOT, "scenarios", m[1]!);
      expect(relative(ROOT, target).startsWith(".."), name).toBe(false);
      expect(statSync(target).isFile(), name).toBe(true);
    }
  });
});
