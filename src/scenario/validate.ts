import type { Scenario } from "./schema.js";

/** A problem that involves more than one field, found after the schema passed. */
export interface CrossFieldProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Checks that fields agree with each other (server names exist, shares sum to 1, ...). */
export function crossCheck(s: Scenario): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const addresses = new Set<string>();
  s.servers.forEach((server, i) => {
    if (addresses.has(server.address)) {
      problems.push({
        path: ["servers", i, "address"],
        message: `duplicate address ${server.address}`,
      });
    }
    addresses.add(server.address);
  });
  s.failures.forEach((f, i) => {
    if ("mtbf" in f) {
      const perServer = s.duration / (f.mtbf + f.mttr);
      const servers = f.server === "all" ? s.servers.length : 1;
      if (perServer * servers > MAX_RANDOM_OUTAGES) {
        problems.push({
          path: ["failures", i, "mtbf"],
          message: `about ${Math.round(perServer * servers)} outages in ${s.duration} s (at most ${MAX_RANDOM_OUTAGES}); mtbf + mttr must be at least ${Math.ceil((s.duration * servers) / MAX_RANDOM_OUTAGES)} s`,
        });
      }
    }
    if (f.server !== "all" && !addresses.has(f.server)) {
      problems.push({
        path: ["failures", i, "server"],
        message: `no server has address ${f.server} (servers: ${[...addresses].join(", ")})`,
      });
    }
  });
  problems.push(...serviceProblems(s));
  const bins = binCountProblem(s.duration, s.window);
  if (bins) problems.push({ path: ["window"], message: bins });
  if (s.warmup >= s.duration) {
    problems.push({
      path: ["warmup"],
      message: `warmup (${s.warmup} s) must be shorter than duration (${s.duration} s)`,
    });
  }
  if (Array.isArray(s.resolvers.behaviour)) {
    const sum = s.resolvers.behaviour.reduce((acc, b) => acc + b.share, 0);
    if (Math.abs(sum - 1) > 1e-6) {
      problems.push({
        path: ["resolvers", "behaviour"],
        message: `shares must sum to 1 (they sum to ${round(sum)})`,
      });
    }
  }
  if (s.resolvers.weights) {
    const sum = s.resolvers.weights.reduce((a, b) => a + b, 0);
    if (!(sum > 0) || !Number.isFinite(sum)) {
      problems.push({
        path: ["resolvers", "weights"],
        message:
          "weights need a positive, finite sum (they are relative shares: 3, 1, 1 is as good as 0.6, 0.2, 0.2)",
      });
    }
  }
  if (s.resolvers.ttl.min > s.resolvers.ttl.max) {
    problems.push({ path: ["resolvers", "ttl", "min"], message: "min must not exceed max" });
  }
  const rate = s.clients.rate;
  if (typeof rate === "object" && rate.profile === "steps") {
    rate.steps.forEach((step, i) => {
      const prev = rate.steps[i - 1];
      if (prev && step.at <= prev.at) {
        problems.push({
          path: ["clients", "rate", "steps", i, "at"],
          message: "steps must be in increasing time order",
        });
      }
    });
  }
  if (typeof rate === "object" && rate.profile === "flash" && rate.peak < rate.base) {
    problems.push({ path: ["clients", "rate", "peak"], message: "peak must be at least base" });
  }
  if (s.clients.selection === "sorted" && s.clients.address === undefined) {
    problems.push({
      path: ["clients", "address"],
      message: "selection 'sorted' needs the clients' own address (clients.address)",
    });
  }
  return problems;
}

/** Most (time bin × server) cells with servers with capacity: each holds a response-time histogram. */
export const MAX_QUEUE_CELLS = 50_000;

type ServiceTimeSpec = NonNullable<Scenario["servers"][number]["serviceTime"]>;

/** Which fields each service-time distribution needs. */
function serviceTimeProblem(spec: ServiceTimeSpec): { field: string; message: string } | undefined {
  switch (spec.distribution) {
    case "exponential":
    case "deterministic":
      return spec.mean === undefined
        ? { field: "mean", message: `a ${spec.distribution} service time needs its mean` }
        : undefined;
    case "lognormal":
      if (spec.median === undefined)
        return { field: "median", message: "a lognormal service time needs its median" };
      if (spec.p99 === undefined)
        return { field: "p99", message: "a lognormal service time needs its p99" };
      return spec.p99 > spec.median
        ? undefined
        : { field: "p99", message: "p99 must be above the median" };
    case "empirical":
      if (spec.values === undefined)
        return { field: "values", message: "an empirical service time needs its values" };
      return spec.values.some((v) => v > 0)
        ? undefined
        : { field: "values", message: "at least one value must be positive" };
  }
}

/** Servers with capacity: every server needs a service time, each spec its fields, and the histograms a bound. */
function serviceProblems(s: Scenario): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const defaults = s.service;
  const modelled =
    defaults !== undefined ||
    s.servers.some((sv) => sv.workers !== undefined || sv.serviceTime !== undefined);
  if (!modelled) return problems;
  if (defaults?.serviceTime) {
    const p = serviceTimeProblem(defaults.serviceTime);
    if (p) problems.push({ path: ["service", "serviceTime", p.field], message: p.message });
  }
  s.servers.forEach((sv, i) => {
    if (sv.serviceTime) {
      const p = serviceTimeProblem(sv.serviceTime);
      if (p) problems.push({ path: ["servers", i, "serviceTime", p.field], message: p.message });
    } else if (!defaults?.serviceTime) {
      problems.push({
        path: ["servers", i, "serviceTime"],
        message: `server ${sv.address} needs a serviceTime (or give one to all in service.serviceTime)`,
      });
    }
  });
  const cells = Math.ceil(s.duration / s.window) * s.servers.length;
  if (cells > MAX_QUEUE_CELLS) {
    problems.push({
      path: ["window"],
      message: `${Math.ceil(s.duration / s.window)} time bins × ${s.servers.length} servers with capacity makes ${cells} response-time histograms (at most ${MAX_QUEUE_CELLS}); use a window of at least ${Math.ceil((s.duration * s.servers.length) / MAX_QUEUE_CELLS)} s`,
    });
  }
  return problems;
}

/** Most random outages a run may draw: beyond it, mtbf/mttr are surely in the wrong unit. */
export const MAX_RANDOM_OUTAGES = 1_000_000;

/** Most time bins a run may have: results carry a series per bin, so this bounds their size. */
export const MAX_BINS = 50_000;

/** A message when duration / window would make too many time bins, else undefined. */
export function binCountProblem(duration: number, window: number): string | undefined {
  const bins = Math.ceil(duration / window);
  if (bins <= MAX_BINS) return undefined;
  return `${duration} s in windows of ${window} s makes ${bins} time bins (at most ${MAX_BINS}); use a window of at least ${Math.ceil(duration / MAX_BINS)} s`;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
