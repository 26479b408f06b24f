/**
 * Text widths from DejaVu Sans's own advance widths. Vega lays out legends,
 * axis titles and truncation by measuring text; in Node it has no canvas and
 * falls back to 0.8 em per character, which is about a third too wide for
 * DejaVu Sans, so layouts came out loose and uneven. Measuring with the font
 * that resvg actually draws keeps the SVG, the PNG and the browser in step.
 * The tables are the fonts' hmtx advances in thousandths of an em (generated
 * once from dejavu-fonts-ttf 2.37.3, code points 32..126).
 */

/** A table written as its numbers separated by spaces (one line each: they are data). */
function advances(table: string): number[] {
  return table.split(" ").map(Number);
}

const REGULAR = advances(
  "318 401 460 838 636 950 780 275 390 390 500 838 318 361 318 337 636 636 636 636 636 636 636 636 636 636 337 337 838 838 838 531 1000 684 686 698 770 632 575 775 752 295 295 656 557 863 748 787 603 787 695 635 611 732 684 989 685 611 685 390 337 390 838 500 500 613 635 550 635 615 352 635 634 278 278 579 278 974 634 612 635 635 411 521 392 634 592 818 592 592 525 636 337 636 838",
);

const BOLD = advances(
  "348 456 521 838 696 1002 872 306 457 457 523 838 380 415 380 365 696 696 696 696 696 696 696 696 696 696 400 400 838 838 838 580 1000 774 762 734 830 683 683 821 837 372 372 775 637 995 837 850 733 850 770 720 682 812 774 1103 771 724 725 457 365 457 838 500 500 675 716 593 716 678 435 716 712 343 343 665 343 1042 712 687 716 716 493 595 478 712 652 924 645 652 582 712 365 712 838",
);

/** Non-ASCII characters our captions use; both weights share these widths closely enough. */
const EXTRA: Readonly<Record<string, number>> = {
  "\u00a0": 318,
  "–": 500,
  "—": 1000,
  "·": 318,
  "…": 1000,
  "×": 838,
  "≥": 838,
  "≤": 838,
  "°": 500,
  µ: 636,
  "’": 318,
  "−": 838,
  "≈": 838,
  "→": 838,
};

/** Anything else (CJK, emoji...): a typical glyph width, so layout degrades gracefully. */
const FALLBACK = 620;

function isBold(weight: unknown): boolean {
  if (typeof weight === "number") return weight >= 600;
  return weight === "bold" || weight === "bolder" || Number(weight) >= 600;
}

/** Width in pixels of `text` set in DejaVu Sans at `fontSize` px. */
export function dejaVuWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let thousandths = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    thousandths += (code >= 32 && code <= 126 ? table[code - 32] : EXTRA[ch]) ?? FALLBACK;
  }
  return (thousandths * fontSize) / 1000;
}

/** The slice of a vega scenegraph text item that width measurement reads. */
export interface TextItem {
  readonly fontSize?: number | string;
  readonly fontWeight?: number | string;
  readonly limit?: number;
}

/**
 * A drop-in for vega's `textMetrics.width(item, text)`: measures as vega does
 * (trimmed, 11 px default size). Vega also calls it while truncating text to
 * `limit`, with ever shorter candidates, so it must measure the raw text; it
 * caps at `limit` so that bounds of a truncated label stay within the limit.
 */
export function vegaTextWidth(item: TextItem, text: unknown): number {
  const size = item.fontSize == null ? 11 : Number(item.fontSize) || 0;
  const raw = text == null ? "" : String(text).trim();
  const width = dejaVuWidth(raw, size, isBold(item.fontWeight));
  const limit = Number(item.limit) || 0;
  return limit > 0 ? Math.min(width, limit) : width;
}
