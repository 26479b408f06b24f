import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli-helpers.js";

/*
 * `npm run conformance` without daemons: --from re-judges the recorded
 * reduced run (fixtures/, written by --json), --markdown writes the table
 * between the page's markers and --json the run, and bad files are exit 2
 * naming the file, before any measuring.
 */
const FIXTURE = new URL("./fixtures/measured-reduced.json", import.meta.url).pathname;
const MAIN = resolve(ROOT, "dist/cli/conformance/main.js");
const run = (args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8" });

describe("the resolver conformance command, from a saved run", () => {
  it("--from passes the recorded run, --markdown writes the table between the markers, --json the run", () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-conformance-cli-"));
    const page = join(dir, "page.md");
    const json = join(dir, "run.json");
    writeFileSync(
      page,
      "# Page\n\nbefore\n<!-- conformance:start -->\nold\n<!-- conformance:end -->\nafter\n",
    );
    const r = run(["--reduced", "--from", FIXTURE, "--markdown", page, "--json", json]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/FAIL/);
    const written = readFileSync(page, "utf8");
    expect(written).toMatch(/^# Page\n\nbefore\n<!-- conformance:start -->\n/);
    expect(written).not.toContain("\nold\n");
    expect(written).toContain("| Unbound (default) | `unbound` |");
    expect(written.endsWith("<!-- conformance:end -->\nafter\n")).toBe(true);
    const saved = JSON.parse(readFileSync(json, "utf8"));
    expect(saved.rows.length).toBeGreaterThan(100);
  });

  it("a page without markers, or a missing --from file: exit 2 naming the file, no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-conformance-cli-"));
    const page = join(dir, "plain.md");
    writeFileSync(page, "# No markers\n");
    const noMarkers = run(["--reduced", "--from", FIXTURE, "--markdown", page]);
    expect(noMarkers.status).toBe(2);
    expect(noMarkers.stderr).toContain(`conformance: ${page}:`);
    const missing = run(["--reduced", "--from", join(dir, "none.json")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`conformance: ${join(dir, "none.json")}:`);
    for (const r of [noMarkers, missing]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
