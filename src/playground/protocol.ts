import type { Results } from "../metrics/index.js";
import type { Scenario } from "../scenario/index.js";

/**
 * Messages between the playground page and its Web Worker. One worker runs
 * one simulation; the page starts a fresh worker for every run.
 */
export type ToWorker =
  | {
      readonly type: "start";
      readonly scenario: Scenario;
      /** Simulated seconds per wall-clock second; 0 runs as fast as it can. */
      readonly speed: number;
      readonly paused: boolean;
    }
  | { readonly type: "speed"; readonly speed: number }
  | { readonly type: "pause" }
  | { readonly type: "resume" }
  /** Pauses, then advances by `seconds` of simulated time and posts a frame. */
  | { readonly type: "step"; readonly seconds: number };

export type FromWorker =
  | {
      readonly type: "frame";
      readonly now: number;
      readonly horizon: number;
      readonly done: boolean;
      readonly paused: boolean;
      /** The longest time the worker has gone without returning to its event loop, ms (wall clock). */
      readonly longestSliceMs: number;
      /** Slices run so far, and how many of them took 50 ms or more (wall clock: an OS preemption lengthens one, a mis-sized slice all). */
      readonly slices: number;
      readonly slowSlices: number;
      readonly results: Results;
    }
  | { readonly type: "error"; readonly message: string };

/** Wall-clock milliseconds between frames: a steady 5 per second while running. */
export const FRAME_MS = 200;
