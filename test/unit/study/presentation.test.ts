import * as fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { duration, spokenDuration } from "../../../src/report/specs/format.js";
import {
  csvField,
  sweepCsv,
  sweepPage,
  sweepText,
  ttlAdviceProse,
  ttlAdviceText,
  ttlChart,
} from "../../../src/report/sweep/index.js";
import { metricById } from "../../../src/run/index.js";
import { adviseTtl, type SweepOutput, TRADE_OFFS } from "../../../src/study/index.js";
import { failing, runPlan, ttlPlan } from "./fixtures.js";

describe("csvField", () => {
  it("neutralises text a spreadsheet would run as a formula: quote first, then quoted", () => {
    expect(csvField("=1+2")).toBe(`"'=1+2"`);
    expect(csvField("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(csvField("+cmd")).toBe(`"'+cmd"`);
    expect(csvField("-x")).toBe(`"'-x"`);
    expect(csvField("\tx")).toBe(`"'\tx"`);
    expect(csvField("\rx")).toBe(`"'\rx"`);
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
  });

  it("leaves numbers numbers (negative ones too) and ordinary text as it was", () => {
    expect(csvField(-1.5)).toBe("-1.5");
    expect(csvField(-0.001)).toBe("-0.001");
    expect(csvField(0)).toBe("0");
    expect(csvField(true)).toBe("true");
    expect(csvField(null)).toBe("");
    expect(csvField("dns.ttl")).toBe("dns.ttl");
    expect(csvField("a=b")).toBe("a=b");
    expect(csvField("a,b")).toBe(`"a,b"`);
    expect(csvField('say "hi"')).toBe(`"say ""hi"""`);
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (x) => csvField(x) === String(x),
      ),
    );
  });

  it("no text cell ever starts with a formula character once unquoted", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const cell = csvField(s);
        const inner = cell.startsWith('"') ? cell.slice(1) : cell;
        return !/^[=+\-@\t\r]/.test(inner);
      }),
    );
  });
});

describe("durations: one formatter, two wordings", () => {
  it("captions switch units at twice the unit, with a no-break space", () => {
    expect([59, 119, 120, 7199, 7200, 172_799, 172_800].map(duration)).toEqual([
      "59\u00a0s",
      "119\u00a0s",
      "2\u00a0min",
      "120\u00a0min",
      "2\u00a0h",
      "48\u00a0h",
      "2\u00a0d",
    ]);
  });

  it("the advisor says TTLs as people do, from the unit on", () => {
    expect([10, 59, 60, 300, 900, 3600, 14_400, 86_400, 172_800, 90].map(spokenDuration)).toEqual([
      "10 s",
      "59 s",
      "1 min",
      "5 min",
      "15 min",
      "1 h",
      "4 h",
      "1 day",
      "2 days",
      "1.5 min",
    ]);
  });
});

describe("sweep presentation", () => {
  let output: SweepOutput;
  beforeAll(async () => {
    output = await runPlan(ttlPlan(failing, "10,300", 2));
  });

  it("the advisor names each measure by its sweep metric's label: one label per metric", () => {
    const advice = adviseTtl(output, { maxDrain: 100, maxImbalance: 2 });
    const text = ttlAdviceText(advice);
    for (const t of TRADE_OFFS) {
      const label = metricById(t.id).label;
      expect(advice.allMeasures.find((m) => m.key === t.key)!.label).toBe(label);
      // Shown: the core measures and those given a limit.
      if (t.core) expect(text).toContain(label);
    }
    expect(ttlAdviceProse(advice).explanation).toContain(
      `${metricById("balance.window.maxOverMean").label} ≤ 2`,
    );
    const panels = JSON.stringify(ttlChart(advice, output).spec);
    expect(panels).toContain(metricById("failures.drainSeconds").label);
  });

  it("the terminal table shows scenario text without its control characters", () => {
    const hostile = {
      ...output,
      scenario: "evil\u001b]0;owned\u0007\u001b[2J",
      parameters: [{ path: "description", values: ["a\nrrdns: fake error"] }],
      points: output.points.map((p) => ({
        ...p,
        parameters: { description: "a\nrrdns: fake error" },
      })),
    };
    const text = sweepText(hostile);
    const controls = [...text].filter(
      (c) => c !== "\n" && (c < " " || (c >= "\u007f" && c <= "\u009f")),
    );
    expect(controls).toEqual([]);
    expect(text).toContain("evil\ufffd]0;owned\ufffd\ufffd[2J");
    expect(text).not.toContain("\nrrdns: fake error");
    expect(sweepText(output)).toBe(sweepText({ ...output }));
  });

  it("the page is static and escaped; the CSV is the tidy table", () => {
    const page = sweepPage({ ...output, description: "<img src=x onerror=alert(1)>" }, []);
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain("Content-Security-Policy");
    const csv = sweepCsv(output).trim().split("\n");
    expect(csv).toHaveLength(1 + output.points.length * output.metrics.length);
  });
});
