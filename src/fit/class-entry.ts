import type { SessionSpec } from "../scenario/index.js";
import type { FittedDistribution } from "./distributions.js";
import type { HeavyFit } from "./heavy.js";
import type { RateStep } from "./rate.js";
import type { RevisitFit } from "./revisit.js";

/**
 * What of a fitted class (fit-log's `ClassFit`) its scenario entry reads,
 * declared here so that this file, which fit-log imports, imports nothing
 * of fit-log: a `ClassFit` is one.
 */
export interface ClassEntrySource {
  readonly name: string;
  readonly clients: number;
  readonly zipf: { readonly skew: number };
  readonly rate: number | { profile: "steps"; steps: RateStep[] };
  readonly pages: FittedDistribution;
  readonly thinkTime: FittedDistribution;
  readonly objects: FittedDistribution;
  readonly objectGap: FittedDistribution;
  readonly revisit?: Pick<RevisitFit, "probability" | "gap">;
  readonly heavy?: Pick<HeavyFit, "weight" | "light" | "heavy" | "gap">;
}

/**
 * A fitted class as a `clients.sessions` class: what the scenario writer
 * writes, and what the fit simulates for the return-visit distance and the
 * window-cut requests per session (one definition, so both run the same
 * workload).
 */
export function sessionClassEntry(
  c: ClassEntrySource,
  resolver: "own" | "shared",
): SessionSpec["classes"][number] {
  // The laws' specs are typed loosely in the fit (one record per family); the
  // scenario they make is validated by the schema when it is loaded (tested).
  return {
    name: c.name,
    clients: c.clients,
    skew: Number(c.zipf.skew.toPrecision(4)),
    rate: c.rate,
    pages: c.pages.spec,
    thinkTime: c.thinkTime.spec,
    // With heavy sessions `objects` is the light sessions' law (the fit's
    // one-component law, the pages' marginal, stays in the report).
    objects: c.heavy ? c.heavy.light : c.objects.spec,
    objectGap: c.heavy?.gap ? c.heavy.gap.light : c.objectGap.spec,
    ...(c.heavy
      ? {
          heavy: {
            weight: c.heavy.weight,
            objects: c.heavy.heavy,
            ...(c.heavy.gap ? { objectGap: c.heavy.gap.heavy } : {}),
          },
        }
      : {}),
    resolver,
    ...(c.revisit && c.revisit.probability > 0
      ? {
          revisit: {
            probability: c.revisit.probability,
            gap: { dist: "exponential", mean: c.revisit.gap },
          },
        }
      : {}),
  } as SessionSpec["classes"][number];
}
