import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { fieldTableMarkdown, type JsonSchema } from "../../src/cli/schema-table.js";
import { scenarioJsonSchema } from "../../src/scenario/json-schema.js";
import { VERSION } from "../../src/version.js";
import { ROOT } from "../cli-helpers.js";

const SRC = join(ROOT, "src");

/*
 * The rules of src/, stated once here and in docs/architecture.md's "Layers"
 * section. Each file is read with the TypeScript parser, so an import, a
 * `process` reference or a `new Date` counts wherever it is written, and
 * words in comments and strings do not.
 */

/** Who may import whom: data flows engine ← model ← run ← study ← cli; scenario and metrics are leaves. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  engine: [],
  scenario: [],
  metrics: ["scenario"],
  logs: ["scenario"],
  model: ["engine", "metrics", "scenario", "logs"],
  run: ["model", "engine", "metrics", "scenario", "logs", "version.ts"],
  // report: types only (the fit validation's table); conformance: its chi-square tail.
  study: ["run", "fit", "metrics", "scenario", "logs", "report", "conformance"],
  report: ["metrics", "scenario"],
  conformance: ["model", "engine", "scenario"],
  fit: ["model", "engine", "scenario", "logs"],
  playground: ["run", "report", "metrics", "scenario"],
  cli: [
    "study",
    "run",
    "model",
    "report",
    "playground",
    "metrics",
    "scenario",
    "conformance",
    "fit",
    "logs",
    "version.ts",
  ],
  // cli: only its log reader and worker pool (PAST_THE_INDEX), so the benches time what a user runs.
  bench: ["study", "run", "model", "engine", "metrics", "scenario", "logs", "version.ts", "cli"],
  "version.ts": [],
};

/** Layers whose imports from others must be `import type`: the report draws results, it never computes them. */
const TYPES_ONLY = new Set(["report"]);

/**
 * What the CLI needs before any command's action runs (and loads the rest):
 * the error type its option parsers throw, the parsers' own checks and the
 * defaults its help shows. Each of these imports no code beyond this list, so
 * building the commands loads no layer's index (test/e2e/cli/lazy-load.test.ts).
 */
const STARTUP_LEAVES = [
  "scenario/errors.ts",
  "logs/parse-line.ts",
  "study/cluster.ts",
  "study/shard.ts",
  "fit/rules.ts",
  "fit/defaults.ts",
  "run/replication-limit.ts",
  // The fit command's tally of its validation table (types only beside it).
  "report/fit/tally.ts",
];

/**
 * Imports allowed past a layer's index.ts. The renderer (vega, vega-lite,
 * resvg) is kept out of report/index.ts so that the specs and the page stay
 * free of native code; only the CLI, which writes the files, loads it.
 */
const PAST_THE_INDEX: Record<string, readonly string[]> = {
  // study/fit-validation.ts loads fit and conformance: only `rrdns fit` takes it, past study's index.
  cli: ["report/render/index.ts", "study/fit-validation.ts", ...STARTUP_LEAVES],
  study: ["scenario/errors.ts"],
  bench: ["cli/trace-lines.ts", "cli/worker-pool.ts"],
};

/** Entry points, not libraries: no index of their own. */
const NO_INDEX = new Set(["cli", "bench", "version.ts"]);

/** Layers allowed to touch the process, the file system, the clock or global randomness. */
const IMPURE = new Set(["cli", "bench"]);
/** The one core file that reads from disk: the chart runtime bundles the HTML report inlines. */
const READS_FILES = new Set(["report/render/browser-runtime.ts"]);
/**
 * The one core file that reads the clock: the playground's Web Worker times
 * its slices with performance.now to yield every 50 ms; the results never see it.
 */
const READS_CLOCK = new Set(["playground/browser/worker.ts"]);

interface SourceFile {
  /** Relative to src/, "/"-separated. */
  readonly path: string;
  readonly layer: string;
  readonly ast: ts.SourceFile;
}

function sourcePaths(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcePaths(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const files: SourceFile[] = sourcePaths(SRC).map((full) => {
  const path = relative(SRC, full).split("\\").join("/");
  return {
    path,
    layer: path.split("/")[0]!,
    ast: ts.createSourceFile(path, readFileSync(full, "utf8"), ts.ScriptTarget.Latest, true),
  };
});

interface ImportLine {
  readonly specifier: string;
  readonly typeOnly: boolean;
}

/** Every static import, re-export and dynamic import() of a file. */
function importsOf(ast: ts.SourceFile): ImportLine[] {
  const found: ImportLine[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!named &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return found;
}

/** The src/-relative .ts file a relative specifier names, or null for packages and node: modules. */
function target(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  return join(from, "..", specifier).split("\\").join("/").replace(/\.js$/, ".ts");
}

/**
 * The import cycles of a graph (file → the files it imports), one per
 * strongly connected component of more than one file (or a file importing
 * itself), each as a path from its first file back to it: "a.ts → b.ts → a.ts".
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = stack.splice(stack.indexOf(v));
    if (component.length > 1 || graph.get(v)?.includes(v)) components.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  // A shortest way round each component, found breadth-first from its first file.
  return components.map((component) => {
    const start = component[0]!;
    const before = new Map<string, string>();
    const queue = [start];
    for (let i = 0; i < queue.length && !before.has(start); i++)
      for (const w of graph.get(queue[i]!) ?? [])
        if (component.includes(w) && !before.has(w)) {
          before.set(w, queue[i]!);
          queue.push(w);
        }
    const path = [start];
    for (let v = before.get(start)!; v !== start; v = before.get(v)!) path.unshift(v);
    return [start, ...path].join(" → ");
  });
}

/** Each file of src/ → the files of src/ it imports (static, type-only and dynamic imports alike). */
function importGraph(of: readonly SourceFile[]): Map<string, string[]> {
  const paths = new Set(of.map((f) => f.path));
  return new Map(
    of.map((f) => [
      f.path,
      importsOf(f.ast)
        .map(({ specifier }) => target(f.path, specifier))
        .filter((to): to is string => to !== null && paths.has(to)),
    ]),
  );
}

/** What a file does that only the CLI (and the bench) may: one label per use. */
function impureUses(ast: ts.SourceFile): string[] {
  const uses: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === "process" && isFreeReference(node))
      uses.push("process");
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const call = `${node.expression.text}.${node.name.text}`;
      if (["Date.now", "Math.random", "performance.now"].includes(call)) uses.push(call);
    }
    if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "Date"
    )
      uses.push("new Date");
    ts.forEachChild(node, visit);
  };
  visit(ast);
  for (const { specifier } of importsOf(ast)) {
    if (/^(node:)?fs(\/promises)?$/.test(specifier)) uses.push("node:fs");
  }
  return uses;
}

/** `process` as a value, not a property name (`x.process`), a key (`{ process: 1 }`) or a type (`NodeJS.Process`). */
function isFreeReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isPropertyDeclaration(parent)) &&
    parent.name === node
  )
    return false;
  if (ts.isQualifiedName(parent)) return false;
  return true;
}

function newExpressionsOf(ast: ts.SourceFile, name: string): number {
  let count = 0;
  const visit = (node: ts.Node): void => {
    if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === name
    )
      count++;
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return count;
}

const where = (f: SourceFile) => `src/${f.path}`;

describe("architecture: layers engine ← model ← run ← study ← cli; scenario and metrics are leaves; report sees only results", () => {
  it("every file belongs to a known layer", () => {
    expect(files.filter((f) => !(f.layer in MAY_IMPORT)).map(where)).toEqual([]);
  });

  it("each layer imports only the layers below it (MAY_IMPORT)", () => {
    const violations = files.flatMap((f) =>
      importsOf(f.ast).flatMap(({ specifier }) => {
        const to = target(f.path, specifier);
        const layer = to?.split("/")[0];
        if (!to || layer === f.layer) return [];
        return MAY_IMPORT[f.layer]?.includes(layer!) ? [] : [`${where(f)} imports ${specifier}`];
      }),
    );
    expect(violations).toEqual([]);
  });

  it("an import from another layer goes through that layer's index.ts (PAST_THE_INDEX lists the exceptions)", () => {
    const violations = files.flatMap((f) =>
      importsOf(f.ast).flatMap(({ specifier }) => {
        const to = target(f.path, specifier);
        const layer = to?.split("/")[0];
        if (!to || layer === f.layer || to === layer) return [];
        if (to === `${layer}/index.ts` || PAST_THE_INDEX[f.layer]?.includes(to)) return [];
        return [`${where(f)} imports ${specifier}, past ${layer}/index.ts`];
      }),
    );
    expect(violations).toEqual([]);
  });

  it("report imports metrics and scenario as types only", () => {
    const violations = files
      .filter((f) => TYPES_ONLY.has(f.layer))
      .flatMap((f) =>
        importsOf(f.ast).flatMap(({ specifier, typeOnly }) => {
          const layer = target(f.path, specifier)?.split("/")[0];
          return layer && layer !== f.layer && !typeOnly
            ? [`${where(f)} imports values from ${specifier}`]
            : [];
        }),
      );
    expect(violations).toEqual([]);
  });

  it("study takes report's types only, and no file, process or thread: its inputs are injected", () => {
    const IO = /^(node:)?(fs|fs\/promises|child_process|worker_threads)$|^piscina$/;
    const violations = files
      .filter((f) => f.layer === "study")
      .flatMap((f) =>
        importsOf(f.ast).flatMap(({ specifier, typeOnly }) => {
          const layer = target(f.path, specifier)?.split("/")[0];
          if (layer === "report" && !typeOnly)
            return [`${where(f)} imports values from ${specifier}`];
          return IO.test(specifier) ? [`${where(f)} imports ${specifier}`] : [];
        }),
      );
    expect(violations).toEqual([]);
  });

  it("no import cycle between files: a type or constant two files share lives in the lower one", () => {
    expect(importCycles(importGraph(files))).toEqual([]);
  });

  it("every library layer has an index.ts that only re-exports", () => {
    const layers = Object.keys(MAY_IMPORT).filter((l) => !NO_INDEX.has(l));
    const missing = layers.filter((l) => !files.some((f) => f.path === `${l}/index.ts`));
    expect(missing.map((l) => `src/${l}/index.ts is missing`)).toEqual([]);
    const notReExports = files
      .filter((f) => f.path === `${f.layer}/index.ts`)
      .filter((f) => f.ast.statements.some((s) => !ts.isExportDeclaration(s)))
      .map(where);
    expect(notReExports).toEqual([]);
  });
});

describe("purity: process, node:fs, the clock and Math.random only in cli and bench", () => {
  it("the core never touches the process, the clock or global randomness, and reads no files (but the report's runtime bundles, and the playground worker's slice timer)", () => {
    const violations = files
      .filter((f) => !IMPURE.has(f.layer))
      .flatMap((f) =>
        impureUses(f.ast)
          .filter((use) => !(use === "node:fs" && READS_FILES.has(f.path)))
          .filter((use) => !(use === "performance.now" && READS_CLOCK.has(f.path)))
          .map((use) => `${where(f)}: ${use}`),
      );
    expect(violations).toEqual([]);
  });

  it("only run builds the concrete Recorder; the model writes to an interface", () => {
    const violations = files
      .filter((f) => f.layer !== "run" && newExpressionsOf(f.ast, "Recorder") > 0)
      .map(where);
    expect(violations).toEqual([]);
  });

  it("the rules above catch what they claim (the checker itself)", () => {
    const ast = (text: string) => ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true);
    expect(
      impureUses(ast("// process.exit(1) and new Date() in a comment\nconst s = 'process';")),
    ).toEqual([]);
    expect(
      impureUses(
        ast("const { env } = process; Date.now(); new Date(); Math.random(); import('node:fs');"),
      ),
    ).toEqual(["process", "Date.now", "new Date", "Math.random", "node:fs"]);
    expect(
      importsOf(ast('import type { A } from "../metrics/index.js"; import { b } from "./b.js";')),
    ).toEqual([
      { specifier: "../metrics/index.js", typeOnly: true },
      { specifier: "./b.js", typeOnly: false },
    ]);
    expect(importsOf(ast('import { type A, b } from "../m/index.js";'))[0]!.typeOnly).toBe(false);
    expect(target("cli/commands/run.ts", "../../report/render/index.js")).toBe(
      "report/render/index.ts",
    );
    expect(newExpressionsOf(ast("const r = new Recorder(1);"), "Recorder")).toBe(1);
    const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));
    expect(importCycles(graph({ "a.ts": ["b.ts"], "b.ts": ["c.ts"], "c.ts": [] }))).toEqual([]);
    expect(
      importCycles(graph({ "a.ts": ["b.ts"], "b.ts": ["c.ts", "a.ts"], "c.ts": ["a.ts"] })),
    ).toEqual(["a.ts → b.ts → a.ts"]);
    expect(importCycles(graph({ "x.ts": ["y.ts"], "y.ts": ["y.ts"] }))).toEqual(["y.ts → y.ts"]);
  });

  it("the engine knows nothing about DNS", () => {
    for (const f of files.filter((x) => x.layer === "engine")) {
      expect(f.ast.text, where(f)).not.toMatch(/\b(resolvers?|ttl|authoritative|dns)\b/i);
    }
  });
});

describe("generated files", () => {
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
  it("docs/architecture.md's Layers section names every folder of src/ and every layer rule", () => {
    const page = readFileSync(join(ROOT, "docs/architecture.md"), "utf8");
    const section = page.split("## Layers\n")[1]?.split("\n## ")[0] ?? "";
    const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
    for (const folder of folders)
      expect(section, folder).toMatch(new RegExp(`^  ${folder}/ `, "m"));
    const prose = section.replace(/\s+/g, " ");
    for (const [layer, allowed] of Object.entries(MAY_IMPORT)) {
      if (layer === "version.ts" || allowed.length === 0) continue;
      expect(prose, layer).toContain(
        `\`${layer}\` may import ${allowed
          .filter((l) => l !== "version.ts")
          .map((l) => `\`${l}\``)
          .join(", ")}`,
      );
    }
  });

  it("the field reference is the one generated from the schema (run `npm run docs`)", () => {
    const page = readFileSync(join(ROOT, "docs/reference/scenario.md"), "utf8");
    expect(page).toContain(fieldTableMarkdown(scenarioJsonSchema() as JsonSchema));
  });
});

describe("scenario gallery", () => {
  it("every bundled scenario has a lesson page with a committed chart, listed in the README", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const names = readdirSync(join(ROOT, "scenarios"))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.replace(/\.yaml$/, ""));
    for (const name of names) {
      expect(readme, name).toContain(`(docs/reference/lessons/${name}.md)`);
      const page = readFileSync(join(ROOT, "docs/reference/lessons", `${name}.md`), "utf8");
      const image = page.match(
        new RegExp(`\\]\\(\\.\\./\\.\\./\\.\\./(reports/${name}/charts/[a-z-]+\\.png)\\)`),
      )?.[1];
      expect(image, `${name} has a chart on its lesson page`).toBeDefined();
      expect(statSync(join(ROOT, image!)).size).toBeGreaterThan(10_000);
    }
  });
});

/** Functions, methods and constructors declared with more than `max` parameters, as "file:line name (n)". */
function longParameterLists(f: SourceFile, max: number): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && node.parameters.length > max) {
      const name = "name" in node && node.name ? node.name.getText(f.ast) : "constructor";
      const line = f.ast.getLineAndCharacterOfPosition(node.getStart(f.ast)).line + 1;
      found.push(`${f.path}:${line} ${name} (${node.parameters.length})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(f.ast);
  return found;
}

describe("the model's visits (issue 26)", () => {
  it("no function of the model takes more than 6 parameters (options objects instead)", () => {
    const model = files.filter((f) => f.layer === "model");
    expect(model.length).toBeGreaterThan(0);
    expect(model.flatMap((f) => longParameterLists(f, 6))).toEqual([]);
  });

  it("nor does a function of logs (its readers were the model's until issue 26)", () => {
    const logs = files.filter((f) => f.layer === "logs");
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.flatMap((f) => longParameterLists(f, 6))).toEqual([]);
  });

  it("nor does any function anywhere in src (the fit's and the reports' too)", () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files.flatMap((f) => longParameterLists(f, 6))).toEqual([]);
  });

  it("the visit paths and drivers in model/visits import nothing of the world that picks them", () => {
    const visits = files.filter((f) => f.path.startsWith("model/visits/"));
    expect(visits.map((f) => f.path)).toContain("model/visits/context.ts");
    const upward = visits.flatMap((f) =>
      importsOf(f.ast)
        .filter(({ specifier }) => /(^|\/)world\.js$|lookup-setup\.js$/.test(specifier))
        .map(({ specifier }) => `${f.path} imports ${specifier}`),
    );
    expect(upward).toEqual([]);
  });
});
