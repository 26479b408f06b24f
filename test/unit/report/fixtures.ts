import type { Results } from "../../../src/metrics/index.js";
import { runScenario } from "../../../src/run/index.js";
import { loadScenario } from "../../../src/scenario/index.js";

/**
 * A small scenario that exercises every chart layer: a warm-up, a server
 * outage withdrawn by health-checked DNS, and an authoritative DNS outage.
 */
export const SMALL_SCENARIO = `name: small
description: Three servers, one of them down for a while; the report should show it.
duration: 900
warmup: 120
window: 30
seed: 3
servers: [ {address: 10.0.0.2}, {address: 10.0.0.3}, {address: 10.0.0.4} ]
dns:
  ttl: 30
  order: cyclic
  healthCheck: { interval: 10, failures: 3 }
  outages: [ {at: 600, duration: 120} ]
resolvers: { count: 80, skew: 1, behaviour: rotate }
clients: { rate: 20, requestsPerVisit: 2, selection: failover }
failures:
  - { server: 10.0.0.3, at: 300, duration: 200, mode: blackhole }
`;

/** The same servers with nothing going wrong. */
export const CALM_SCENARIO = `name: calm
duration: 600
servers: [ {address: 10.0.0.2}, {address: 10.0.0.3} ]
dns: { ttl: 60 }
resolvers: { count: 50 }
clients: { rate: 10 }
`;

export function results(text = SMALL_SCENARIO, duration?: number): Results {
  return runScenario(loadScenario(text, "x.yaml"), duration === undefined ? {} : { duration });
}

/**
 * A copy of `r` stretched to `bins` time bins by repeating its series, to
 * test long runs (a week of 60 s bins) without simulating a week.
 */
export function stretched(r: Results, bins: number): Results {
  const ts = r.timeseries;
  const n = ts.start.length;
  const repeat = <T>(xs: readonly T[]): T[] => Array.from({ length: bins }, (_, b) => xs[b % n]!);
  return {
    ...r,
    duration: bins * ts.binSeconds,
    timeseries: {
      ...ts,
      start: Array.from({ length: bins }, (_, b) => b * ts.binSeconds),
      servedByServer: ts.servedByServer.map(repeat),
      attemptsByServer: ts.attemptsByServer.map(repeat),
      failedAttemptsByServer: ts.failedAttemptsByServer.map(repeat),
      loadByServer: ts.loadByServer.map(repeat),
      visits: repeat(ts.visits),
      requests: repeat(ts.requests),
      failedRequests: repeat(ts.failedRequests),
      failedVisits: repeat(ts.failedVisits),
      unresolvedVisits: repeat(ts.unresolvedVisits),
      authoritativeQueries: repeat(ts.authoritativeQueries),
      resolverLookups: repeat(ts.resolverLookups),
      resolverHits: repeat(ts.resolverHits),
      staleAnswers: repeat(ts.staleAnswers),
      maxOverMean: repeat(ts.maxOverMean),
      cov: repeat(ts.cov),
      jain: repeat(ts.jain),
    },
  };
}

/** The script that must never run, in every text field a scenario controls. */
export const XSS = "<script>alert(1)</script>";

/**
 * `r` renamed and described with markup and script-breaking sequences, and
 * its first server given a name no scenario would pass validation with (a
 * hand-edited results.json can say anything).
 */
export function hostile(r: Results): Results {
  const description = `${XSS} </script><!-- <img src=x onerror=alert(2)> & "quotes" 'too'`;
  return {
    ...r,
    scenario: XSS,
    description,
    servers: r.servers.map((s, i) => (i === 0 ? { ...s, address: `</script>${XSS}` } : s)),
    scenarioSpec: { ...(r.scenarioSpec as object), name: XSS, description },
  };
}
