/*
 * Conformance with real DNS software: pure analysis of measured answer
 * sequences (order pattern, refetch interval, clamping, outage reactions)
 * and their comparison with the presets. The daemons and sockets are in
 * src/cli/conformance.
 */
export * from "./client-analysis.js";
export * from "./client-compare.js";
export * from "./client-expectations.js";
export * from "./client-types.js";
export * from "./compare.js";
export * from "./dns-wire.js";
export * from "./fetch-order.js";
export * from "./known-deviations.js";
export * from "./measure-preset.js";
export * from "./order-pattern.js";
export * from "./paced-outage.js";
export * from "./probe-report.js";
export * from "./query-log.js";
export * from "./recovery-spread.js";
export * from "./simulated.js";
export * from "./stats.js";
export { chiSquareUpperTail } from "./stats.js";
export * from "./table.js";
export * from "./types.js";
