import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { rrdnsInProcess } from "../../cli-helpers.js";
import { clfLine, T0 } from "../../unit/fit/helpers.js";
import { runFitted } from "./run-fitted.js";

function logText(): string {
  const lines: string[] = [];
  for (let h = 0; h < 100; h++) {
    const t = T0 + h * 37 + (h % 3) * 400;
    lines.push(clfLine(`10.1.0.${h}`, t, "/index.html"));
    lines.push(clfLine(`10.1.0.${h}`, t + 1, "/logo.png", "http://site/index.html"));
    lines.push(clfLine(`10.1.0.${h}`, t + 20 + (h % 7), "/about.html"));
  }
  return `${lines.sort((a, b) => a.slice(a.indexOf("[")).localeCompare(b.slice(b.indexOf("[")))).join("\n")}\nnot a log line\n`;
}

describe("rrdns fit (end to end, built CLI)", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-fit-"));

  it("fits a gzipped log, writes the scenario atomically and the report, and the scenario runs", async () => {
    const log = join(dir, "access.log.gz");
    writeFileSync(log, gzipSync(logText()));
    const out = join(dir, "fitted.yaml");
    const report = join(dir, "report");
    const r = await rrdnsInProcess(["fit", log, "--servers", "3", "-o", out, "--report", report]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/300 valid, 1 malformed skipped/);
    expect(r.stdout).toBe("");
    const yaml = readFileSync(out, "utf8");
    expect(yaml).toContain("Fitted by rrdns fit from access.log.gz");
    expect(yaml).toContain("192.0.2.12");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    for (const f of ["index.html", "report.md"]) expect(existsSync(join(report, f))).toBe(true);
    const md = readFileSync(join(report, "report.md"), "utf8");
    expect(md).toContain("## Reconstruction rules");
    const chart = md.match(/\(charts\/(clients-[a-z-]+)\.png\)/)?.[1];
    expect(chart).toBeDefined();
    expect(existsSync(join(report, `charts/${chart}.png`))).toBe(true);
    expect(existsSync(join(report, `charts/${chart}.svg`))).toBe(true);
    expect(readFileSync(join(report, "index.html"), "utf8")).toContain("Content-Security-Policy");
    const v = await rrdnsInProcess(["validate", out]);
    expect(v.code, v.stderr).toBe(0);
    const run = await runFitted(out, join(dir, "run"));
    expect(run.stdout).toContain("192.0.2.10");
  });

  it("without -o the scenario goes to stdout; the same log gives the same bytes", async () => {
    const log = join(dir, "plain.log");
    writeFileSync(log, logText());
    const a = await rrdnsInProcess(["fit", log]);
    const b = await rrdnsInProcess(["fit", log]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/^# yaml-language-server/);
    expect(a.stdout).toBe(b.stdout);
  });

  it("a file with no valid line: exit 2 naming the file, no stack trace", async () => {
    const log = join(dir, "junk.log");
    writeFileSync(log, "junk\nmore junk\n");
    const r = await rrdnsInProcess(["fit", log]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/junk\.log: no valid clf line in 2 line/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("a missing file or a bad flag: exit 2", async () => {
    const missing = await rrdnsInProcess(["fit", join(dir, "nope.log")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.log: cannot read trace/);
    const bad = await rrdnsInProcess(["fit", join(dir, "plain.log"), "--servers", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--servers/);
  });
});
