#!/usr/bin/env node
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildProgram } from "../main.js";
import { generatedPages, readmeWithLessons } from "./pages.js";

/**
 * `npm run docs`: writes docs/reference/ (scenario fields, results fields,
 * the CLI, presets, one page per lesson) and the README's lessons table from
 * the code. `--check` writes nothing and exits 1 naming each stale file.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const check = process.argv.includes("--check");
const wanted = generatedPages(root, buildProgram());
const readme = join(root, "README.md");
wanted.set("README.md", readmeWithLessons(readFileSync(readme, "utf8"), root));
const stale: string[] = [];
for (const [path, text] of wanted) {
  const file = join(root, path);
  let old: string | undefined;
  try {
    old = readFileSync(file, "utf8");
  } catch {
    old = undefined;
  }
  if (old === text) continue;
  stale.push(path);
  if (!check) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}
for (const path of stale) process.stderr.write(`docs: ${check ? "stale" : "wrote"} ${path}\n`);
process.exitCode = check && stale.length > 0 ? 1 : 0;
