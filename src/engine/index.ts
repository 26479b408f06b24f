export { grownColumn } from "./columns.js";
export {
  AliasTable,
  erfc,
  erfcxNonNegative,
  exponential,
  gamma,
  geometric,
  logFactorial,
  lognormal,
  normalCdf,
  normalQuantile,
  pareto,
  poisson,
  shuffleInPlace,
  standardNormal,
  uniformInt,
  zipfWeights,
} from "./distributions.js";
export { EventQueue } from "./event-queue.js";
export { fmix32, hashString, mix32 } from "./hash.js";
export { CounterStreams, RandomStreams, type Rng } from "./random.js";
export { type EventHandler, Simulator } from "./simulator.js";
