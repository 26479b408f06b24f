/**
 * `npm run playground`: bundles the playground's page and worker scripts with
 * esbuild (a pinned devDependency, so this is a development command, not an
 * `rrdns` one), embeds the bundled lessons and the chart runtime, and writes
 * reports/playground/index.html: one page that works from a file, offline.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Lesson, playgroundHtml } from "../playground/index.js";
import { browserRuntime } from "../report/render/index.js";
import { VERSION } from "../version.js";

/** The package root: this file runs from dist/cli/, its sources are in src/. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Bundles one browser entry point of src/playground/browser into a single script. */
export async function bundleBrowserScript(entry: "page" | "worker"): Promise<string> {
  const { build } = await import("esbuild");
  const out = await build({
    entryPoints: [join(PACKAGE_ROOT, `src/playground/browser/${entry}.ts`)],
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0]!.text;
}

/** The bundled scenarios, in name order, as the lessons menu lists them. */
export function readLessons(dir = join(PACKAGE_ROOT, "scenarios")): Lesson[] {
  return (
    readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .sort()
      .map((f) => ({ name: f.replace(/\.yaml$/, ""), text: readFileSync(join(dir, f), "utf8") }))
      // A lesson that replays a trace file needs the CLI to read it; the browser has no files.
      .filter((l) => !/^\s+trace:/m.test(l.text))
  );
}

export async function buildPlaygroundHtml(): Promise<string> {
  const [pageScript, workerScript] = await Promise.all([
    bundleBrowserScript("page"),
    bundleBrowserScript("worker"),
  ]);
  return playgroundHtml({
    version: VERSION,
    runtime: browserRuntime(),
    pageScript,
    workerScript,
    lessons: readLessons(),
  });
}

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? join(PACKAGE_ROOT, "reports/playground/index.html"));
  const html = await buildPlaygroundHtml();
  mkdirSync(dirname(out), { recursive: true });
  // Written whole, then renamed: a browser reloading the page never reads half of it.
  writeFileSync(`${out}.tmp`, html);
  renameSync(`${out}.tmp`, out);
  console.error(`wrote ${out} (${Math.round(html.length / 1024)} KiB); open it in a browser`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`playground: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
