import { connectionProblems } from "./connections-check.js";
import { contentProblems } from "./content-check.js";
import type { CrossFieldProblem } from "./cross-field-problem.js";
import { binCountProblem } from "./limits.js";
import type { RateProfile, Scenario } from "./schema.js";
import { serviceProblems } from "./service-check.js";

/** A problem that involves more than one field, found after the schema passed. */
export type { CrossFieldProblem };

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
    if (f.server !== "all" && !addresses.has(f.server)) {
      problems.push({
        path: ["failures", i, "server"],
        message: `no server has address ${f.server} (servers: ${[...addresses].join(", ")})`,
      });
    }
  });
  problems.push(...serviceProblems(s));
  problems.push(...connectionProblems(s));
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
  const ttl = s.dns.ttl;
  if (typeof ttl === "object" && ttl.uniform[0] > ttl.uniform[1]) {
    problems.push({
      path: ["dns", "ttl", "uniform"],
      message: "the shortest TTL must not exceed the longest ([low, high])",
    });
  }
  if (s.resolvers.ttl.min > s.resolvers.ttl.max) {
    problems.push({ path: ["resolvers", "ttl", "min"], message: "min must not exceed max" });
  }
  problems.push(...rateProblems(s.clients.rate, ["clients", "rate"]));
  problems.push(...sessionProblems(s));
  if (s.clients.selection === "sorted" && s.clients.address === undefined) {
    problems.push({
      path: ["clients", "address"],
      message: "selection 'sorted' needs the clients' own address (clients.address)",
    });
  }
  problems.push(...contentProblems(s, addresses));
  return problems;
}

/** A rate profile's steps in time order, a flash crowd's peak above its base. */
function rateProblems(rate: RateProfile, path: readonly PropertyKey[]): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  if (typeof rate === "object" && rate.profile === "steps") {
    rate.steps.forEach((step, i) => {
      const prev = rate.steps[i - 1];
      if (prev && step.at <= prev.at) {
        problems.push({
          path: [...path, "steps", i, "at"],
          message: "steps must be in increasing time order",
        });
      }
    });
  }
  if (typeof rate === "object" && rate.profile === "flash" && rate.peak < rate.base) {
    problems.push({ path: [...path, "peak"], message: "peak must be at least base" });
  }
  return problems;
}

/** clients.sessions: not with a trace, unique class names, caps above minimums. */
function sessionProblems(s: Scenario): CrossFieldProblem[] {
  const spec = s.clients.sessions;
  if (!spec) return [];
  const problems: CrossFieldProblem[] = [];
  const path = ["clients", "sessions"];
  if (s.clients.trace)
    problems.push({
      path,
      message: "clients.sessions and clients.trace are two workloads: give one of them",
    });
  const names = new Set<string>();
  spec.classes.forEach((c, i) => {
    const at = [...path, "classes", i];
    if (names.has(c.name))
      problems.push({ path: [...at, "name"], message: `duplicate class name ${c.name}` });
    names.add(c.name);
    problems.push(...rateProblems(c.rate, [...at, "rate"]));
    const durations = [
      [["thinkTime"], c.thinkTime],
      [["objectGap"], c.objectGap],
      ...(c.revisit ? [[["revisit", "gap"], c.revisit.gap] as const] : []),
      ...(c.heavy?.objectGap ? [[["heavy", "objectGap"], c.heavy.objectGap] as const] : []),
    ] as const;
    for (const [field, d] of durations) {
      if (typeof d !== "object" || d.dist === "empirical" || d.max === undefined) continue;
      if (d.dist === "pareto" && d.max < d.min)
        problems.push({ path: [...at, ...field, "max"], message: "max must be at least min" });
      if (d.dist === "lognormal" && belowBound(d.median, d.sigma, d.max))
        problems.push({ path: [...at, ...field, "max"], message: EMPTY_BELOW_MAX });
    }
    const counts: [readonly string[], number, typeof c.objects][] = [
      [["pages"], 1, c.pages],
      [["objects"], 0, c.objects],
    ];
    if (c.heavy) counts.push([["heavy", "objects"], 0, c.heavy.objects]);
    for (const [field, lo, n] of counts) {
      if (typeof n !== "object" || n.dist === "empirical") continue;
      // floor(X) ≤ max iff X < max + 1: the truncated law needs mass there.
      const bound = Math.max(lo, n.max) + 1;
      if (
        (n.dist === "lognormal" && belowBound(n.median, n.sigma, bound)) ||
        (n.dist === "pareto" && n.min >= bound)
      )
        problems.push({ path: [...at, ...field, "max"], message: EMPTY_BELOW_MAX });
    }
    if (typeof c.pages === "object" && c.pages.dist !== "empirical" && c.pages.max < 1)
      problems.push({
        path: [...at, "pages", "max"],
        message: "a session has at least one page: max must be at least 1",
      });
    if (typeof c.pages === "object" && c.pages.dist === "geometric" && c.pages.mean > c.pages.max)
      problems.push({
        path: [...at, "pages", "mean"],
        message: `mean must not exceed max (${c.pages.max})`,
      });
    for (const [field, n] of [
      [["objects"], c.objects],
      [["heavy", "objects"], c.heavy?.objects],
    ] as const)
      if (typeof n === "object" && n.dist === "geometric" && n.mean > n.max)
        problems.push({
          path: [...at, ...field, "mean"],
          message: `mean must not exceed max (${n.max})`,
        });
  });
  return problems;
}

/**
 * A law with `max` is truncated there (not capped): it needs mass below the
 * bound to renormalise. A lognormal whose bound lies more than 4.75 sigma
 * below its median (P(X ≤ max) < 1e-6) has, in effect, none.
 */
const EMPTY_BELOW_MAX =
  "the law is truncated at max and has (almost) no mass below it: raise max or lower the median/min";

function belowBound(median: number, sigma: number, max: number): boolean {
  if (sigma === 0) return median > max;
  return (Math.log(max) - Math.log(median)) / sigma < -4.75;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
