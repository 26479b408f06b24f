/** Conformance with real DNS software: pure analysis shared by `npm run conformance` and `rrdns probe`. */
export { type ConformanceRow, compareSetting, undocumented, type Verdict } from "./compare.js";
export { type DnsResponse, decodeResponse, encodeQuery, RCODE } from "./dns-wire.js";
export { KNOWN_DEVIATIONS, knownDeviation } from "./known-deviations.js";
export { measurePreset } from "./measure-preset.js";
export {
  analyseOrders,
  type OrderAnalysis,
  type OrderPattern,
  rotationOffset,
} from "./order-pattern.js";
export {
  type ProbeAnswer,
  type ProbeReport,
  probeReport,
  probeTable,
  scenarioSnippet,
} from "./probe-report.js";
export { distinctFetches, meanInterval, upstreamQueryTimes } from "./query-log.js";
export { chiSquareUniform, chiSquareUpperTail } from "./stats.js";
export { conformanceMarkdown, conformanceText, replaceReadmeBlock } from "./table.js";
export * from "./types.js";
