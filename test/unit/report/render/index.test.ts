import { describe, expect, it } from "vitest";
import { renderSvg, svgToPng } from "../../../../src/report/render/index.js";
import { charts } from "../../../../src/report/specs/index.js";
import { results } from "../fixtures.js";
import { darkPixels, decodePng } from "../png.js";

const list = charts(results());
const spec = (name: string) => list.find((c) => c.name === name)!.spec;

describe("renderSvg", () => {
  it("gives byte-identical SVG for the same spec, even when renders overlap", async () => {
    const first = await renderSvg(spec("served"));
    const second = await renderSvg(spec("served"));
    expect(second).toBe(first);
    // Vega numbers clip paths from a module-wide counter: renders running at
    // the same time must not number each other's ids.
    const together = await Promise.all(list.map((c) => renderSvg(c.spec)));
    const alone: string[] = [];
    for (const c of list) alone.push(await renderSvg(c.spec));
    expect(together).toEqual(alone);
    expect(together[0]).toBe(first);
  });

  it("sets the text in DejaVu Sans and writes titles and axis titles", async () => {
    const svg = await renderSvg(spec("failures"));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("DejaVu Sans");
    expect(svg).toContain("Failed connection attempts and failed visits");
    expect(svg).toContain("failures per second (1/s)");
    expect(svg).toMatch(/time \((s|min)\)/);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });
});

describe("svgToPng", () => {
  it("draws the text: the title area is dark with text and blank without it", async () => {
    const svg = await renderSvg(spec("served"));
    const png = svgToPng(svg);
    expect(Buffer.from(png.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
    const withText = decodePng(png);
    const withoutText = decodePng(svgToPng(svg.replace(/<text\b[^>]*>[\s\S]*?<\/text>/g, "")));
    // The PNG is drawn at twice the SVG's size.
    const width = Number(/width="(\d+(\.\d+)?)"/.exec(svg)?.[1]);
    expect(withText.width).toBe(Math.round(width * 2));
    // The title is in the top-left corner: bold, dark ink on white.
    expect(darkPixels(withText, 0, 0, 600, 70)).toBeGreaterThan(500);
    expect(darkPixels(withoutText, 0, 0, 600, 70)).toBe(0);
  });

  it("is deterministic", async () => {
    const svg = await renderSvg(spec("shares"));
    expect(Buffer.from(svgToPng(svg)).equals(Buffer.from(svgToPng(svg)))).toBe(true);
  });
});
