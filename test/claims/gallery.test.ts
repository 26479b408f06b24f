import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/index.js";
import { ROOT } from "../cli-helpers.js";

describe("lesson pages (docs/reference/lessons)", () => {
  it("each bundled scenario's page shows its description and its claim", () => {
    const names = readdirSync(join(ROOT, "scenarios"))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.replace(/\.yaml$/, ""));
    const words = (text: string) => text.replace(/\s+/g, " ").trim();
    for (const name of names) {
      const file = join(ROOT, "scenarios", `${name}.yaml`);
      const { description } = loadScenario(readFileSync(file, "utf8"), file);
      const page = readFileSync(join(ROOT, "docs/reference/lessons", `${name}.md`), "utf8");
      const body = page.split("\n\n").map(words);
      expect(body, name).toContain(words(description));
      const claim = words(description)
        .match(/^.*?\.(\s|$)/)?.[0]
        .trim();
      expect(page, name).toContain(`**Claim.** ${claim}`);
    }
  });
});
