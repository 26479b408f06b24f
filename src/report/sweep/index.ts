/*
 * Presentation of sweeps, TTL advice and replicated runs: terminal tables,
 * CSV files, the HTML page and the charts' data. Pure functions of plain data
 * (./types.ts); the numbers and decisions come from src/study and src/run.
 */
export { limitsText, type TtlAdviceProse, ttlAdviceProse, ttlAdviceText } from "./advisor-text.js";
export { type CapacityPlanChartData, capacityPlanChart } from "./capacity-plan-chart.js";
export { capacityPlanCsv } from "./capacity-plan-csv.js";
export { type CapacityPlanData, capacityPlanText } from "./capacity-plan-text.js";
export { sweepChartList, ttlChart } from "./charts.js";
export { replicationsCsv, replicationsSummaryCsv, sweepCsv, ttlCsv } from "./csv.js";
export { csvField, fmt, fmtSummary, metricHeading, textTable } from "./format.js";
export type { HtmlFigure } from "./html.js";
export { planHeadline, planPage, sweepHeadline, sweepPage, ttlHeadline, ttlPage } from "./pages.js";
export { replicationsText } from "./replicate-text.js";
export { sweepText } from "./sweep-text.js";
export type * from "./types.js";
