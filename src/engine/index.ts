export {
  AliasTable,
  exponential,
  shuffleInPlace,
  uniformInt,
  zipfWeights,
} from "./distributions.js";
export { EventQueue } from "./event-queue.js";
export { CounterStreams, RandomStreams, type Rng } from "./random.js";
export { type EventHandler, Simulator } from "./simulator.js";
