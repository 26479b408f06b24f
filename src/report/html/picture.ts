import { escapeHtml } from "./escape.js";

const dataUri = (svg: string): string =>
  `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/** Below this width the static pages show the phone-sized drawing of a chart. */
export const NARROW_MEDIA = "(max-width: 700px)";

/**
 * A static chart as an image that fills its figure: the wide SVG, and on a
 * phone the same chart drawn again at the phone's width (its text at its own
 * size, not shrunk to a third). SVGs go in as data URIs so their internal
 * ids cannot collide with each other's.
 */
export function chartPictureHtml(title: string, svg: string, narrowSvg?: string | null): string {
  const img = `<img src="${dataUri(svg)}" alt="${escapeHtml(title)}">`;
  if (!narrowSvg) return img;
  return `<picture><source media="${NARROW_MEDIA}" srcset="${dataUri(narrowSvg)}">${img}</picture>`;
}
