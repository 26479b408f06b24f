import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  allClientRows,
  CLIENT_REDUCED_PROTOCOL,
  CLIENT_SPECS,
  type ClientMeasurement,
  undocumented,
} from "../../src/conformance/index.js";
import { ROOT } from "../cli-helpers.js";

/**
 * The real clients as one reduced harness run measured them (fixtures/,
 * written by `--json`), judged again against the presets as they are now:
 * in a second, without daemons, so a change to a preset that a real client
 * contradicts fails here as well as in the harness.
 */
const FIXTURE = new URL("./fixtures/clients-measured-reduced.json", import.meta.url);
const recorded = JSON.parse(readFileSync(FIXTURE, "utf8")) as {
  measurements: Record<string, ClientMeasurement>;
};
const MAIN = resolve(ROOT, "dist/cli/client-conformance/main.js");
const run = (args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8" });

describe("client runtime presets against recorded real clients", () => {
  it("every runtime was measured and every row passes or is a known deviation", () => {
    expect(Object.keys(recorded.measurements).sort()).toEqual(CLIENT_SPECS.map((s) => s.id).sort());
    const rows = allClientRows(recorded.measurements, CLIENT_REDUCED_PROTOCOL);
    expect(rows.length).toBeGreaterThanOrEqual(35);
    expect(undocumented(rows).map((r) => `${r.setting} · ${r.metric}`)).toEqual([]);
  });

  it("the rows can fail: the recorded round_robin judged as pick_first", () => {
    const rr = recorded.measurements["grpc-js-round-robin"]!;
    const rows = allClientRows({ "grpc-js-pick-first": rr }, CLIENT_REDUCED_PROTOCOL);
    expect(undocumented(rows).map((r) => r.metric)).toContain("connections at once per client");
  });

  it("--from re-judges a saved run and --markdown writes the table between the markers", () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-client-conf-"));
    const page = join(dir, "page.md");
    writeFileSync(page, "# t\n<!-- conformance:start -->\nold\n<!-- conformance:end -->\ntail\n");
    const r = run(["--reduced", "--from", FIXTURE.pathname, "--markdown", page]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const text = readFileSync(page, "utf8");
    expect(text).toMatch(
      /\| @grpc\/grpc-js round_robin \| `grpc-round-robin` \| pick-up of added address \|/,
    );
    expect(text).toContain("reduced protocol");
    expect(text).not.toContain("old");
    expect(text.endsWith("<!-- conformance:end -->\ntail\n")).toBe(true);
    expect(r.stdout).toMatch(/HAProxy server-template +errors/);
  });

  it("a missing or malformed --from file is exit 2 with the file's name, no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-client-conf-"));
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"rows": []}');
    for (const file of [bad, join(dir, "absent.json")]) {
      const r = run(["--from", file]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(file);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("a --markdown file without markers is refused before any run", () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-client-conf-"));
    const page = join(dir, "plain.md");
    writeFileSync(page, "# no markers\n");
    const r = run(["--from", FIXTURE.pathname, "--markdown", page]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/plain\.md: no '<!-- conformance:start -->'/);
  });
});
