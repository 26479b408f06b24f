import { describe, expect, it } from "vitest";
import { LineParser, TraceObjects } from "../../../../src/model/index.js";

describe("trace objects", () => {
  it("interns TSV paths in order of first appearance, sized by the largest bytes logged", () => {
    const o = new TraceObjects();
    const parser = new LineParser("tsv");
    const lines = [
      "time\thost\tbytes\tpath",
      "1000\th1\t50\t/a",
      "1001\th2\t900\t/a",
      "1002\th1\t7\t/b",
      "1003\th1\t3\t/a",
    ];
    for (const line of lines) if (parser.parse(line)) o.scanned(line, parser);
    expect(o.count).toBe(2);
    expect([o.size(0), o.size(1)]).toEqual([900, 7]);
    const replay = new LineParser("tsv");
    const ids = lines.map((line) => (replay.parse(line) ? o.objectOf(line, replay) : null));
    expect(ids).toEqual([null, 0, 0, 1, 0]);
    expect(replay.parse("1004\th1\t1\t/unseen") && o.objectOf("", replay)).toBe(-1);
  });
});
