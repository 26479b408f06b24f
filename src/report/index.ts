/*
 * The report layer: pure functions of results (and of sweep data) into chart
 * specs, text, CSV and HTML. Rendering specs to SVG/PNG lives in ./render,
 * the one part that loads vega and resvg.
 */

export * from "./fit/index.js";
export { documentHead } from "./html/document-head.js";
export { escapeHtml, inlineScript, jsonForScript } from "./html/escape.js";
export { type Headline, type HeadlineFigure, headlineHtml, runHeadline } from "./html/headline.js";
export { reportHtml } from "./html.js";
export { overridesLine, overrideText } from "./overrides-text.js";
export { type Chart, type ChartOptions, charts, type VegaLiteSpec } from "./specs/index.js";
export { resizeSpec } from "./specs/resize.js";
export { NARROW_WIDTH, narrowSpec } from "./specs/theme.js";
export * from "./sweep/index.js";
export { terminalSafe } from "./terminal-text.js";
export { textSummary } from "./text-summary.js";
export { timeSeriesCsv } from "./timeseries-csv.js";
