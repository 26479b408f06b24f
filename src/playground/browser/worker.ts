/**
 * The playground's Web Worker: runs one Simulation, the same engine and
 * composition root as `rrdns run`, in slices of at most SLICE_MS, paced to
 * the page's speed, and posts a snapshot FRAME_MS apart. Between slices it
 * returns to its event loop (setTimeout), so pause, speed and step messages
 * are answered within one slice. It reads the clock (performance.now) to
 * time the slices; nothing it does with it reaches the results.
 */
import { Simulation } from "../../run/index.js";
import { Pacer } from "../pacer.js";
import { FRAME_MS, type FromWorker, type ToWorker } from "../protocol.js";

/** A user's mistake as its own message (file:line: field: …), not "UserError: …"; anything else as it is. */
function errorText(error: unknown): string {
  return error instanceof Error && error.name === "UserError" ? error.message : String(error);
}

interface WorkerScope {
  onmessage: ((event: { data: ToWorker }) => void) | null;
  postMessage(message: FromWorker): void;
}
const scope = self as unknown as WorkerScope;
const clock = () => performance.now();

let sim: Simulation | undefined;
let pacer: Pacer | undefined;
let speed = 0;
let paused = false;
/** Where a step stops, while one is in progress. */
let stepTo: number | undefined;
/** Speed is simulated time per wall time from this anchor on. */
let anchorWall = 0;
let anchorSim = 0;
let lastFrame = Number.NEGATIVE_INFINITY;
let timer: ReturnType<typeof setTimeout> | undefined;
/** Reported with each frame, so a test (or a curious student) can see the worker kept its promise. */
let longestSliceMs = 0;
let slices = 0;
let slowSlices = 0;
/** The page must never wait this long for an answer (SLICE_MS leaves room below it). */
const SLOW_SLICE_MS = 50;

function anchor(): void {
  anchorWall = clock();
  anchorSim = sim?.now ?? 0;
}

function post(): void {
  if (!sim) return;
  lastFrame = clock();
  scope.postMessage({
    type: "frame",
    now: sim.now,
    horizon: sim.horizon,
    done: sim.done,
    paused: paused && stepTo === undefined,
    longestSliceMs,
    slices,
    slowSlices,
    results: sim.snapshot(),
  });
}

function idle(): boolean {
  return !sim || sim.done || (paused && stepTo === undefined);
}

/**
 * A zero-delay turn of the event loop: nested setTimeout(0) is clamped to
 * 4 ms, a fifth of a slice, so the next slice is queued as a message instead
 * (where MessageChannel exists; the test's bare context has only timers).
 */
const turn = typeof MessageChannel === "function" ? new MessageChannel() : undefined;
let queued = false;
if (turn)
  turn.port1.onmessage = () => {
    queued = false;
    tick();
  };

function schedule(delay = 0): void {
  if (timer !== undefined || queued || idle()) return;
  if (delay === 0 && turn) {
    queued = true;
    turn.port2.postMessage(null);
  } else timer = setTimeout(tick, delay);
}

function target(): number {
  if (stepTo !== undefined) return stepTo;
  if (speed <= 0) return Number.POSITIVE_INFINITY;
  return anchorSim + (speed * (clock() - anchorWall)) / 1000;
}

function tick(): void {
  timer = undefined;
  const began = clock();
  try {
    advance();
  } catch (error) {
    scope.postMessage({ type: "error", message: errorText(error) });
  }
  const took = clock() - began;
  longestSliceMs = Math.max(longestSliceMs, took);
  slices++;
  if (took >= SLOW_SLICE_MS) slowSlices++;
}

function advance(): void {
  if (!sim || !pacer || idle()) return;
  const goal = target();
  pacer.advance(goal);
  let frame = sim.done || clock() - lastFrame >= FRAME_MS;
  if (stepTo !== undefined && sim.now >= Math.min(stepTo, sim.horizon)) {
    stepTo = undefined;
    frame = true;
  }
  if (frame) post();
  // Ahead of the wall clock at this speed: wait a frame's worth instead of spinning.
  schedule(sim.now >= goal ? 15 : 0);
}

function handle(message: ToWorker): void {
  switch (message.type) {
    case "start":
      sim = new Simulation(message.scenario);
      pacer = new Pacer(sim, clock);
      speed = message.speed;
      paused = message.paused;
      stepTo = undefined;
      longestSliceMs = 0;
      slices = 0;
      slowSlices = 0;
      anchor();
      post();
      break;
    case "speed":
      speed = message.speed;
      anchor();
      break;
    case "pause":
      paused = true;
      stepTo = undefined;
      post();
      break;
    case "resume":
      paused = false;
      stepTo = undefined;
      anchor();
      break;
    case "step":
      if (!sim) return;
      paused = true;
      stepTo = Math.min(sim.horizon, sim.now + message.seconds);
      break;
  }
  schedule();
}

scope.onmessage = (event) => {
  try {
    handle(event.data);
  } catch (error) {
    scope.postMessage({ type: "error", message: errorText(error) });
  }
};
