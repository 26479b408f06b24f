import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/index.js";
import { ROOT } from "../cli-helpers.js";

describe("lesson pages (docs/reference/lessons)", () => {
  it("each bundled scenario's page shows its description, its claim and its 'try this' list", () => {
    const names = readdirSync(join(ROOT, "scenarios"))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.replace(/\.yaml$/, ""));
    const words = (text: string) => text.replace(/\s+/g, " ").trim();
    for (const name of names) {
      const file = join(ROOT, "scenarios", `${name}.yaml`);
      const { description, lesson } = loadScenario(readFileSync(file, "utf8"), file);
      const page = readFileSync(join(ROOT, "docs/reference/lessons", `${name}.md`), "utf8");
      const body = page.split("\n\n").map(words);
      expect(body, name).toContain(words(description));
      // The lesson's plain claim where it has one, else the description's first sentence.
      const claim =
        lesson?.claim ??
        words(description)
          .match(/^.*?\.(\s|$)/)?.[0]
          .trim();
      expect(page, name).toContain(`**Claim.** ${claim}`);
      // And its "try this" list, each change as the command that runs it.
      for (const t of lesson?.try ?? []) {
        const flags = Object.entries(t.change)
          .map(([path, value]) => `--set ${path}=${String(value)}`)
          .join(" ");
        expect(page, name).toContain(`- \`rrdns run ${name} ${flags}\`: ${words(t.look)}`);
      }
    }
  });
});
