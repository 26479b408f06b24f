/*
 * What rrdns undoes when a signal ends it (Ctrl-C, SIGTERM, a hung-up
 * terminal): a sweep's locks, a run's or merge's staged outputs. One guard
 * for every clean-up: each runs, and then the process dies by the same
 * signal, so a shell or a job scheduler sees an interrupted command. (Two
 * guards that each end the process worked only by the order they were set,
 * and knew different signals: a sweep's lock outlived a hang-up.) A running
 * sweep plan takes the signals over (`takeSignals`): it stops, keeps what
 * finished and ends the process itself. kill -9 cannot be caught: the next
 * writer into the folder removes what it left.
 */
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

const cleanups = new Set<() => void>();
let takeover: ((signal: NodeJS.Signals) => void) | null = null;

function onSignal(signal: NodeJS.Signals): void {
  if (takeover) takeover(signal);
  else dieBySignal(signal);
}

/** The guard is set exactly while there is a clean-up to run or a handler to call. */
function setGuard(): void {
  const wanted = cleanups.size > 0 || takeover !== null;
  for (const s of SIGNALS) {
    const set = process.listeners(s).includes(onSignal);
    if (wanted && !set) process.on(s, onSignal);
    else if (!wanted && set) process.off(s, onSignal);
  }
}

/**
 * Runs every registered clean-up, then ends the process by `signal` (its
 * default action, with the guard gone): what the guard does, and what a
 * plan's handler calls once it has stopped.
 */
export function dieBySignal(signal: NodeJS.Signals): void {
  takeover = null;
  for (const cleanup of [...cleanups]) cleanup();
  cleanups.clear();
  setGuard();
  process.kill(process.pid, signal);
}

/** Runs `cleanup` if a signal ends the process, until the returned function is called. */
export function onSignalExit(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  setGuard();
  return () => {
    if (cleanups.delete(cleanup)) setGuard();
  };
}

/**
 * Hands the signals to `handler` (instead of ending the process) until the
 * returned function is called, which gives them back to the handler before
 * it, if any. The handler ends the process itself (`dieBySignal`).
 */
export function takeSignals(handler: (signal: NodeJS.Signals) => void): () => void {
  const previous = takeover;
  takeover = handler;
  setGuard();
  return () => {
    if (takeover === handler) takeover = previous;
    setGuard();
  };
}
