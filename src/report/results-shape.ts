/**
 * What `rrdns report` accepts: the one results schema (src/metrics/results.ts),
 * with files of the first results version upgraded on the way in.
 */
export { checkResults, type ResultsCheck } from "../metrics/index.js";
