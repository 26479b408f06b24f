import { type AutoscaleSpec, MAX_CONNECTION_SLOTS } from "./connections-schema.js";
import type { CrossFieldProblem } from "./cross-field-problem.js";
import type { Scenario } from "./schema.js";

/** The connection-pool blocks against the rest of the scenario: known addresses, time order, sizes. */
export function connectionProblems(s: Scenario): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const c = s.connections;
  if (s.pool && !c)
    problems.push({
      path: ["pool"],
      message: "an elastic pool needs a connections block (clients that hold connections)",
    });
  if (c) {
    const perClient = Math.max(c.pool.size ?? 1, s.servers.length);
    if (c.clients * perClient > MAX_CONNECTION_SLOTS)
      problems.push({
        path: ["connections", "clients"],
        message: `${c.clients} clients × ${perClient} connections each exceed ${MAX_CONNECTION_SLOTS} connection slots`,
      });
    if (s.clients.trace || s.clients.sessions)
      problems.push({
        path: ["connections"],
        message:
          "connections replace the visit workload's traces and sessions: use clients.rate: 0",
      });
  }
  if (c?.rateChanges) {
    let previous = 0;
    c.rateChanges.forEach((change, i) => {
      if (change.at < previous)
        problems.push({
          path: ["connections", "rateChanges", i, "at"],
          message: `rate changes must be in time order (${change.at} s comes after ${previous} s)`,
        });
      previous = Math.max(previous, change.at);
    });
  }
  if (!s.pool) return problems;
  if (s.pool.changes && s.pool.autoscale)
    problems.push({
      path: ["pool", "autoscale"],
      message:
        "a pool changes either on a schedule (pool.changes) or by the autoscaling rule (pool.autoscale), not both: remove one",
    });
  else if (!s.pool.changes && !s.pool.autoscale)
    problems.push({
      path: ["pool"],
      message: "an elastic pool needs scheduled changes (pool.changes) or a rule (pool.autoscale)",
    });
  if (s.pool.autoscale) problems.push(...autoscaleProblems(s, s.pool.autoscale));
  if (!s.pool.changes) return problems;
  const known = new Set(s.servers.map((sv) => sv.address));
  const live = new Set(known);
  for (const change of s.pool.changes) for (const a of change.add) live.delete(a);
  if (live.size === 0)
    problems.push({
      path: ["pool", "changes"],
      message: "every server is added later: at least one must be in the answer at the start",
    });
  let previous = 0;
  s.pool.changes.forEach((change, i) => {
    if (change.at < previous)
      problems.push({
        path: ["pool", "changes", i, "at"],
        message: `changes must be in time order (${change.at} s comes after ${previous} s)`,
      });
    previous = Math.max(previous, change.at);
    // A change at or after the end never happens: a warning (cli/warnings.ts), like a late failure.
    if (change.add.length + change.remove.length === 0)
      problems.push({ path: ["pool", "changes", i], message: "a change adds or removes a server" });
    change.add.forEach((a, j) => {
      if (!known.has(a))
        problems.push({
          path: ["pool", "changes", i, "add", j],
          message: `no server has address ${a} (servers: ${[...known].join(", ")})`,
        });
      else if (live.has(a))
        problems.push({
          path: ["pool", "changes", i, "add", j],
          message: `${a} is already in the answer`,
        });
      live.add(a);
    });
    change.remove.forEach((a, j) => {
      if (!known.has(a))
        problems.push({
          path: ["pool", "changes", i, "remove", j],
          message: `no server has address ${a} (servers: ${[...known].join(", ")})`,
        });
      else if (!live.has(a))
        problems.push({
          path: ["pool", "changes", i, "remove", j],
          message: `${a} is not in the answer at ${change.at} s`,
        });
      live.delete(a);
    });
    if (live.size === 0)
      problems.push({
        path: ["pool", "changes", i],
        message: "this change leaves no server in the answer",
      });
  });
  return problems;
}

/** Most evaluations of the autoscaling rule: each is a row of results (as a time bin is). */
export const MAX_AUTOSCALE_EVALUATIONS = 50_000;
/** Most connection slots counted over all evaluations (each evaluation counts every slot's requests). */
export const MAX_AUTOSCALE_WORK = 2e9;

/** The rule's bounds against each other and against the servers listed (its ordered reserve), and its cost. */
function autoscaleProblems(s: Scenario, a: AutoscaleSpec): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const listed = s.servers.length;
  const at = (field: string) => ["pool", "autoscale", field];
  const evaluations = Math.floor(s.duration / a.interval);
  const slots = (s.connections?.clients ?? 0) * Math.max(s.connections?.pool.size ?? 1, listed);
  if (evaluations > MAX_AUTOSCALE_EVALUATIONS)
    problems.push({
      path: at("interval"),
      message: `${evaluations} evaluations (duration ${s.duration} s ÷ interval ${a.interval} s) exceed ${MAX_AUTOSCALE_EVALUATIONS}: use a longer interval`,
    });
  else if (evaluations * slots > MAX_AUTOSCALE_WORK)
    problems.push({
      path: at("interval"),
      message: `${evaluations} evaluations × ${slots} connection slots exceed ${MAX_AUTOSCALE_WORK} slot counts: use a longer interval or fewer clients`,
    });
  if (a.max > listed)
    problems.push({
      path: at("max"),
      message: `max ${a.max} is more servers than the ${listed} listed (servers is the rule's reserve)`,
    });
  if (a.min > a.max)
    problems.push({ path: at("min"), message: `min ${a.min} is above max ${a.max}` });
  const initial = a.initial ?? a.min;
  if (initial < a.min || initial > a.max)
    problems.push({
      path: at("initial"),
      message: `initial ${initial} is outside [min ${a.min}, max ${a.max}]`,
    });
  return problems;
}
