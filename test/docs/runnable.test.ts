import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, ROOT } from "../cli-helpers.js";
import { markdownPages, read, steps } from "./markdown.js";

/*
 * Every shell block in README.md and docs/ marked ```sh runnable runs as
 * written, in order, in a fresh folder per page (with `data/` and
 * `scenarios/` linked in, as in a clone), with `rrdns` on the PATH; what the
 * page says it prints (its <!-- expect: ... --> lines) must be in the output,
 * and in the output the page shows. Markers: test/docs/markdown.ts.
 */

const bin = mkdtempSync(join(tmpdir(), "rrdns-docs-bin-"));
writeFileSync(join(bin, "rrdns"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
chmodSync(join(bin, "rrdns"), 0o755);
const folders: string[] = [bin];
afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

function shell(cwd: string, script: string) {
  return spawnSync("bash", ["-eo", "pipefail", "-c", script], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, HOME: cwd, COLUMNS: "200" },
    timeout: 300_000,
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

  for (const { page, steps: list } of pages) {
    describe(page, () => {
      const dir = mkdtempSync(join(tmpdir(), "rrdns-docs-"));
      folders.push(dir);
      symlinkSync(join(ROOT, "data"), join(dir, "data"));
      symlinkSync(join(ROOT, "scenarios"), join(dir, "scenarios"));
      for (const step of list) {
        if (step.kind === "file") {
          it(`line ${step.line}: writes ${step.file}`, () => {
            writeFileSync(join(dir, step.file), step.text);
            if (/^name:/m.test(step.text) && /\.ya?ml$/.test(step.file)) {
              const r = shell(dir, `rrdns validate ${step.file}`);
              expect(r.status, r.stderr).toBe(0);
            }
          });
          continue;
        }
        it(`line ${step.line}: ${step.text.split("\n")[0]}`, () => {
          const r = shell(dir, step.text);
          const output = `${r.stdout}${r.stderr}`;
          expect(r.status, output).toBe(step.exit);
          expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
          for (const text of step.expects) {
            expect(output, `${page} line ${step.line} prints "${text}"`).toContain(text);
            if (step.shown !== undefined)
              expect(step.shown, `${page} line ${step.line} shows "${text}"`).toContain(text);
          }
        });
      }
    });
  }
});
