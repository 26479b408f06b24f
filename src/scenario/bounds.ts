/**
 * The largest inputs rrdns accepts (limits.ts holds the estimates that
 * enforce them; this file imports nothing, so the schema can cite them). A
 * scenario that passes validation must finish in reasonable time and memory:
 * anything beyond these bounds is refused up front, with the estimate and the
 * limit in the message, instead of running for hours or aborting V8. The
 * bounds are generous: every bundled scenario is far below them (the largest,
 * microsoft-scale, is 5.5e6 visits and 5.5e7 requests), and so is a 1e8-visit
 * run. docs/guides/limits.md documents them.
 */

/** Largest scenario file read, checked before reading (bytes). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/**
 * Most alias expansions in one YAML document (references × the aliases inside
 * what they refer to): a hundred references to one anchor are fine; a
 * "billion laughs" document is refused after this much work.
 */
export const MAX_ALIAS_EXPANSION = 10_000;
/**
 * Most lines, commas and colons in a scenario file, counted before parsing: the YAML
 * parser needs about 1 KB per value, so this bounds its memory (about 1 GB)
 * while a list of MAX_RESOLVERS weights still fits.
 */
export const MAX_DOCUMENT_ITEMS = 1_100_000;
/** Deepest nesting of a scenario file, checked before parsing: the parser recurses per level. */
export const MAX_NESTING = 100;
/** Most caching resolvers, by `count` or by the length of `weights`. */
export const MAX_RESOLVERS = 1_000_000;
/** Longest DNS TTL (s): 2^31 − 1, the largest RFC 2181 §8 allows (resolvers read a larger one as 0). */
export const MAX_TTL = 2 ** 31 - 1;
/** Most steps of a `steps` rate profile. */
export const MAX_RATE_STEPS = 100_000;
/** Most entries of `dns.outages`. */
export const MAX_AUTHORITATIVE_OUTAGES = 10_000;
/**
 * Most server outages (scheduled ones plus the expected number of random
 * ones): each becomes a row of results and a mark in the failures chart, and
 * the report must stay renderable.
 */
export const MAX_OUTAGES = 10_000;
/** Most random outages one random-failure spec may draw: beyond it, mtbf/mttr are surely in the wrong unit. */
export const MAX_RANDOM_OUTAGES = MAX_OUTAGES;
/** Most time bins a run may have: results carry a series per bin, so this bounds their size. */
export const MAX_BINS = 50_000;
/** Most numbers in the results' time series (bins × (4 per server + 13)): bounds results.json and the charts. */
export const MAX_SERIES_VALUES = 4_000_000;
/**
 * Most simulator events: arrival draws (thinning candidates included) and
 * outage begin/end. About 3e6 per second on one core, so this is ten minutes
 * or so.
 */
export const MAX_EVENTS = 2e9;
/** Most requests (visits × requestsPerVisit), served inside the arrival event: about 3e7 per second. */
export const MAX_REQUESTS = 2e10;
/** Most memory the simulator state and its results may need (bytes, estimated). */
export const MAX_MEMORY_BYTES = 2 * 1024 ** 3;
