import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadScenario, UserError } from "../../../src/scenario/index.js";
import { ROOT, rrdnsInProcess } from "../../cli-helpers.js";

/**
 * Fuzzing the one input path: mutations of the bundled scenarios (fields
 * deleted, types swapped, numbers out of range or huge, NaN-ish strings,
 * unicode, deep nesting, text spliced into the YAML) through the in-process
 * loader with its limits. Nothing may escape but a UserError located in the
 * file; a sample of what validates runs end to end through the built CLI
 * (its main(), in this process: test/cli-helpers.ts).
 */

const FILE = "fuzz.yaml";
/** 10,000 in CI; RRDNS_FUZZ_RUNS changes it for a quick local look or a long soak. */
const RUNS = Number(process.env.RRDNS_FUZZ_RUNS ?? 10_000);
const bundled = readdirSync(join(ROOT, "scenarios"))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => parse(readFileSync(join(ROOT, "scenarios", f), "utf8")) as unknown);

/** Every path into a JSON-like value, the root excluded. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const key = Array.isArray(value) ? Number(k) : k;
      out.push([...prefix, key]);
      paths(v, [...prefix, key], out);
    }
  }
  return out;
}

function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

const weird = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, 1e308, -1e308, 1e12, 2 ** 53, 5e-324, 1e7, 86400 * 400),
  fc.double(),
  fc.integer(),
  fc.constantFrom("NaN", "Infinity", "-Infinity", "1e999", "", "0x10", " 60", "all", "ttl"),
  fc.constantFrom("rotate", "frozen", "cname", "blackhole", "steps", "diurnal", "flash"),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.constantFrom(true, false, null),
  fc.array(fc.double(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  fc.integer({ min: 1, max: 300 }).map((d) => nested(d, 1)),
);

const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("delete", "replace", "replace", "replace", "scale", "addKey"),
  value: weird,
  factor: fc.constantFrom(-1, 0, 1e-9, 1000, 1e6, 1e300),
  key: fc.constantFrom("extra", "constructor", "__proto__", "toString", "dns\u0000", "\u001b[2J"),
});

const textEdit = fc.option(
  fc.record({
    at: fc.nat(),
    insert: fc.oneof(
      fc.string({ unit: "binary", maxLength: 8 }),
      fc.constantFrom(
        ": ",
        "- ",
        "&a ",
        "*a",
        "*b",
        "{",
        "]",
        "\t",
        "\u0000",
        "!!binary x",
        "<<: *a\n",
      ),
      fc.integer({ min: 1, max: 150 }).map((n) => "[".repeat(n)),
      fc.integer({ min: 1, max: 150 }).map((n) => "- ".repeat(n)),
    ),
  }),
  { freq: 4 },
);

const input = fc.record({
  base: fc.nat({ max: bundled.length - 1 }),
  mutations: fc.array(mutation, { minLength: 0, maxLength: 4 }),
  json: fc.boolean(),
  edit: textEdit,
});

function apply(root: unknown, m: MutationT): void {
  const all = paths(root);
  if (all.length === 0) return;
  const path = all[m.at % all.length]!;
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], root) as Record<
    string | number,
    unknown
  >;
  const key = path[path.length - 1]!;
  if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (m.kind === "scale") {
    if (typeof parent[key] === "number") parent[key] = (parent[key] as number) * m.factor;
  } else if (m.kind === "addKey") {
    const target = parent[key];
    if (target !== null && typeof target === "object" && !Array.isArray(target)) {
      Object.defineProperty(target, m.key, {
        value: m.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
  } else {
    parent[key] = m.value;
  }
}

type MutationT = { at: number; kind: string; value: unknown; factor: number; key: string };

function textOf(c: {
  base: number;
  mutations: MutationT[];
  json: boolean;
  edit: { at: number; insert: string } | null;
}): string {
  const root = structuredClone(bundled[c.base]);
  for (const m of c.mutations) apply(root, m);
  let text = c.json ? JSON.stringify(root, null, 1) : stringify(root);
  if (c.edit) {
    const at = c.edit.at % (text.length + 1);
    text = text.slice(0, at) + c.edit.insert + text.slice(at);
  }
  return text;
}

describe("fuzz: generated scenarios", () => {
  it("10,000 mutations of the bundled scenarios: only located UserErrors, a sample runs end to end", async () => {
    const accepted: string[] = [];
    let refused = 0;
    fc.assert(
      fc.property(input, (c) => {
        const text = textOf(c);
        try {
          loadScenario(text, FILE);
          accepted.push(text);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          refused++;
          for (const p of error.problems) {
            expect(p.file).toBe(FILE);
            expect(p.line).toBeGreaterThanOrEqual(1);
            expect(p.column).toBeGreaterThanOrEqual(1);
          }
          // No control character but the newlines between problems reaches the terminal.
          const shown = [...error.format()].filter((ch) => ch !== "\n" && ch < " ");
          expect(shown).toEqual([]);
        }
      }),
      { numRuns: RUNS, seed: 20240610 },
    );
    // Mostly valid-ish: both outcomes must be common, or the generator is broken.
    expect(accepted.length).toBeGreaterThan(RUNS / 10);
    expect(refused).toBeGreaterThan(RUNS / 10);

    const dir = mkdtempSync(join(tmpdir(), "rrdns-fuzz-"));
    const step = Math.floor(accepted.length / 20);
    for (let i = 0; i < 20; i++) {
      const path = join(dir, `s${i}.yaml`);
      writeFileSync(path, accepted[i * step]!);
      const r = await rrdnsInProcess([
        "run",
        path,
        "--duration",
        "20",
        "--no-report",
        "--format",
        "json",
        "--out",
        join(dir, `o${i}`),
      ]);
      expect([0, 2], `${path}: ${r.stderr}`).toContain(r.code);
      if (r.code === 2) expect(r.stderr).toMatch(/^rrdns: /);
    }
  });
});
