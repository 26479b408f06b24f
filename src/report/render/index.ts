/**
 * Rendering contract (implemented by the report module): the only code that
 * loads vega, vega-lite and resvg. Everything here returns strings or bytes;
 * the one exception is browserRuntime(), which reads the browser bundles that
 * the HTML report inlines.
 */
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { CHART_FONT } from "../font.js";
import { vegaTextWidth } from "../text-width.js";
import { chartFontFiles } from "./fonts.js";

export { CHART_FONT, CHART_FONT_STACK } from "../font.js";
export { type BrowserRuntime, browserRuntime } from "./browser-runtime.js";

export type VegaLiteSpec = Record<string, unknown>;

// Without a canvas vega guesses 0.8 em per character; measure DejaVu instead.
// (textMetrics is exported by vega but missing from its type definitions.)
(vega as unknown as { textMetrics: { width: typeof vegaTextWidth } }).textMetrics.width =
  vegaTextWidth;

/**
 * Vega numbers clip paths and gradients from module-wide counters, so two
 * renders interleaving at an `await` would number each other's ids. Renders
 * therefore run one at a time, each starting from reset counters: the same
 * spec gives the same bytes whatever else is rendering.
 */
let queue: Promise<unknown> = Promise.resolve();

/** Compiles a vega-lite spec and renders it to an SVG string, deterministically. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const next = queue.then(() => renderNow(spec));
  queue = next.catch(() => undefined);
  return next;
}

async function renderNow(spec: VegaLiteSpec): Promise<string> {
  vega.resetSVGDefIds();
  const compiled = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Scale of the PNGs: twice the SVG's size, sharp on high-density screens and in print. */
const PNG_ZOOM = 2;

/** Rasterises an SVG to PNG bytes with a font shipped through npm (so text is drawn). */
export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    font: {
      fontFiles: chartFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
    },
    fitTo: { mode: "zoom", value: PNG_ZOOM },
    background: "white",
  });
  return new Uint8Array(resvg.render().asPng());
}
