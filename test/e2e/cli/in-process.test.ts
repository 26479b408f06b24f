import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CliResult, ROOT, rrdns, rrdnsInProcess } from "../../cli-helpers.js";

/*
 * rrdnsInProcess (test/cli-helpers.ts) runs the built CLI's main() in the
 * test's process; a test may use it in place of rrdns (a process) only if the
 * two give the same exit code, stdout, stderr and files. Each command below
 * runs both ways into the same output folder (emptied between), so even the
 * `wrote <path>` lines must agree byte for byte.
 */

const tmp = mkdtempSync(join(tmpdir(), "rrdns-in-process-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const small = join(tmp, "small.yaml");
writeFileSync(
  small,
  `name: in-process
duration: 300
servers: [ {address: 10.0.0.2}, {address: 10.0.0.4} ]
dns: { ttl: 60, order: cyclic }
resolvers: { count: 50, skew: 1, behaviour: rotate }
clients: { rate: 20 }
`,
);
writeFileSync(
  join(tmp, "broken.yaml"),
  "name: broken\nservers: [ {address: nowhere} ]\nduration: -5\n",
);

/** Every file under `dir`, path → bytes, read back after a run. */
function files(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const visit = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = join(sub, entry.name);
      if (entry.isDirectory()) visit(path);
      else found.set(path, readFileSync(join(dir, path)));
    }
  };
  try {
    visit("");
  } catch {
    // The command wrote no folder.
  }
  return found;
}

interface Case {
  readonly what: string;
  readonly args: (out: string) => string[];
  readonly code: number;
  /** The working folder: relative paths in args resolve against it. */
  readonly cwd?: string;
}

const CASES: readonly Case[] = [
  { what: "--help", args: () => ["--help"], code: 0 },
  { what: "--version", args: () => ["--version"], code: 0 },
  { what: "a command's help", args: () => ["run", "--help"], code: 0 },
  { what: "list", args: () => ["list"], code: 0 },
  { what: "validate a bundled scenario", args: () => ["validate", "default"], code: 0 },
  {
    what: "validate a broken file (exit 2)",
    args: () => ["validate", "broken.yaml"],
    code: 2,
    cwd: tmp,
  },
  { what: "a missing scenario (exit 2)", args: () => ["run", "/nonexistent/none.yaml"], code: 2 },
  { what: "an unknown option (exit 2)", args: () => ["run", "default", "--no-such-flag"], code: 2 },
  { what: "an unknown command (exit 2)", args: () => ["frobnicate"], code: 2 },
  {
    what: "a run from a relative path, text summary and files",
    args: (out) => ["run", "small.yaml", "--seed", "5", "--out", out],
    code: 0,
    cwd: tmp,
  },
  {
    what: "a run's results as JSON on stdout",
    args: (out) => [
      "run",
      small,
      "--format",
      "json",
      "--no-report",
      "--duration",
      "120",
      "--out",
      out,
    ],
    code: 0,
  },
  {
    what: "ttl when no TTL meets the limits (exit 3, set by the command)",
    args: (out) => [
      "ttl",
      small,
      "--ttls",
      "10,300",
      "--replications",
      "2",
      "--max-qps",
      "0.0001",
      "--no-report",
      "--out",
      out,
    ],
    code: 3,
  },
];

describe("the in-process runner gives what the process gives", () => {
  it.each(CASES)("$what", async ({ args, code, cwd }) => {
    const out = join(tmp, "out");
    const both: { result: CliResult; written: Map<string, Buffer> }[] = [];
    for (const run of [
      () => Promise.resolve(rrdns(args(out), cwd ?? ROOT)),
      () => rrdnsInProcess(args(out), cwd ?? ROOT),
    ]) {
      rmSync(out, { recursive: true, force: true });
      const result = await run();
      both.push({ result, written: files(out) });
    }
    const [process, inProcess] = both;
    expect(process!.result.code).toBe(code);
    expect(inProcess!.result).toEqual(process!.result);
    expect([...inProcess!.written.keys()].sort()).toEqual([...process!.written.keys()].sort());
    for (const [path, bytes] of process!.written)
      expect({ path, same: inProcess!.written.get(path)?.equals(bytes) }).toEqual({
        path,
        same: true,
      });
  });

  it("leaves the test's cwd, environment, exit code and streams as they were", async () => {
    const cwd = process.cwd();
    const env = { ...process.env };
    const write = process.stdout.write;
    // With an environment of its own for the call (help-examples.test.ts passes HOME).
    const r = await rrdnsInProcess(["validate", "broken.yaml"], tmp, { HOME: tmp, RRDNS_X: "1" });
    expect(r.code).toBe(2);
    expect(process.cwd()).toBe(cwd);
    expect(process.env).toEqual(env);
    expect(process.stdout.write).toBe(write);
    // A command that sets the exit code itself (ttl: 3) leaves the test's own as it was.
    const ttl = CASES.find((c) => c.code === 3)!;
    const sigint = process.listenerCount("SIGINT");
    process.exitCode = 7;
    try {
      const t = await rrdnsInProcess(ttl.args(join(tmp, "leaves-exit-code")));
      expect(t.code).toBe(3);
      expect(process.exitCode).toBe(7);
    } finally {
      process.exitCode = undefined;
    }
    expect(process.listenerCount("SIGINT")).toBe(sigint);
  });

  it("runs calls one at a time: two at once print what each prints alone", async () => {
    const [a, b] = await Promise.all([
      rrdnsInProcess(["validate", "default"]),
      rrdnsInProcess(["--version"]),
    ]);
    expect(a).toEqual(rrdns(["validate", "default"]));
    expect(b).toEqual(rrdns(["--version"]));
  });
});
