import { RandomStreams } from "../../../src/engine/index.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Epoch seconds → `17/May/2015:10:05:03 +0000`. */
export function clfDate(t: number): string {
  const d = new Date(Math.floor(t) * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** One Combined Log Format line. */
export function clfLine(host: string, t: number, path: string, referer = "-"): string {
  return `${host} - - [${clfDate(t)}] "GET ${path} HTTP/1.1" 200 100 "${referer}" "test-agent"`;
}

/** 2015-05-17T00:00:00Z */
export const T0 = 1431820800;

export function rng(name: string, seed = 1): () => number {
  return new RandomStreams(seed).stream(name);
}

/** Standard normal by Box–Muller. */
export function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}
