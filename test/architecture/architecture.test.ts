import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { fieldReferenceMarkdown } from "../../src/scenario/field-reference.js";
import { scenarioJsonSchema } from "../../src/scenario/json-schema.js";
import { VERSION } from "../../src/version.js";
import { ROOT } from "../cli-helpers.js";

const SRC = join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({
  path,
  layer: relative(SRC, path).split("/")[0]!,
  text: readFileSync(path, "utf8"),
}));

/** Which of our own layers each layer may import (data flows one way). */
const ALLOWED: Record<string, readonly string[]> = {
  engine: ["engine"],
  scenario: ["scenario"],
  metrics: ["metrics", "scenario"],
  model: ["model", "engine", "metrics", "scenario"],
  run: ["run", "model", "metrics", "scenario", "version.ts"],
  report: ["report", "metrics", "scenario"],
  sweep: ["sweep", "run", "metrics", "scenario", "report", "engine"],
  cli: [
    "cli",
    "run",
    "report",
    "metrics",
    "scenario",
    "model",
    "sweep",
    "conformance",
    "version.ts",
  ],
  conformance: ["conformance", "model", "engine", "scenario"],
  bench: ["bench", "run", "scenario", "engine", "sweep"],
  "version.ts": [],
};

/** Layers allowed to touch the process, the file system, the clock or global randomness. */
const IMPURE = new Set(["cli", "bench"]);

describe("architecture", () => {
  it("imports only flow the allowed way between layers", () => {
    const violations: string[] = [];
    for (const f of files) {
      for (const m of f.text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)) {
        const target = relative(SRC, join(f.path, "..", m[1]!))
          .split("/")[0]!
          .replace(/\.js$/, ".ts");
        const allowed = ALLOWED[f.layer];
        if (!allowed) violations.push(`${relative(ROOT, f.path)}: unknown layer ${f.layer}`);
        else if (!allowed.includes(target))
          violations.push(`${relative(ROOT, f.path)} imports ${m[1]}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("keeps process, fs, the clock and Math.random out of the pure core", () => {
    const violations: string[] = [];
    for (const f of files) {
      if (IMPURE.has(f.layer)) continue;
      const code = f.text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      for (const banned of [
        /\bprocess\./,
        /node:fs/,
        /\bDate\.now\b/,
        /\bMath\.random\b/,
        /new Date\(/,
      ]) {
        // The report renderer reads the chart runtime bundles; the sweep worker is a thread entry.
        if (banned.source === "node:fs" && (f.layer === "report" || f.layer === "sweep")) continue;
        if (banned.test(code)) violations.push(`${relative(ROOT, f.path)}: ${banned.source}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("the engine knows nothing about DNS", () => {
    for (const f of files.filter((x) => x.layer === "engine")) {
      expect(f.text).not.toMatch(/\b(resolvers?|ttl|authoritative|dns)\b/i);
    }
  });

  it("the committed JSON Schema matches the zod schema (run `npm run schema`)", () => {
    const committed = JSON.parse(
      readFileSync(join(ROOT, "scenarios/scenario.schema.json"), "utf8"),
    );
    expect(committed).toEqual(scenarioJsonSchema());
  });

  it("the version in the code matches package.json", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(VERSION).toBe(pkg.version);
  });
});

describe("documentation", () => {
  it("the README's field reference is the one generated from the schema", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const block = readme.split("<!-- fields:start -->\n")[1]?.split("<!-- fields:end -->")[0];
    expect(block).toBe(fieldReferenceMarkdown());
  });
});

describe("scenario gallery", () => {
  it("the README shows every bundled scenario with its claim and a committed chart", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const names = readdirSync(join(ROOT, "scenarios"))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.replace(/\.yaml$/, ""));
    for (const name of names) {
      expect(readme, name).toContain(`### \`${name}\``);
      const image = readme.match(
        new RegExp(`\\]\\((reports/${name}/charts/[a-z-]+\\.png)\\)`),
      )?.[1];
      expect(image, `${name} has a chart in the README`).toBeDefined();
      expect(statSync(join(ROOT, image!)).size).toBeGreaterThan(10_000);
    }
  });
});
