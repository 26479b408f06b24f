/**
 * Wall and CPU time of one call. The shared test machine is loaded, so a
 * rate per CPU-second (the process's user + system time) is the figure to
 * compare across runs; wall time is printed alongside it.
 */
export interface Timed<T> {
  readonly result: T;
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** CPU seconds of the process (every thread: the collector's too). */
  readonly cpuSeconds: number;
}

export function timed<T>(run: () => T): Timed<T> {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpuStart);
  return { result, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** A rate as "1,234,567". */
export function perSecond(count: number, seconds: number): string {
  return Math.round(count / seconds).toLocaleString("en-US");
}
