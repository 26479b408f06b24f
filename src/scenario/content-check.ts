import type { CrossFieldProblem } from "./cross-field-problem.js";
import type { Scenario } from "./schema.js";

/**
 * content and fragmentation measure per client (a trace's hosts, a session
 * workload's clients): the Poisson visit model has no returning clients.
 * Skewed servers must be servers of the scenario.
 */
export function contentProblems(s: Scenario, addresses: ReadonlySet<string>): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const perClient = s.clients.trace !== undefined || s.clients.sessions !== undefined;
  for (const field of ["content", "fragmentation"] as const) {
    if (s[field] && !perClient)
      problems.push({
        path: [field],
        message: `${field} needs returning clients: clients.trace (a replayed log) or clients.sessions`,
      });
  }
  s.content?.skewed.forEach((address, i) => {
    if (!addresses.has(address))
      problems.push({
        path: ["content", "skewed", i],
        message: `no server has address ${address} (servers: ${[...addresses].join(", ")})`,
      });
  });
  return problems;
}
