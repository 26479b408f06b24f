import {
  MALFORMED_EXAMPLES,
  MAX_LOG_YEAR,
  MIN_LOG_YEAR,
  parseTimeField,
  TraceFeed,
  TraceObjects,
  TraceReader,
  TraceScan,
} from "../logs/index.js";
import type { AccessLogRecording, Results } from "../metrics/index.js";
import { mapHostsToResolvers, PUBLIC_SUFFIX_LIST } from "../model/index.js";
import { type Scenario, type TraceSpec, UserError } from "../scenario/index.js";
import { MAX_REPLICATIONS, type ReplicatedResults, replicate } from "./replicate.js";
import type { RunOptions } from "./run-scenario.js";
import { replicationSeeds } from "./seeds.js";
import { Simulation } from "./simulation.js";

/**
 * A batch of a trace's lines: an array of lines, or (faster: the host scan
 * reads it in place) one string of lines joined by "\n".
 */
export type TraceBatch = readonly string[] | string;

/**
 * A trace's lines in batches (one batch per chunk read: an await per line
 * would cost more than parsing it), read afresh on each call (the replay
 * reads it twice: hosts first, then requests).
 */
export type TraceLines = () => Iterable<TraceBatch> | AsyncIterable<TraceBatch>;

/** What the replay read and left out (results.json `trace`). */
export interface TraceSummary {
  readonly file: string;
  readonly lines: number;
  readonly validLines: number;
  readonly malformedLines: number;
  /** The first few malformed line numbers (1-based). */
  readonly malformedExamples: number[];
  /** Valid lines out of time order by more than the reorder window: dropped. */
  readonly lateLines: number;
  /** Valid lines outside the replayed range (from/to, offset, duration). */
  readonly outsideLines: number;
  readonly replayedRequests: number;
  readonly hosts: number;
  readonly resolvers: number;
  /** Epoch seconds of simulated t = 0, and of the trace's first and last replayed line. */
  readonly origin: number;
  readonly first: number;
  readonly last: number;
  /** Rule `subnet` only: the Public Suffix List that grouped the names (PUBLIC_SUFFIX_LIST). */
  readonly publicSuffixList?: string;
}

/** How many lines of an array batch are pushed between two steps of the world (bounds the feed; a string batch is one chunk read). */
const CHUNK = 16384;

function epochOf(spec: TraceSpec, field: "from" | "to"): number | undefined {
  const text = spec[field];
  if (text === undefined) return undefined;
  const t = parseTimeField(text);
  if (Number.isNaN(t))
    throw new UserError(
      `clients.trace.${field}: ${JSON.stringify(text)} is not an ISO 8601 time with a zone (Z or ±hh:mm) nor epoch seconds, in the years ${MIN_LOG_YEAR} to ${MAX_LOG_YEAR}`,
    );
  return t;
}

/**
 * Replays `scenario.clients.trace` from `lines`: a first pass counts the
 * hosts (for the host → resolver rule), a second streams the requests
 * through the reorder window into the world in chunks, stepping it to the
 * watermark after each. Memory O(distinct hosts + one chunk). Pure: the
 * caller (the CLI) opens the file.
 */
export async function replayTrace(
  scenario: Scenario,
  lines: TraceLines,
  options: RunOptions & {
    accessLog?: AccessLogRecording;
    onProgress?: (seconds: number, horizon: number) => void;
    /** Called between batches with the simulated clock: access logs written up to it. */
    afterBatch?: (now: number) => Promise<void>;
  } = {},
): Promise<{ results: Results; summary: TraceSummary }> {
  const spec = scenario.clients.trace;
  if (!spec) throw new RangeError("the scenario has no clients.trace");
  const s: Scenario = {
    ...scenario,
    seed: options.seed ?? scenario.seed,
    duration: options.duration ?? scenario.duration,
  };
  const from = epochOf(spec, "from");
  const to = epochOf(spec, "to");
  if (from !== undefined && to !== undefined && !(from < to))
    throw new UserError(
      `clients.trace.from: ${JSON.stringify(spec.from)} is not before clients.trace.to ${JSON.stringify(spec.to)}: nothing would be replayed`,
    );
  const scan = new TraceScan(spec.format, from, to, spec.file);
  // content: the first pass also interns the request paths and their sizes,
  // off the same parse.
  const objects = s.content ? new TraceObjects() : undefined;
  const onValid = objects ? objects.scanned.bind(objects) : undefined;
  for await (const batch of lines()) {
    if (typeof batch === "string") scan.chunk(batch, onValid);
    else
      for (const line of batch) {
        const valid = scan.parser.valid;
        scan.line(line);
        if (onValid && scan.parser.valid > valid) onValid(line, scan.parser);
      }
  }
  const parsed = scan.parser;
  if (parsed.valid === 0) {
    const why = parsed.headerError ? ` (${parsed.headerError})` : "";
    throw new UserError(
      `${spec.file}: no valid ${spec.format} line in ${parsed.lines} line(s)${why}`,
    );
  }
  if (scan.requests === 0)
    throw new UserError(
      `${spec.file}: none of its ${parsed.valid} valid line(s) falls in clients.trace.from ${JSON.stringify(spec.from ?? "")} to clients.trace.to ${JSON.stringify(spec.to ?? "")}: nothing would be replayed`,
    );
  const resolvers = mapHostsToResolvers(s, s.seed, scan.hosts, scan.counts, spec.resolvers);
  const feed = new TraceFeed();
  const origin = (from ?? scan.first) + spec.offset;
  const clock = {
    origin,
    speedup: spec.speedup,
    duration: s.duration,
    to: to ?? Number.POSITIVE_INFINITY,
  };
  const reader = new TraceReader(
    spec.format,
    spec.reorderWindow,
    scan.hostIndex,
    clock,
    feed,
    objects,
  );
  const simulation = new Simulation(
    s,
    {},
    {
      trace: {
        feed,
        hostCount: scan.hosts.length,
        resolvers,
        thinkTime: spec.thinkTime / spec.speedup,
        ...(objects ? { objects } : {}),
      },
      ...(options.accessLog ? { accessLog: options.accessLog } : {}),
    },
  );
  let n = 0;
  // Each request's line is kept only for the access logs (the content model
  // gets each request's object id from the reader).
  const keepLines = options.accessLog !== undefined;
  for await (const batch of lines()) {
    if (typeof batch === "string") reader.chunk(batch, keepLines);
    else
      for (const line of batch) {
        reader.line(line);
        if (++n % CHUNK === 0) simulation.runUntil(reader.watermark);
      }
    // Between batches: the caller writes what the access logs got, and shows progress.
    simulation.runUntil(reader.watermark);
    if (options.afterBatch) await options.afterBatch(simulation.now);
    options.onProgress?.(simulation.now, simulation.horizon);
  }
  reader.flush();
  feed.end();
  simulation.run();
  if (options.afterBatch) await options.afterBatch(simulation.now);
  options.onProgress?.(simulation.now, simulation.horizon);
  const p = reader.parser;
  const summary: TraceSummary = {
    file: spec.file,
    lines: p.lines,
    validLines: p.valid,
    malformedLines: p.malformed,
    malformedExamples: p.malformedLines.slice(0, MALFORMED_EXAMPLES),
    lateLines: reader.late,
    outsideLines: reader.outside,
    replayedRequests: reader.replayed,
    hosts: scan.hosts.length,
    resolvers: resolvers.resolverCount,
    origin,
    first: scan.first,
    last: scan.last,
    ...(spec.resolvers.rule === "subnet" ? { publicSuffixList: PUBLIC_SUFFIX_LIST } : {}),
  };
  return { results: { ...simulation.snapshot(), trace: summary }, summary };
}

/**
 * `--replications N` over a trace: the same trace replayed on N seeds
 * derived from the base seed (as `replicate` derives them), so what varies
 * is everything the seed draws (the hosts' resolvers under the heavy rule,
 * resolver behaviours, TTLs, address selection), never the requests. The
 * replications are summarized by `replicate` itself; each replay reads the
 * trace afresh (memory stays O(hosts); N results are kept until then).
 */
export async function replicateTrace(
  scenario: Scenario,
  lines: TraceLines,
  options: {
    replications: number;
    seed?: number;
    onProgress?: (replication: number, seconds: number, horizon: number) => void;
    /** Replication r's access logs (the CLI's `--access-logs <dir>/r<r>`): written between batches, closed after its replay. */
    logs?: (replication: number) => {
      readonly accessLog: AccessLogRecording;
      readonly afterBatch: (now: number) => Promise<void>;
      readonly close: () => Promise<void>;
    };
  },
): Promise<{ replicated: ReplicatedResults; summary: TraceSummary }> {
  const n = options.replications;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_REPLICATIONS)
    throw new UserError(`--replications: a whole number from 1 to ${MAX_REPLICATIONS} (got ${n})`);
  const seeds = replicationSeeds(options.seed ?? scenario.seed, n);
  const runs: Results[] = [];
  let summary: TraceSummary | undefined;
  for (let r = 0; r < n; r++) {
    const logs = options.logs?.(r);
    const replay = await replayTrace(scenario, lines, {
      seed: seeds[r]!,
      ...(logs ? { accessLog: logs.accessLog, afterBatch: logs.afterBatch } : {}),
      onProgress: (seconds, horizon) => options.onProgress?.(r, seconds, horizon),
    });
    await logs?.close();
    runs.push(replay.results);
    summary ??= replay.summary;
  }
  const replicated = replicate(scenario, {
    replications: n,
    seed: seeds[0]!,
    simulate: (_s, _o, r) => runs[r]!,
  });
  return { replicated, summary: summary! };
}
