/**
 * Issue 22, the files rrdns writes (rows 1, 2, 3, 6, 7, 8, 12): access logs,
 * merged logs and fitted scenarios follow the rule of `--out` — never
 * overwrite or follow into a file rrdns did not write, stage then rename,
 * lock the folder, remove an earlier run's stale files — and a write that
 * cannot happen is one line naming the path, exit 2, no partial file.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CLI, rrdns, rrdnsInProcess } from "../../cli-helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "rrdns-written-"));
const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

function scenario(name: string, servers: number, rate: number, duration: number): string {
  const path = join(tmp, `${name}.yaml`);
  const list = Array.from({ length: servers }, (_, i) => `{ address: 10.0.0.${i + 1} }`);
  writeFileSync(
    path,
    `name: ${name}\nduration: ${duration}\nservers: [${list.join(", ")}]\n` +
      "dns: { ttl: 30, order: cyclic }\nresolvers: { count: 40, skew: 1, behaviour: rotate }\n" +
      `clients: { rate: ${rate}, selection: failover, connectTimeout: 3 }\n`,
  );
  return path;
}

const small2 = scenario("two", 2, 5, 120);
const small4 = scenario("four", 4, 5, 120);
/** Runs for seconds with its logs open: long enough to be caught mid-way. */
const long = scenario("long", 3, 400, 3600);

function logArgs(file: string, logs: string, ...extra: string[]): string[] {
  return [
    "run",
    file,
    "--no-report",
    "--quiet",
    "--out",
    join(tmp, `out-${Math.random().toString(36).slice(2)}`),
    "--access-logs",
    logs,
    ...extra,
  ];
}

/** A run writing access logs, in this process (test/cli-helpers.ts). */
function logRun(file: string, logs: string, ...extra: string[]) {
  return rrdnsInProcess(logArgs(file, logs, ...extra));
}

/** The same run as a process of its own: where another process's lock is what is tested. */
function logRunProcess(file: string, logs: string, ...extra: string[]) {
  return rrdns(logArgs(file, logs, ...extra));
}

function spawnRun(file: string, logs: string, ...extra: string[]): ChildProcess {
  return spawn(
    process.execPath,
    [
      CLI,
      "run",
      file,
      "--no-report",
      "--quiet",
      "--out",
      join(tmp, "out-bg"),
      "--access-logs",
      logs,
      ...extra,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((done) =>
    child.once("exit", (code, signal) => done({ code, signal, stderr })),
  );
}

/** Polls until `ready()` or the child ends; true if `ready()` held first. */
async function until(child: ChildProcess, ready: () => boolean, seconds = 60): Promise<boolean> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if (ready()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
}

/** The bytes of every file under `folder`, staged (hidden staging folders) or under a final name. */
function folderBytes(folder: string): number {
  if (!existsSync(folder)) return 0;
  let total = 0;
  for (const f of readdirSync(folder, { recursive: true }) as string[]) {
    try {
      const st = statSync(join(folder, f));
      if (st.isFile()) total += st.size;
    } catch {
      // Renamed or removed while we looked.
    }
  }
  return total;
}

/** A one-line rrdns error: no stack trace, exit 2. */
function expectOneLineError(r: { code: number; stderr: string }, ...parts: string[]) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  for (const p of parts) expect(r.stderr).toContain(p);
}

/** A CLF log of `n` lines, one a second from 2015-05-17 10:00:00 UTC. */
function clfLog(n: number, host = "1.2.3.4"): string {
  const p = (x: number) => String(x).padStart(2, "0");
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = new Date(Date.UTC(2015, 4, 17, 10) + i * 1000);
    const date = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
    lines.push(`${host} - - [${date}] "GET /x HTTP/1.1" 200 512`);
  }
  return `${lines.join("\n")}\n`;
}

/** A refusal: exit 2, each line an rrdns message, no stack trace. */
function expectRefusal(r: { code: number; stderr: string }, ...parts: string[]) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  for (const p of parts) expect(r.stderr).toContain(p);
}

describe("logs merge -o: never its own input (row 1)", () => {
  it("refuses -o naming an input, by the same path, another spelling or a hard link; the input keeps its bytes", async () => {
    const dir = join(tmp, "merge-self");
    mkdirSync(dir);
    const a = join(dir, "a.log");
    const text = clfLog(2000);
    writeFileSync(a, text);
    linkSync(a, join(dir, "hard.log"));
    for (const target of [a, join(dir, ".", "a.log"), join(dir, "hard.log")]) {
      const r = await rrdnsInProcess(["logs", "merge", a, "-o", target]);
      expectOneLineError(r, "is also an input");
      expect(readFileSync(a, "utf8")).toBe(text);
    }
    // A second merge into its own earlier output is fine (rrdns wrote it).
    expect((await rrdnsInProcess(["logs", "merge", a, "-o", join(dir, "m.log")])).code).toBe(0);
    const again = await rrdnsInProcess(["logs", "merge", a, "-o", join(dir, "m.log")]);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(dir, "m.log"), "utf8")).toBe(text);
  });

  it("refuses to overwrite a user's file or write through a symbolic link (-o, fit and merge)", async () => {
    const dir = join(tmp, "merge-user");
    mkdirSync(dir);
    const a = join(dir, "a.log");
    writeFileSync(a, clfLog(500));
    writeFileSync(join(dir, "mine.log"), "my notes\n");
    expectRefusal(
      await rrdnsInProcess(["logs", "merge", a, "-o", join(dir, "mine.log")]),
      "mine.log exists and was not written by rrdns",
    );
    expect(readFileSync(join(dir, "mine.log"), "utf8")).toBe("my notes\n");
    writeFileSync(join(tmp, "outside.txt"), "outside\n");
    symlinkSync(join(tmp, "outside.txt"), join(dir, "link.log"));
    expectRefusal(
      await rrdnsInProcess(["logs", "merge", a, "-o", join(dir, "link.log")]),
      "symbolic link",
    );
    expect(readFileSync(join(tmp, "outside.txt"), "utf8")).toBe("outside\n");
  });
});

describe("--access-logs DIR is an rrdns output folder (rows 2, 3, 8)", () => {
  it("refuses a user's file at a log's name, before the run; the file keeps its bytes and nothing is written (row 2)", async () => {
    const logs = join(tmp, "user-file");
    mkdirSync(logs);
    writeFileSync(join(logs, "10.0.0.2.log"), "precious\n");
    const r = await logRun(small2, logs);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("10.0.0.2.log exists and was not written by rrdns");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(logs, "10.0.0.2.log"), "utf8")).toBe("precious\n");
    expect(readdirSync(logs)).toEqual(["10.0.0.2.log"]);
  });

  it("never follows a symbolic link at a log's name out of the folder (row 3)", async () => {
    const logs = join(tmp, "symlink");
    mkdirSync(logs);
    const outside = join(tmp, "victim.txt");
    writeFileSync(outside, "victim\n");
    symlinkSync(outside, join(logs, "10.0.0.2.log"));
    const r = await logRun(small2, logs);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("10.0.0.2.log is a symbolic link");
    expect(readFileSync(outside, "utf8")).toBe("victim\n");
  });

  it("a 2-server run into a 4-server run's folder removes the two old logs; logs stats sees one run (row 8)", async () => {
    const logs = join(tmp, "stale");
    expect((await logRun(small4, logs)).code).toBe(0);
    expect(readdirSync(logs).filter((f) => f.endsWith(".log"))).toHaveLength(4);
    writeFileSync(join(logs, "notes.txt"), "mine\n");
    // A file written on its own (-o) into the folder is not part of the run's output: it stays.
    const merged = await rrdnsInProcess([
      "logs",
      "merge",
      join(logs, "10.0.0.1.log"),
      "-o",
      join(logs, "merged.log"),
    ]);
    expect(merged.code, merged.stderr).toBe(0);
    const r = await logRun(small2, logs, "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(logs).sort()).toEqual([
      ".rrdns-manifest.json",
      "10.0.0.1.log",
      "10.0.0.2.log",
      "merged.log",
      "notes.txt",
    ]);
    const stats = await rrdnsInProcess([
      "logs",
      "stats",
      join(logs, "10.0.0.1.log"),
      join(logs, "10.0.0.2.log"),
      "--output-format",
      "json",
    ]);
    const total = JSON.parse(stats.stdout).total;
    expect(total).toBe(JSON.parse(r.stdout).totals.served);
  });
});

describe("a run writing access logs holds the folder (row 7) and leaves no truncated log when killed (row 6)", () => {
  it("a second run into the same folder is refused while the first writes; the first's logs are its own", async () => {
    const logs = join(tmp, "shared");
    const first = spawnRun(long, logs);
    const done = exited(first);
    expect(await until(first, () => folderBytes(logs) > 0)).toBe(true);
    const second = logRunProcess(small2, logs);
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toContain(`pid ${first.pid}`);
    expect(first.exitCode, "the first run was still running").toBe(null);
    const r = await done;
    expect(r.code, r.stderr).toBe(0);
    // The folder is the first run's output alone: three logs, each matching its manifest entry.
    const manifest = JSON.parse(readFileSync(join(logs, ".rrdns-manifest.json"), "utf8"));
    expect(manifest.files.map((e: { path: string }) => e.path)).toEqual([
      "10.0.0.1.log",
      "10.0.0.2.log",
      "10.0.0.3.log",
    ]);
    for (const e of manifest.files) expect(statSync(join(logs, e.path)).size).toBe(e.bytes);
  }, 120_000);

  it("kill -9 mid-way through --gzip-logs: no file under a final name is truncated; the next run completes and cleans up", async () => {
    const logs = join(tmp, "killed");
    // A complete earlier output, then a run killed while it writes.
    expect((await logRun(small2, logs, "--gzip-logs")).code).toBe(0);
    const before = readdirSync(logs).map((f) => [f, readFileSync(join(logs, f))] as const);
    const earlier = folderBytes(logs);
    const victim = spawnRun(long, logs, "--gzip-logs");
    const done = exited(victim);
    expect(await until(victim, () => folderBytes(logs) > earlier + 200_000)).toBe(true);
    victim.kill("SIGKILL");
    expect((await done).signal).toBe("SIGKILL");
    // Final names hold the earlier complete output, byte for byte; every .gz inflates.
    for (const [f, bytes] of before)
      expect(readFileSync(join(logs, f)).equals(bytes), f).toBe(true);
    for (const f of readdirSync(logs).filter((n) => n.endsWith(".gz")))
      expect(() => gunzipSync(readFileSync(join(logs, f))), f).not.toThrow();
    const stats = await rrdnsInProcess([
      "logs",
      "stats",
      join(logs, "10.0.0.1.log.gz"),
      join(logs, "10.0.0.2.log.gz"),
    ]);
    expect(stats.code, stats.stderr).toBe(0);
    // The next run takes over the dead run's lock and removes its staging folder.
    const next = logRunProcess(small4, logs, "--gzip-logs");
    expect(next.code, next.stderr).toBe(0);
    expect(readdirSync(logs).sort()).toEqual([
      ".rrdns-manifest.json",
      "10.0.0.1.log.gz",
      "10.0.0.2.log.gz",
      "10.0.0.3.log.gz",
      "10.0.0.4.log.gz",
    ]);
  }, 120_000);

  it("Ctrl-C (SIGINT) or SIGTERM mid-way: the run dies by the signal and leaves neither staging folder nor lock", async () => {
    const logs = join(tmp, "interrupted");
    expect((await logRun(small2, logs)).code).toBe(0);
    const before = readdirSync(logs).sort();
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const earlier = folderBytes(logs);
      const victim = spawnRun(long, logs);
      const done = exited(victim);
      expect(await until(victim, () => folderBytes(logs) > earlier + 100_000)).toBe(true);
      victim.kill(signal);
      expect((await done).signal).toBe(signal);
      expect(readdirSync(logs).sort(), signal).toEqual(before);
    }
  }, 120_000);

  it("kill -9 mid-way through logs merge -o: no partial merged file; the next merge completes and cleans up", async () => {
    const dir = join(tmp, "merge-kill");
    mkdirSync(dir);
    const inputs = [0, 1].map((i) => {
      const f = join(dir, `in${i}.log`);
      writeFileSync(f, clfLog(200_000, `1.2.3.${i}`));
      return f;
    });
    const out = join(dir, "merged.log.gz");
    const inputBytes = folderBytes(dir);
    const victim = spawn(process.execPath, [CLI, "logs", "merge", ...inputs, "-o", out], {
      stdio: "ignore",
    });
    const done = exited(victim);
    expect(await until(victim, () => folderBytes(dir) > inputBytes)).toBe(true);
    victim.kill("SIGKILL");
    await done;
    expect(existsSync(out)).toBe(false);
    const next = rrdns(["logs", "merge", ...inputs, "-o", out]);
    expect(next.code, next.stderr).toBe(0);
    expect(gunzipSync(readFileSync(out)).toString().split("\n")).toHaveLength(400_001);
    expect(readdirSync(dir).filter((f) => f.startsWith(".rrdns-staging"))).toEqual([]);
  }, 120_000);
});

describe("a write that cannot happen is one line naming the path, exit 2 (row 12)", () => {
  const log = join(tmp, "fit.log");
  writeFileSync(log, clfLog(3000));

  it("fit -o an existing folder, -o ., -o /proc/x; --access-logs /sys; -o into a file's place", async () => {
    const dir = join(tmp, "a-folder");
    mkdirSync(dir);
    expectOneLineError(await rrdnsInProcess(["fit", log, "-o", dir]), `-o ${dir}: is a folder`);
    expectOneLineError(await rrdnsInProcess(["fit", log, "-o", "."], tmp), "-o .: is a folder");
    expectOneLineError(await rrdnsInProcess(["fit", log, "-o", "/proc/x"]), "/proc");
    expectOneLineError(await rrdnsInProcess(["fit", log, "-o", log]), "is also an input");
    expectOneLineError(await rrdnsInProcess(["fit", log, "-o", join(log, "x.yaml")]), "is a file");
    expectOneLineError(await logRun(small2, "/sys"), "--access-logs /sys", "system file system");
    expectOneLineError(await logRun(small2, "/sys/rrdns-logs"), "--access-logs /sys/rrdns-logs");
    expectOneLineError(
      await rrdnsInProcess([
        "run",
        small2,
        "--no-report",
        "--out",
        join(tmp, "same"),
        "--access-logs",
        join(tmp, "same"),
      ]),
      "is also the --out folder",
    );
    // fit -o writes the scenario, and again over its own file.
    const fitted = join(tmp, "fitted.yaml");
    expect((await rrdnsInProcess(["fit", log, "-o", fitted])).code).toBe(0);
    const again = await rrdnsInProcess(["fit", log, "-o", fitted]);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(fitted, "utf8")).toContain("clients:");
    // A scenario fit wrote before manifests recorded single files (the committed
    // reports/fit-* folders hold one) is recognised by its header; a user's is not.
    const legacy = join(tmp, "legacy-fit");
    mkdirSync(legacy);
    writeFileSync(join(legacy, "fitted.yaml"), readFileSync(fitted));
    const over = await rrdnsInProcess(["fit", log, "-o", join(legacy, "fitted.yaml")]);
    expect(over.code, over.stderr).toBe(0);
    writeFileSync(join(legacy, "mine.yaml"), "# my scenario\nname: mine\n");
    expectRefusal(
      await rrdnsInProcess(["fit", log, "-o", join(legacy, "mine.yaml")]),
      "mine.yaml exists and was not written by rrdns",
    );
    expect(readFileSync(join(legacy, "mine.yaml"), "utf8")).toBe("# my scenario\nname: mine\n");
  });

  it("disk full on --access-logs, --out and logs merge -o: ENOSPC, naming the path; nothing under a final name", async (ctx) => {
    // A 64 KiB tmpfs, mounted for this test only (root with mount rights): the disk fills during the write.
    const full = join(tmp, "full");
    mkdirSync(full);
    const mounted =
      process.getuid?.() === 0 &&
      spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", full]).status === 0;
    if (!mounted) ctx.skip();
    try {
      const logs = join(full, "logs");
      const r = await logRun(long, logs, "--duration", "60");
      expectOneLineError(r, `--access-logs ${logs}`, "ENOSPC", "no space left");
      expect(readdirSync(logs)).toEqual([]);
      const out = join(full, "out");
      const report = await rrdnsInProcess(["run", small2, "--quiet", "--out", out]);
      expectOneLineError(report, `--out ${out}`, "ENOSPC");
      expect(readdirSync(out)).toEqual([]);
      const big = join(tmp, "big.log");
      writeFileSync(big, clfLog(20_000));
      const merged = join(full, "merged.log");
      expectOneLineError(
        await rrdnsInProcess(["logs", "merge", big, "-o", merged]),
        `-o ${merged}`,
        "ENOSPC",
      );
      expect(
        readdirSync(full)
          .filter((f) => !f.startsWith("."))
          .sort(),
      ).toEqual(["logs", "out"]);
      expect(readdirSync(full).filter((f) => f.startsWith(".rrdns-staging"))).toEqual([]);
    } finally {
      spawnSync("umount", [full]);
    }
  });
});
