import { existsSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../cli-helpers.js";
import { anchors, links, markdownPages, read, slug, steps } from "./markdown.js";

describe("documentation links", () => {
  const pages = markdownPages(ROOT);

  it("reads headings as GitHub anchors them", () => {
    expect(slug("Replaying real traffic: `clients.trace`, per-server access logs")).toBe(
      "replaying-real-traffic-clientstrace-per-server-access-logs",
    );
    expect(slug("Capacity planning: `rrdns plan`")).toBe("capacity-planning-rrdns-plan");
    expect([...anchors("# A\n## B\n```\n# not a heading\n```\n## B\n")]).toEqual(["a", "b", "b-1"]);
  });

  it("reads the runnable markers", () => {
    const s = steps(
      "```sh runnable exit=3\nrrdns x\n```\n\n<!-- expect: hello -->\n```text\nhello world\n```\n```yaml file=a.yaml\nname: a\n```\n",
    );
    expect(s.map((x) => [x.kind, x.exit, x.file, x.expects, x.shown])).toEqual([
      ["run", 3, "", ["hello"], "hello world"],
      ["file", 0, "a.yaml", [], undefined],
    ]);
  });

  for (const page of pages) {
    it(`${page}: every relative link and anchor resolves`, () => {
      const text = read(ROOT, page);
      const broken: string[] = [];
      for (const { target, line } of links(text)) {
        const [path, anchor] = target.split("#") as [string, string | undefined];
        const file = path === "" ? page : normalize(join(dirname(page), decodeURI(path)));
        if (file.startsWith("..") || !existsSync(join(ROOT, file))) {
          broken.push(`line ${line}: ${target} (no file ${file})`);
          continue;
        }
        if (anchor === undefined || anchor === "") continue;
        if (!file.endsWith(".md") || statSync(join(ROOT, file)).isDirectory()) continue;
        if (!anchors(read(ROOT, file)).has(anchor))
          broken.push(`line ${line}: ${target} (no heading #${anchor} in ${file})`);
      }
      expect(broken).toEqual([]);
    });
  }
});
