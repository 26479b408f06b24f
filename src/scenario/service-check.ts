import type { CrossFieldProblem } from "./cross-field-problem.js";
import { hasServiceModel } from "./resolve.js";
import type { Scenario } from "./schema.js";

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
export function serviceProblems(s: Scenario): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const defaults = s.service;
  if (!hasServiceModel(s)) return problems;
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
