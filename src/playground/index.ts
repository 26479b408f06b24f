export * from "./controls.js";
export * from "./hash.js";
export { LIVE_CHARTS, type PlaygroundParts, playgroundHtml, SPEEDS, TOTALS } from "./html.js";
export * from "./lessons.js";
export { Pacer, SLICE_MS, type Steppable } from "./pacer.js";
export * from "./protocol.js";
export * from "./summary.js";
