import { generateLog } from "./recovery-helpers.js";

/*
 * A sampled log from a known mixture of returning regulars and one-shot
 * visitors (the recovery test of who comes back, fit-log.mixture-revisit.test.ts;
 * the CLI's --mixture-revisit end to end, test/e2e/fit/mixture-revisit.test.ts).
 */
const WARM_UP = 6 * 3600;
const HOURS = 84;
const laws = {
  pages: { dist: "geometric", mean: 2, max: 100 },
  thinkTime: { dist: "exponential", mean: 40, max: 1700 },
  objects: { dist: "geometric", mean: 1, max: 50 },
  objectGap: { dist: "exponential", mean: 0.6, max: 4 },
  resolver: "own",
};
export const MIXTURE_TRUTH = [
  {
    name: "regulars",
    clients: 2000,
    skew: 0.5,
    // Visits; each brings 1 / (1 − q) = 10 sessions: 0.21 sessions/s.
    rate: 0.021,
    ...laws,
    revisit: { probability: 0.9, gap: { dist: "exponential", mean: 450 } },
  },
  // 0.09 sessions/s: 30% of the sessions, each visitor almost always once.
  { name: "visitors", clients: 1_000_000, skew: 0, rate: 0.09, ...laws },
];

/** Writes the log: one minute an hour, from after a warm-up (visits under way at its start). */
export function writeMixtureLog(file: string): void {
  generateLog(
    file,
    MIXTURE_TRUTH,
    WARM_UP + HOURS * 3600,
    7,
    (t) => t >= WARM_UP && (t - WARM_UP) % 3600 < 60,
  );
}
