import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, messages, rrdns, rrdnsInProcess } from "../../cli-helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "rrdns-out-"));
const scenario = join(tmp, "small.yaml");
writeFileSync(
  scenario,
  `name: small
duration: 120
servers: [ {address: 10.0.0.2}, {address: 10.0.0.4} ]
dns: { ttl: 30 }
resolvers: { count: 20, behaviour: rotate }
clients: { rate: 10 }
failures: [ {server: 10.0.0.2, at: 40, duration: 30} ]
`,
);

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const manifest = (out: string) =>
  JSON.parse(readFileSync(join(out, ".rrdns-manifest.json"), "utf8")) as {
    files: { path: string; sha256: string; bytes: number }[];
  };
/** Every file of the folder, recursively, "/"-separated. */
function tree(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory()
        ? [`${prefix}${d.name}/`, ...tree(join(dir, d.name), `${prefix}${d.name}/`)]
        : [`${prefix}${d.name}`],
    )
    .sort();
}
/** The folder holds exactly what its manifest lists (plus `extra`), each file with its recorded hash. */
function expectConsistent(out: string, extra: readonly string[] = []): void {
  const m = manifest(out);
  for (const e of m.files) expect(sha(join(out, e.path)), e.path).toBe(e.sha256);
  const files = tree(out).filter((p) => !p.endsWith("/"));
  expect(files).toEqual([".rrdns-manifest.json", ...m.files.map((e) => e.path), ...extra].sort());
}
/** A run into `out`, in this process (test/cli-helpers.ts). */
function run(out: string, ...args: string[]) {
  return rrdnsInProcess(["run", scenario, "--out", out, ...args]);
}
/** The same run as a process of its own: where a lock or staging folder names the process. */
function runProcess(out: string, ...args: string[]) {
  return rrdns(["run", scenario, "--out", out, ...args]);
}

describe("rrdns run removes only what an earlier rrdns run wrote (its manifest)", () => {
  it("leaves a user's charts/logo.png, replications.csv and index.html alone under --no-report", async () => {
    const out = join(tmp, "user-files");
    mkdirSync(join(out, "charts"), { recursive: true });
    for (const f of ["charts/logo.png", "replications.csv", "index.html"])
      writeFileSync(join(out, f), "x");
    const r = await run(out, "--no-report");
    expect(messages(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    for (const f of ["charts/logo.png", "replications.csv", "index.html"])
      expect(readFileSync(join(out, f), "utf8")).toBe("x");
    expectConsistent(out, ["charts/logo.png", "replications.csv", "index.html"]);
  });

  it("refuses to overwrite a user's index.html (--out . in a project folder): exit 2, nothing written", async () => {
    const project = join(tmp, "project");
    mkdirSync(join(project, "charts"), { recursive: true });
    writeFileSync(join(project, "index.html"), "my site");
    writeFileSync(join(project, "charts", "logo.png"), "logo");
    const r = await rrdnsInProcess(["run", scenario, "--out", "."], project);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("index.html exists and was not written by rrdns");
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(tree(project)).toEqual(["charts/", "charts/logo.png", "index.html"]);
    // Without the report nothing collides, and the user's files stay.
    expect(
      (await rrdnsInProcess(["run", scenario, "--out", ".", "--no-report"], project)).code,
    ).toBe(0);
    expect(readFileSync(join(project, "index.html"), "utf8")).toBe("my site");
    expect(readFileSync(join(project, "charts", "logo.png"), "utf8")).toBe("logo");
  });

  it("replaces its own earlier output: a --no-report run removes the old report and replications, keeps user files and subfolders", async () => {
    const out = join(tmp, "rerun");
    expect((await run(out, "--replications", "2")).code).toBe(0);
    expect(existsSync(join(out, "replications.csv"))).toBe(true);
    expect(manifest(out).files.map((e) => e.path)).toContain("charts/served.svg");
    mkdirSync(join(out, "charts", "mine"));
    writeFileSync(join(out, "charts", "mine", "a.txt"), "a");
    writeFileSync(join(out, "notes.txt"), "mine");
    const r = await run(out, "--no-report");
    expect(messages(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    expect(tree(out)).toEqual([
      ".rrdns-manifest.json",
      "charts/",
      "charts/mine/",
      "charts/mine/a.txt",
      "notes.txt",
      "results.json",
      "timeseries.csv",
    ]);
    expectConsistent(out, ["charts/mine/a.txt", "notes.txt"]);
    // With nothing of the user's left in it, charts/ goes with the report.
    const clean = join(tmp, "rerun-clean");
    expect((await run(clean)).code).toBe(0);
    expect((await run(clean, "--no-report")).code).toBe(0);
    expect(existsSync(join(clean, "charts"))).toBe(false);
  });

  it("refuses a folder where rrdns writes a file, instead of writing everything and failing", async () => {
    const out = join(tmp, "dir-in-the-way");
    mkdirSync(join(out, "charts", "served.svg"), { recursive: true });
    const r = await run(out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("charts/served.svg is a folder where rrdns writes a file");
    expect(tree(out)).toEqual(["charts/", "charts/served.svg/"]);
  });

  it("overwrites the files of a folder written before manifests (results.json of rrdns), removing nothing", async () => {
    const out = join(tmp, "legacy");
    expect((await run(out)).code).toBe(0);
    rmSync(join(out, ".rrdns-manifest.json"));
    writeFileSync(join(out, "replications.csv"), "old");
    expect((await run(out, "--seed", "2")).code).toBe(0);
    expect(readFileSync(join(out, "replications.csv"), "utf8")).toBe("old");
    expect(JSON.parse(readFileSync(join(out, "results.json"), "utf8")).seed).toBe(2);
  });

  it("a tampered manifest cannot point rrdns outside the folder", async () => {
    const out = join(tmp, "tampered");
    writeFileSync(join(tmp, "precious.txt"), "keep");
    expect((await run(out, "--no-report")).code).toBe(0);
    const m = manifest(out);
    m.files.push({ path: "../precious.txt", sha256: "0".repeat(64), bytes: 4 });
    writeFileSync(join(out, ".rrdns-manifest.json"), JSON.stringify(m));
    const r = await run(out, "--no-report");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not an rrdns output manifest");
    expect(readFileSync(join(tmp, "precious.txt"), "utf8")).toBe("keep");
  });
});

describe("the folder switches as a whole: a kill between renames is rolled forward", () => {
  /** Runs with the test-only hook that SIGKILLs the process after `n` renames. */
  function crashingRun(out: string, n: number, ...args: string[]) {
    return spawnSync(process.execPath, [CLI, "run", scenario, "--out", out, ...args], {
      encoding: "utf8",
      env: { ...process.env, RRDNS_TEST_CRASH_AFTER_RENAMES: String(n) },
    });
  }

  it("after a kill at the first, a middle and the last rename, the next run or rrdns report leaves one complete, consistent output", async () => {
    const cases = [
      { name: "first", at: (_files: number) => 1, reader: "report" },
      { name: "middle", at: (files: number) => Math.floor(files / 2), reader: "run" },
      // Every file moved, the manifest not yet.
      { name: "last", at: (files: number) => files, reader: "report" },
    ] as const;
    for (const { name, at, reader } of cases) {
      const out = join(tmp, `crash-${name}`);
      expect((await run(out, "--seed", "1")).code).toBe(0);
      const old = sha(join(out, "results.json"));
      const oldManifest = readFileSync(join(out, ".rrdns-manifest.json"), "utf8");
      const n = at(manifest(out).files.length);
      const killed = crashingRun(out, n, "--seed", "2");
      expect(killed.signal, `killed after ${n} renames`).toBe("SIGKILL");
      // Mid-switch: the old manifest, a staging folder and the lock of a dead process.
      expect(readFileSync(join(out, ".rrdns-manifest.json"), "utf8")).toBe(oldManifest);
      expect(readdirSync(out).some((f) => f.startsWith(".rrdns-staging-"))).toBe(true);
      expect(existsSync(join(out, ".rrdns-lock"))).toBe(true);
      const next =
        reader === "run"
          ? runProcess(out, "--seed", "2")
          : rrdns(["report", join(out, "results.json")]);
      expect(messages(next.stderr)).toBe("");
      expect(next.code).toBe(0);
      expectConsistent(out);
      // Rolled forward: the killed run's results, not the old ones.
      expect(sha(join(out, "results.json"))).not.toBe(old);
      expect(JSON.parse(readFileSync(join(out, "results.json"), "utf8")).seed).toBe(2);
    }
  });

  it("a kill before the renames leaves the old output; stale staging folders of dead processes are removed", async () => {
    const out = join(tmp, "crash-early");
    expect((await run(out, "--seed", "1")).code).toBe(0);
    const before = readFileSync(join(out, ".rrdns-manifest.json"));
    // A dead writer's incomplete staging (no manifest) and an old-style one.
    const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid!;
    mkdirSync(join(out, `.rrdns-staging-${dead}`));
    writeFileSync(join(out, `.rrdns-staging-${dead}`, "results.json"), "half");
    mkdirSync(join(out, `.staging-${dead}`));
    // A live process's staging is not ours to remove.
    mkdirSync(join(out, `.staging-${process.pid}`));
    expect(rrdns(["report", join(out, "results.json")]).code).toBe(0);
    expect(readFileSync(join(out, "results.json"), "utf8")).not.toBe("half");
    expect(readdirSync(out).filter((f) => f.startsWith("."))).toEqual([
      ".rrdns-manifest.json",
      `.staging-${process.pid}`,
    ]);
    expect(JSON.parse(readFileSync(join(out, ".rrdns-manifest.json"), "utf8"))).toEqual(
      JSON.parse(before.toString()),
    );
  });

  it("a folder locked by a running process is refused, with the pid", async () => {
    const out = join(tmp, "locked");
    expect((await run(out, "--no-report")).code).toBe(0);
    writeFileSync(join(out, ".rrdns-lock"), JSON.stringify({ pid: process.pid }));
    const r = runProcess(out, "--no-report");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`another rrdns process (pid ${process.pid}) is writing`);
  });
});
