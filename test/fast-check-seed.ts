import fc from "fast-check";

/*
 * Property tests draw their cases from one fixed seed by default, so a
 * test run is as reproducible as a simulation run: CI passes or fails on
 * the same cases every time. Set FC_SEED to another integer to explore
 * other cases (`FC_SEED=$RANDOM npm test`); a failure prints its seed and
 * path, and FC_SEED=<that seed> replays it.
 */
const seed = Number.parseInt(process.env.FC_SEED ?? "20261201", 10);
if (!Number.isSafeInteger(seed))
  throw new Error(`FC_SEED must be an integer (got ${process.env.FC_SEED})`);
fc.configureGlobal({ seed });
