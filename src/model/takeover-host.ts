import type { FailurePlan } from "./failures.js";

/** The live server that answers for a taken-over address at t: the next one in list order, or −1. */
export function takeoverHost(
  plan: FailurePlan,
  serverCount: number,
  server: number,
  t: number,
): number {
  const down = plan.down;
  for (let step = 1; step < serverCount; step++) {
    const candidate = (server + step) % serverCount;
    if (down[candidate]!.indexAt(t) < 0) return candidate;
  }
  return -1;
}
