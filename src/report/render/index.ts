/**
 * Rendering contract (implemented by the report module): the only code that
 * loads vega, vega-lite and resvg. Everything here returns strings or bytes;
 * nothing touches the file system.
 */
export type VegaLiteSpec = Record<string, unknown>;

/** Compiles a vega-lite spec and renders it to an SVG string, deterministically. */
export async function renderSvg(_spec: VegaLiteSpec): Promise<string> {
  throw new Error("renderSvg: not implemented yet");
}

/** Rasterises an SVG to PNG bytes with a font shipped through npm (so text is drawn). */
export function svgToPng(_svg: string): Uint8Array {
  throw new Error("svgToPng: not implemented yet");
}
