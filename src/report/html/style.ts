import { CHART_FONT_STACK } from "../font.js";

/**
 * The report's stylesheet: the headline answer first, then charts one below
 * the other at the full width of the content (two abreast only for the fit's
 * small multiples), tables that wrap their headers and scroll inside their
 * own box when they still do not fit.
 */
export const STYLE = `
:root {
  --ink: #1f2933; --muted: #52606d; --faint: #9aa5b1; --line: #e4e7eb;
  --paper: #ffffff; --ground: #f5f7fa; --accent: #3e4c59; --alert: #b42318;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--ground); color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, ${CHART_FONT_STACK};
}
main { max-width: 1480px; margin: 0 auto; padding: 32px 28px 48px; }
header { margin-bottom: 28px; }
.eyebrow { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: .06em; text-transform: uppercase; }
h1 { margin: 4px 0 10px; font-size: 30px; line-height: 1.2; letter-spacing: -.01em; overflow-wrap: anywhere; }
.lesson { margin: 8px 0 12px; max-width: 80ch; }
.lesson-claim { margin: 0 0 4px; font-size: 18px; font-weight: 600; color: #1f2933; }
.lesson-claim b { color: #2457a6; }
.lesson-try { margin: 6px 0 2px; color: #52606d; font-size: 14px; }
.lesson .try { margin: 0; padding-left: 1.4em; font-size: 15px; }
.lesson .try li { margin: 3px 0; overflow-wrap: anywhere; }
.lesson .try code { font-size: 13px; background: #f0f4f8; padding: 1px 4px; border-radius: 3px; }
.claim { margin: 0; max-width: 72ch; font-size: 17px; color: #323f4b; overflow-wrap: anywhere; }
.meta { margin: 14px 0 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 8px; }
.meta li { background: var(--paper); border: 1px solid var(--line); border-radius: 999px; padding: 2px 12px; font-size: 13px; color: var(--muted); }
.meta b { color: var(--ink); font-weight: 600; }
h2 { font-size: 19px; margin: 36px 0 14px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
.card .value { display: block; font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .label { display: block; color: var(--muted); font-size: 13px; }
.card .note { display: block; color: var(--muted); font-size: 12px; margin-top: 2px; }
.card.alert .value { color: var(--alert); }
.headline { background: var(--paper); border: 1px solid var(--line); border-left: 5px solid var(--accent); border-radius: 10px; padding: 14px 18px; margin: 14px 0 16px; }
.headline .answer { margin: 0 0 10px; font-size: 19px; line-height: 1.4; font-weight: 600; max-width: 70ch; overflow-wrap: anywhere; }
.headline .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 190px), 1fr)); gap: 10px 18px; }
.headline .value { display: block; font-size: 34px; line-height: 1.15; font-weight: 700; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.headline .label { display: block; color: var(--ink); font-size: 14px; }
.headline .note { display: block; color: var(--muted); font-size: 12.5px; }
.headline .alert .value { color: var(--alert); }
.panel { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 6px 0; margin-top: 14px; overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 14px; }
th, td { padding: 7px 12px; text-align: right; white-space: nowrap; }
th { white-space: normal; min-width: 5em; vertical-align: bottom; }
td.wrap { white-space: normal; min-width: 12em; }
th { color: var(--muted); font-weight: 500; font-size: 13px; border-bottom: 1px solid var(--line); }
tbody tr + tr td { border-top: 1px solid #f0f2f5; }
th:first-child, td:first-child { text-align: left; }
td.bar-cell, th.bar-cell { width: 30%; min-width: 120px; text-align: left; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 8px; vertical-align: baseline; }
.bar { position: relative; height: 12px; background: #f0f2f5; border-radius: 3px; }
.bar span { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 3px; }
.bar i { position: absolute; top: -3px; bottom: -3px; border-left: 2px dashed var(--accent); }
.charts { display: grid; grid-template-columns: minmax(0, 1fr); gap: 18px; }
.charts.two-up { grid-template-columns: repeat(auto-fit, minmax(min(100%, 560px), 1fr)); }
.charts-note { color: var(--muted); font-size: 13.5px; margin: -6px 0 12px; }
@media (max-width: 700px) { main { padding: 20px 14px; } figure { padding: 8px 6px 10px; } h1 { font-size: 24px; } .headline .value { font-size: 28px; } }
figure { margin: 0; background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 14px 14px 12px; min-width: 0; }
/* vega-embed turns .chart itself into its container (class vega-embed) and adds a <details> menu. */
.chart { min-height: 120px; overflow-x: auto; display: block; width: 100%; }
/* The export menu floats over the title's right end instead of taking a column of its own. */
.chart.vega-embed.has-actions { padding-right: 0; }
figcaption { color: var(--muted); font-size: 13.5px; margin: 8px 6px 0; max-width: 80ch; }
.chart-error { color: var(--alert); }
details.scenario { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 10px 16px; }
details.scenario summary { cursor: pointer; font-weight: 600; }
pre { margin: 12px 0 4px; padding: 14px 16px; background: #f8f9fb; border-radius: 8px; overflow: auto; font: 13px/1.5 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
footer { margin-top: 36px; color: var(--muted); font-size: 13px; }
footer a, .files a { color: var(--accent); }
.files { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 14px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .92em; }
/* Sweep and TTL advisor pages: prose, the plan as facts, one table with a highlighted row, static charts. */
.prose { max-width: 80ch; }
dl.facts { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: 4px 16px; font-size: 14px; }
dl.facts dt { overflow-wrap: anywhere; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
caption { text-align: left; color: var(--muted); font-size: 13px; padding: 6px 16px; }
tr.highlight td { background: #e8f5ec; font-weight: 600; }
figure img, figure picture { width: 100%; height: auto; display: block; }
.zero-series { margin: 0; padding: 10px 6px; color: var(--ink); }
.method { margin-top: 40px; border-top: 2px solid var(--line); }
`;
