import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, ROOT, rrdnsInProcess } from "../../cli-helpers.js";
import { markdownPages, read, steps } from "./markdown.js";

/*
 * Every shell block in README.md and docs/ marked ```sh runnable runs as
 * written, in order, in a fresh folder per page (with `data/` and
 * `scenarios/` linked in, as in a clone), with `rrdns` on the PATH; what the
 * page says it prints (its <!-- expect: ... --> lines) must be in the output,
 * and in the output the page shows. Markers: test/e2e/docs/markdown.ts.
 */

const bin = mkdtempSync(join(tmpdir(), "rrdns-docs-bin-"));
writeFileSync(join(bin, "rrdns"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
chmodSync(join(bin, "rrdns"), 0o755);
const folders: string[] = [bin];
afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/** Runs a script in bash (-e, pipefail) without blocking, so pages run side by side. */
function shell(
  cwd: string,
  script: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn("bash", ["-eo", "pipefail", "-c", script], {
      cwd,
      // No block reads stdin; and with a pipe (a socket pair in Node) there
      // bash would source ~/.bashrc, as under sshd: the reader's, not the page's.
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, HOME: cwd, COLUMNS: "200" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
    child.on("error", fail);
    child.on("close", (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

const pages = markdownPages(ROOT)
  .map((page) => ({ page, steps: steps(read(ROOT, page)) }))
  .filter((p) => p.steps.some((s) => s.kind === "run"));

describe("runnable documentation", () => {
  it("finds runnable blocks in the README and in every tutorial", () => {
    const names = pages.map((p) => p.page);
    expect(names).toContain("README.md");
    for (const t of [
      "choose-a-ttl",
      "size-a-pool-n-plus-one",
      "teach-caching-resolvers",
      "replay-and-fit",
    ])
      expect(names).toContain(`docs/tutorials/${t}.md`);
  });

  // One test per page, pages side by side (each in its own folder); a page's steps run in order.
  for (const { page, steps: list } of pages) {
    // A tutorial runs whole commands (a fit, a plan): a minute alone, more beside other files.
    it.concurrent(`${page}: every runnable block prints what the page shows`, {
      timeout: 400_000,
    }, async () => {
      const dir = mkdtempSync(join(tmpdir(), "rrdns-docs-"));
      folders.push(dir);
      symlinkSync(join(ROOT, "data"), join(dir, "data"));
      symlinkSync(join(ROOT, "scenarios"), join(dir, "scenarios"));
      for (const step of list) {
        const where = `${page} line ${step.line}`;
        if (step.kind === "file") {
          writeFileSync(join(dir, step.file), step.text);
          if (/^name:/m.test(step.text) && /\.ya?ml$/.test(step.file)) {
            // The built CLI's check, in this process (test/cli-helpers.ts): no shell or Node to start.
            const r = await rrdnsInProcess(["validate", step.file], dir);
            expect(r.code, `${where}: ${step.file} is a valid scenario\n${r.stderr}`).toBe(0);
          }
          continue;
        }
        const r = await shell(dir, step.text);
        const output = `${r.stdout}${r.stderr}`;
        expect(r.status, `${where}: exit code of\n${step.text}\n${output}`).toBe(step.exit);
        expect(r.stderr, where).not.toMatch(/\n\s+at .*\.js:\d+/);
        for (const text of step.expects) {
          expect(output, `${where} prints "${text}"`).toContain(text);
          if (step.shown !== undefined)
            expect(step.shown, `${where} shows "${text}"`).toContain(text);
        }
      }
    });
  }
});
