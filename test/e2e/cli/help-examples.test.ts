import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { rrdnsInProcess } from "../../cli-helpers.js";

/*
 * Every example in every --help runs as written. The examples are read from
 * the help text itself (not from the code that adds them), in order, in an
 * empty temporary folder (so a file an example names must be one an earlier
 * example wrote), with HOME pointing there too so `> ~/.config/...` stays
 * inside it. Each runs the built CLI's main() in this process
 * (test/cli-helpers.ts): what is tested is its exit code and output.
 */

/** Each command's --help, asked once (the listing and the examples read the same text). */
const helps = new Map<string, string>();
async function ask(path: readonly string[]): Promise<string> {
  const key = path.join(" ");
  let help = helps.get(key);
  if (help === undefined) {
    help = (await rrdnsInProcess([...path, "--help"])).stdout;
    helps.set(key, help);
  }
  return help;
}
/** A help asked already (by `commands`, before the tests are collected). */
function helpOf(path: readonly string[]): string {
  const help = helps.get(path.join(" "));
  if (help === undefined) throw new Error(`rrdns ${path.join(" ")} --help was not asked`);
  return help;
}

/** The command paths under `path`, read from its help's "Commands:" section. */
async function commands(path: readonly string[] = []): Promise<string[][]> {
  const help = await ask(path);
  const start = help.indexOf("Commands:");
  if (start < 0) return [[...path]];
  const end = help.indexOf("\n\n", start);
  const names = [...help.slice(start, end < 0 ? undefined : end).matchAll(/^ {2}([a-z-]+)/gm)]
    .map((m) => m[1]!)
    .filter((n) => n !== "help");
  const below: string[][] = [];
  for (const n of names) below.push(...(await commands([...path, n])));
  return [[...path], ...below];
}

/** The example command lines of one help text (their comments cut off). */
function examples(help: string): string[] {
  const start = help.indexOf("\nExamples:\n");
  if (start < 0) return [];
  return help
    .slice(start + "\nExamples:\n".length)
    .split("\n")
    .filter((line) => line.startsWith("  rrdns "))
    .map((line) => line.trim().split(/ {2,}/)[0]!);
}

// Empty: an example that names a file no earlier example wrote fails here as it would for a user.
const home = mkdtempSync(join(tmpdir(), "rrdns-examples-"));

/** Runs one example line in the folder: `rrdns args… [> target]`. */
async function runExample(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const [command, target] = line.split(/\s+>\s+/);
  const args = command!.split(/\s+/).slice(1);
  const r = await rrdnsInProcess(args, home, { HOME: home });
  if (target !== undefined && r.code === 0) {
    const file = target.replace(/^~\//, `${home}/`);
    const path = file.startsWith("/") ? file : join(home, file);
    mkdirSync(dirname(path), { recursive: true }); // as the user would, once
    writeFileSync(path, r.stdout);
  }
  return r;
}

// Asked before the tests are collected: each example is a test of its own.
const all = await commands();

describe("every example in every --help runs", () => {
  it("finds the commands and their examples", () => {
    expect(all.map((c) => c.join(" "))).toEqual(
      expect.arrayContaining(["", "run", "logs merge", "completion"]),
    );
    const run = examples(helpOf(["run"]));
    expect(run.length).toBeGreaterThan(1);
  });

  for (const path of all) {
    const help = helpOf(path);
    for (const line of examples(help)) {
      it(`rrdns ${path.join(" ")} --help: ${line}`, async () => {
        const r = await runExample(line);
        // Exit 0 is the test; stderr is shown when it fails (sweeps say what they run there).
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
        // An advisor example shows advice: one that recommends nothing teaches nothing.
        if (/^rrdns ttl /.test(line)) expect(r.stdout).toMatch(/^Recommended TTL: /m);
        const target = line.split(/\s+>\s+/)[1];
        if (target !== undefined)
          expect(statSync(join(home, target.replace(/^~\//, ""))).size).toBeGreaterThan(0);
      });
    }
  }
});
