import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFF_THREAD_MIN_BYTES } from "../../../src/cli/trace-lines.js";
import { ROOT } from "../../cli-helpers.js";
import { largeLogText } from "../../trace-helpers.js";

/*
 * The package as a user gets it: `npm pack`, then `npm install -g` of the
 * tarball into an empty prefix (dependencies from the registry, or the npm
 * cache when it has them), then the installed `rrdns` run from a folder
 * outside the repository, so nothing can be found by accident in the clone.
 * The lessons that replay a trace (the sample log in data/) and the default
 * one must run there and give the committed results, and a gzip large
 * enough for the gunzip thread must replay as its plain copy;
 * every other lesson's committed results are its in-process run, checked byte
 * for byte by test/claims/lesson-try.test.ts (the same code, built here).
 *
 * `npm pack --ignore-scripts` packs the dist/ that test/build-dist.ts has
 * just built; letting `prepare` rebuild it here would rewrite dist/ under the
 * other test files running beside this one.
 */

const MAX_TARBALL_BYTES = 3 * 1024 * 1024;
const tmp = mkdtempSync(join(tmpdir(), "rrdns-package-"));
const prefix = join(tmp, "prefix");
const home = join(tmp, "home"); // the user's working folder
const installed = join(prefix, "bin", "rrdns");
const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;
const lessons = readdirSync(join(ROOT, "scenarios"))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.slice(0, -".yaml".length))
  .sort();
/** The lessons run through the installed package: those replaying a trace, and the default. */
const packageRuns = lessons.filter(
  (name) =>
    name === "default" ||
    /^\s+trace:/m.test(readFileSync(join(ROOT, "scenarios", `${name}.yaml`), "utf8")),
);

let packed: { filename: string; files: { path: string }[] };

function npm(args: readonly string[], cwd: string): string {
  const r = spawnSync("npm", args, { cwd, encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The installed rrdns, in the user's folder. */
function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(installed, args, { cwd: home, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(() => {
  mkdirSync(home);
  [packed] = JSON.parse(
    npm(["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], ROOT),
  );
  npm(
    [
      "install",
      "--global",
      "--prefix",
      prefix,
      join(tmp, packed.filename),
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
    ],
    tmp,
  );
}, 600_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the npm package", () => {
  it("is a tarball under 3 MB with what a user needs and none of the repository's working files", () => {
    expect(statSync(join(tmp, packed.filename)).size).toBeLessThan(MAX_TARBALL_BYTES);
    const paths = packed.files.map((f) => f.path);
    for (const needed of [
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "dist/cli/main.js",
      // The gunzip thread a gzipped log of 1 MiB or more is inflated on (run below).
      "dist/cli/gunzip-worker.js",
      "scenarios/default.yaml",
      "scenarios/scenario.schema.json",
      "data/apache-combined-2015.log.gz",
      "data/README.md",
      "data/LICENSE-Apache-2.0.txt",
    ])
      expect(paths).toContain(needed);
    const unwanted = paths.filter((p) =>
      /^(reports|test|src|node_modules|dist\/bench|dist\/playground|dist\/cli\/docs|docs)\/|^dist\/cli\/playground-build\.js$|\.map$|\.tsbuildinfo$/.test(
        p,
      ),
    );
    expect(unwanted).toEqual([]);
    // A module whose source was deleted or moved would ship stale from an old build.
    const stale = paths
      .filter((p) => p.startsWith("dist/"))
      .filter(
        (p) => !existsSync(join(ROOT, "src", p.slice("dist/".length).replace(/\.js$/, ".ts"))),
      );
    expect(stale).toEqual([]);
  });

  it("installs into an empty prefix and answers from a folder outside the repository", async () => {
    expect(relative(ROOT, home).startsWith("..")).toBe(true);
    const v = await run(["--version"]);
    expect(v).toMatchObject({ code: 0, stdout: `${version}\n` });
    const list = await run(["list"]);
    expect(list.code).toBe(0);
    expect(
      list.stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(lessons);
    const schema = await run(["schema"]);
    expect(schema.stdout).toBe(readFileSync(join(ROOT, "scenarios/scenario.schema.json"), "utf8"));
  });

  it("runs the lessons that replay a trace, and the default, giving the committed results", async () => {
    expect(packageRuns.length).toBeGreaterThanOrEqual(4);
    const queue = [...packageRuns];
    const failures: string[] = [];
    const worker = async () => {
      for (let lesson = queue.shift(); lesson !== undefined; lesson = queue.shift()) {
        const out = join(tmp, "out", lesson);
        const r = await run(["run", lesson, "--no-report", "--quiet", "--out", out]);
        if (r.code !== 0) {
          failures.push(`${lesson}: exit ${r.code}: ${r.stderr}`);
          continue;
        }
        for (const file of ["results.json", "timeseries.csv"])
          if (
            !readFileSync(join(out, file)).equals(readFileSync(join(ROOT, "reports", lesson, file)))
          )
            failures.push(`${lesson}: ${file} differs from reports/${lesson}/${file}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(2, availableParallelism()) }, worker));
    expect(failures).toEqual([]);
  }, 600_000);

  it("inflates a gzip of 1 MiB or more on the installed gunzip thread: the plain log's results", async () => {
    const text = largeLogText();
    const gz = gzipSync(text);
    expect(gz.length).toBeGreaterThanOrEqual(OFF_THREAD_MIN_BYTES);
    const results: string[] = [];
    for (const [name, bytes] of [
      ["plain", text],
      ["gzipped", gz],
    ] as const) {
      const at = join(home, `large-${name}`);
      mkdirSync(at);
      writeFileSync(join(at, "access.log"), bytes);
      writeFileSync(
        join(at, "s.yaml"),
        "name: large\nduration: 3600\nstart: cold\nservers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }]\ndns: { ttl: 60 }\nresolvers: { count: 20, behaviour: rotate }\nclients: { rate: 0, trace: { file: access.log, thinkTime: 30 } }\n",
      );
      const r = await run([
        "run",
        join(at, "s.yaml"),
        "--no-report",
        "--quiet",
        "--out",
        join(at, "out"),
      ]);
      expect(r.code, r.stderr).toBe(0);
      results.push(readFileSync(join(at, "out", "results.json"), "utf8"));
    }
    expect(results[1]).toBe(results[0]);
  }, 300_000);

  it("draws a report from the installed fonts, renderer and chart runtime, byte for byte", async () => {
    // The manifest holds a SHA-256 of every file written, index.html (gitignored) included.
    const out = join(tmp, "report", "serve-stale");
    const r = await run(["run", "serve-stale", "--quiet", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, ".rrdns-manifest.json"), "utf8")).toBe(
      readFileSync(join(ROOT, "reports/serve-stale/.rrdns-manifest.json"), "utf8"),
    );
  }, 300_000);
});
