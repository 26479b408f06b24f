import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedPages, REGENERATE, readmeWithLessons } from "../../../src/cli/docs/pages.js";
import { buildProgram } from "../../../src/cli/main.js";
import { ROOT } from "../../cli-helpers.js";

/*
 * docs/reference/ and the README's lessons table are generated from the code
 * (the zod schemas, the command definitions, the preset registry, the
 * scenarios). A field, option or lesson added without regenerating fails
 * here, and the message says the one command that fixes it.
 */
describe("generated reference", () => {
  const pages = generatedPages(ROOT, buildProgram());

  for (const [path, text] of pages) {
    it(`${path} is up to date`, () => {
      let committed = "";
      try {
        committed = readFileSync(join(ROOT, path), "utf8");
      } catch {
        committed = "(missing)";
      }
      expect(committed, `${path} is stale: run \`${REGENERATE}\``).toBe(text);
    });
  }

  it("README.md's lessons table is up to date", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme, `README.md's lessons table is stale: run \`${REGENERATE}\``).toBe(
      readmeWithLessons(readme, ROOT),
    );
  });

  it("covers every command, option, scenario field and lesson", () => {
    const cli = pages.get("docs/reference/cli.md")!;
    const visit = (cmd: ReturnType<typeof buildProgram>, path: string[]): void => {
      for (const sub of cmd.commands) {
        if (sub.name() === "help") continue;
        const full = ["rrdns", ...path, sub.name()].join(" ");
        expect(cli).toContain(`### \`${full}\``);
        for (const o of sub.options)
          expect(cli, `${full} ${o.flags}`).toContain(`| \`${o.flags}\` |`);
        visit(sub, [...path, sub.name()]);
      }
    };
    visit(buildProgram(), []);
    const fields = pages.get("docs/reference/scenario.md")!;
    for (const f of ["dns.ttl", "resolvers.behaviour", "clients.sessions", "failures[].at"])
      expect(fields).toContain(`| \`${f}\``);
    expect(pages.has("docs/reference/lessons/default.md")).toBe(true);
  });
});
