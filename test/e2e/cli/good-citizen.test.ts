import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, ROOT, rrdnsInProcess } from "../../cli-helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "rrdns-citizen-"));
const DEFAULT = readFileSync(join(ROOT, "scenarios", "default.yaml"), "utf8");

/** Runs the CLI with its stdout's reader already gone, as `| head` leaves it. */
function withClosedStdout(
  args: readonly string[],
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: tmp,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("close", (code) => done({ code, stderr }));
  });
}

describe("a closed stdout (rrdns … | head)", () => {
  const commands: [string, string[]][] = [
    ["list", ["list"]],
    ["presets", ["presets"]],
    ["schema", ["schema"]],
    ["validate", ["validate", "default"]],
    ["completion", ["completion", "bash"]],
    ["--help", ["--help"]],
    [
      "run --format json",
      ["run", "default", "--duration", "60", "--no-report", "--format", "json", "--out", "piped"],
    ],
  ];
  for (const [name, args] of commands) {
    it(`${name}: ends quietly with exit 0`, async () => {
      const r = await withClosedStdout(args);
      expect(r.stderr).not.toMatch(/EPIPE|Error|at .*\.js:\d+/);
      expect(r.code).toBe(0);
    });
  }

  it("run has written its whole folder before it prints", () => {
    expect(existsSync(join(tmp, "piped", "results.json"))).toBe(true);
    expect(readdirSync(join(tmp, "piped")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("usage errors: one line, a guess, and where the help is", () => {
  it("an unknown option", async () => {
    const r = await rrdnsInProcess(["run", "default", "--sed", "3"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "rrdns run: unknown option '--sed' (did you mean one of --seed, --set?); see 'rrdns run --help'\n",
    );
  });

  it("an unknown command, at the top and under logs", async () => {
    const r = await rrdnsInProcess(["rn"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("rrdns: unknown command 'rn' (did you mean run?); see 'rrdns --help'\n");
    const sub = await rrdnsInProcess(["logs", "mrge"]);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toBe(
      "rrdns logs: unknown command 'mrge' (did you mean merge?); see 'rrdns logs --help'\n",
    );
  });

  it("a bad choice or a missing argument", async () => {
    const r = await rrdnsInProcess(["run", "default", "--format", "xml"]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")).toHaveLength(2); // one line and its newline
    expect(r.stderr).toMatch(/^rrdns run: option '--format <format>' argument 'xml' is invalid/);
    expect((await rrdnsInProcess(["run"])).stderr).toBe(
      "rrdns run: missing required argument 'scenario'; see 'rrdns run --help'\n",
    );
  });
});

describe("a misspelt scenario field gets the nearest one from the schema", () => {
  it("in a file", async () => {
    const file = join(tmp, "typo.yaml");
    writeFileSync(file, DEFAULT.replace("dns: { ttl: 60,", "dns: { tll: 60,"));
    const r = await rrdnsInProcess(["validate", file]);
    expect(r.code).toBe(2);
    // The line and column of the misspelt key, wherever the file has it.
    const lines = DEFAULT.split("\n");
    const line = lines.findIndex((l) => l.includes("dns: { ttl: 60,")) + 1;
    const column = lines[line - 1]!.indexOf("ttl") + 1;
    expect(line).toBeGreaterThan(0);
    expect(r.stderr).toContain(
      `${file}:${line}:${column}: dns.tll: unknown field 'tll' (did you mean dns.ttl?)`,
    );
  });

  it("in --set", async () => {
    const r = await rrdnsInProcess(["run", "default", "--set", "dns.tll=300"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "rrdns: --set dns.tll=300: dns.tll: unknown field 'tll' (did you mean dns.ttl?)\n",
    );
  });
});

describe("results on stdout, 'wrote' on stderr", () => {
  it("run: the summary or the JSON on stdout, where it wrote on stderr", async () => {
    const out = join(tmp, "streams");
    const run = await rrdnsInProcess([
      "run",
      "default",
      "--duration",
      "60",
      "--no-report",
      "--out",
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("10.0.0.2");
    expect(run.stdout).not.toContain("wrote");
    expect(run.stderr).toContain(`wrote ${out}/\n`);
    const json = await rrdnsInProcess([
      "run",
      "default",
      "--duration",
      "60",
      "--no-report",
      "--format",
      "json",
      "--out",
      out,
    ]);
    expect(JSON.parse(json.stdout).scenario).toBe("default");
  });
});
