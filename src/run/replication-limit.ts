/**
 * Most replications of one run. Every replication's metrics are kept until
 * the summary, so the bound keeps a typo (an extra 000) from exhausting
 * memory; 10,000 seeds pin a 95% CI far tighter than any model error.
 *
 * A leaf module: the CLI's option parsers check it at start-up without
 * loading the engine.
 */
export const MAX_REPLICATIONS = 10_000;
