import { z } from "zod";

/**
 * What `rrdns run --replications N` writes to replications.json, and what
 * `rrdns report` accepts when it redraws a report next to one. The metrics are
 * those the run reports: the ten DNS ones, plus the queueing ones for servers
 * with capacity (src/run/key-metrics.ts).
 */

const summarySchema = z
  .object({
    n: z
      .int()
      .nonnegative()
      .describe("Replications that produced a value (missing ones left out)."),
    mean: z.number().finite().nullable(),
    sd: z
      .number()
      .nonnegative()
      .finite()
      .nullable()
      .describe("Sample standard deviation (n − 1); null below two values."),
    ci95Low: z
      .number()
      .finite()
      .nullable()
      .describe(
        "95% confidence interval of the mean, by the metric's kind (docs/guides/studies.md, “Statistics”): t cut to the metric's range; histogram quantiles widened by their bucket; shares Wilson, in [0, 1]; counts with a Poisson floor. Null below two values.",
      ),
    ci95High: z.number().finite().nullable(),
  })
  .refine((s) => s.ci95Low === null || s.ci95High === null || s.ci95Low <= s.ci95High, {
    message: "ci95Low is above ci95High",
  });

/** At most this many replications (as MAX_REPLICATIONS in src/run/replicate.ts). */
const MAX_REPLICATIONS = 10_000;

export const replicationsSchema = z
  .object({
    scenario: z.string(),
    baseSeed: z.int().nonnegative(),
    duration: z.number().positive().finite().describe("Simulated seconds per replication."),
    replications: z.int().min(1).max(MAX_REPLICATIONS),
    seeds: z
      .array(z.int().nonnegative())
      .max(MAX_REPLICATIONS)
      .describe("Seed of each replication; seeds[0] is the base seed."),
    metrics: z
      .array(
        z.object({
          id: z.string().describe("The metric's id, e.g. queueing.totals.responseTime.p99."),
          label: z.string(),
          unit: z.string(),
          values: z
            .array(z.number().finite().nullable())
            .max(MAX_REPLICATIONS)
            .describe("One value per replication, in seed order; null where it does not apply."),
          summary: summarySchema,
        }),
      )
      .max(64),
  })
  .refine((r) => r.seeds.length === r.replications, { message: "one seed per replication" })
  .refine((r) => r.metrics.every((m) => m.values.length === r.replications), {
    message: "every metric has one value per replication",
  });

export type ReplicationsFile = z.infer<typeof replicationsSchema>;
