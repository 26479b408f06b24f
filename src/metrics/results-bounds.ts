import { type Results, resultsShape } from "./results.js";

/**
 * The bounds of a results object that span fields, which the field schemas
 * cannot say: one value per time bin in every series (and the bin count set
 * by duration / binSeconds), one series per server, times within the run,
 * hits never above lookups, failures naming a server of the run. With these
 * and the per-field bounds, whatever passes can be drawn in memory
 * proportional to the file (a tampered count or time can no longer make the
 * report allocate without limit or draw a chart of impossible size).
 */

export interface BoundsProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

/** Enough problems to tell what is wrong; a file wrong everywhere does not need a million. */
const MAX_PROBLEMS = 20;

export function resultsBoundsProblems(r: Results): BoundsProblem[] {
  const problems: BoundsProblem[] = [];
  const add = (path: (string | number)[], message: string): boolean => {
    problems.push({ path, message });
    return problems.length >= MAX_PROBLEMS;
  };
  if (!(r.warmup < r.duration)) add(["warmup"], `must be less than the duration (${r.duration} s)`);
  seriesProblems(r, add);
  if (problems.length >= MAX_PROBLEMS) return problems;
  queueingProblems(r, add);
  if (problems.length >= MAX_PROBLEMS) return problems;
  if (r.dns.resolverHits > r.dns.resolverLookups)
    add(["dns", "resolverHits"], "more resolver hits than lookups");
  failureProblems(r, add);
  return problems.slice(0, MAX_PROBLEMS);
}

/** The results schema with its cross-field bounds (times within the run, one value per bin). */
export const resultsSchema = resultsShape.superRefine((r, ctx) => {
  for (const problem of resultsBoundsProblems(r)) ctx.addIssue({ code: "custom", ...problem });
});

type Add = (path: (string | number)[], message: string) => boolean;

function seriesProblems(r: Results, add: Add): void {
  const ts = r.timeseries;
  const bins = ts.start.length;
  // The recorder's bin count (Recorder: max(1, ceil(duration / binSeconds))).
  const expected = Math.max(1, Math.ceil(r.duration / ts.binSeconds));
  if (bins !== expected) {
    add(
      ["timeseries", "start"],
      `${bins} time bins, but a ${r.duration} s run in bins of ${ts.binSeconds} s has ${expected}`,
    );
    return;
  }
  for (let b = 0; b < bins; b++) {
    if (Math.abs(ts.start[b]! - b * ts.binSeconds) > 1e-6 * ts.binSeconds) {
      if (add(["timeseries", "start", b], `expected ${b * ts.binSeconds} (bin ${b} start)`)) return;
      break;
    }
  }
  for (const [name, value] of Object.entries(ts)) {
    if (!Array.isArray(value) || name === "start") continue;
    const byServer = name.endsWith("ByServer");
    if (byServer && value.length !== r.servers.length) {
      if (
        add(
          ["timeseries", name],
          `${value.length} series for ${r.servers.length} servers, one per server expected`,
        )
      )
        return;
      continue;
    }
    const lists = byServer ? (value as unknown[][]) : [value as unknown[]];
    if (lists.some((list) => list.length !== bins))
      if (add(["timeseries", name], `expected ${bins} values, one per bin`)) return;
  }
  const hits = ts.resolverHits;
  const lookups = ts.resolverLookups;
  for (let b = 0; b < Math.min(hits.length, lookups.length); b++)
    if (hits[b]! > lookups[b]!) {
      add(["timeseries", "resolverHits", b], "more resolver hits than lookups in this bin");
      return;
    }
}

/** Servers with capacity: one entry per server, and per bin in every queueing series, like the others. */
function queueingProblems(r: Results, add: Add): void {
  const q = r.queueing;
  if (!q) return;
  const n = r.servers.length;
  if (q.servers.length !== n) {
    add(
      ["queueing", "servers"],
      `${q.servers.length} entries for ${n} servers, one per server expected`,
    );
    return;
  }
  for (let i = 0; i < n; i++)
    if (q.servers[i]!.address !== r.servers[i]!.address)
      if (
        add(
          ["queueing", "servers", i, "address"],
          `expected ${r.servers[i]!.address}, as in servers`,
        )
      )
        return;
  const bins = r.timeseries.start.length;
  for (const [name, value] of Object.entries(q.timeseries)) {
    const byServer = name.endsWith("ByServer");
    if (byServer && value.length !== n) {
      if (
        add(
          ["queueing", "timeseries", name],
          `${value.length} series for ${n} servers, one per server expected`,
        )
      )
        return;
      continue;
    }
    const lists = byServer ? (value as unknown[][]) : [value as unknown[]];
    if (lists.some((list) => list.length !== bins))
      if (add(["queueing", "timeseries", name], `expected ${bins} values, one per bin`)) return;
  }
}

function failureProblems(r: Results, add: Add): void {
  const addresses = new Set(r.servers.map((s) => s.address));
  const within = (x: number | null): boolean => x === null || x <= r.duration;
  for (let i = 0; i < r.failures.length; i++) {
    const f = r.failures[i]!;
    const at = (field: string): (string | number)[] => ["failures", i, field];
    let stop = false;
    if (!addresses.has(f.server)) stop ||= add(at("server"), `not a server of this run`);
    if (!(f.start <= r.duration)) stop ||= add(at("start"), `after the end of the run`);
    if (!(f.end >= f.start)) stop ||= add(at("end"), "before the start of the outage");
    for (const field of [
      "withdrawnAt",
      "restoredAt",
      "takenOverAt",
      "drainSeconds",
      "drainFromWithdrawalSeconds",
    ] as const)
      if (!within(f[field])) stop ||= add(at(field), `beyond the run's ${r.duration} s`);
    if (stop) return;
  }
}
