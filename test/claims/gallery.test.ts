import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/index.js";
import { ROOT } from "../cli-helpers.js";

describe("README scenario gallery", () => {
  it("each bundled scenario's gallery text is its description", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const names = readdirSync(join(ROOT, "scenarios"))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.replace(/\.yaml$/, ""));
    const words = (text: string) => text.replace(/\s+/g, " ").trim();
    for (const name of names) {
      const file = join(ROOT, "scenarios", `${name}.yaml`);
      const { description } = loadScenario(readFileSync(file, "utf8"), file);
      const section = readme.split(`### \`${name}\`\n\n`)[1]?.split("\n\n![")[0];
      expect(section && words(section), name).toBe(words(description));
    }
  });
});
