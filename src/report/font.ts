/**
 * The font every chart is set in, named in the chart specs and loaded by the
 * PNG rasteriser. DejaVu ships through npm (dejavu-fonts-ttf), so PNGs drawn on
 * a machine without system fonts still carry text; browsers without DejaVu
 * fall back to Verdana, from which it derives and whose widths are close.
 */
export const CHART_FONT = "DejaVu Sans";
/** For SVG and CSS; single quotes because vega writes it into an SVG attribute. */
export const CHART_FONT_STACK = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif";
