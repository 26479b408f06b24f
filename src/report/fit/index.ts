/* The fit report: CDF charts per fitted law, and the report as Markdown and HTML. */
export { cdfChart, type FitChart, fitCharts } from "./charts.js";
export { fitReportHtml, fitReportMarkdown } from "./page.js";
export { type ValidationTally, validationTally } from "./tally.js";
export type * from "./types.js";
