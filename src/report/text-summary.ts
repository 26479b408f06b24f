import type { Results } from "../metrics/index.js";
import { overridesLine } from "./overrides-text.js";
import { sessionContentLines } from "./session-content-text.js";
import { num as fixed, int, pct } from "./specs/format.js";
import { terminalSafe } from "./terminal-text.js";

const BAR_WIDTH = 30;

// The report's formatters (locale-independent), with "n/a" for missing values.
const num = (x: number | null, digits = 3): string => (x === null ? "n/a" : fixed(x, digits));

/** A bar of `fraction` (0..1) of BAR_WIDTH, in eighths for a smooth edge. */
export function bar(fraction: number, width = BAR_WIDTH): string {
  const eighths = Math.round(Math.max(0, Math.min(1, fraction)) * width * 8);
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  const partial = rest > 0 ? " ▏▎▍▌▋▊▉"[rest] : "";
  return "█".repeat(full) + partial;
}

/**
 * The terminal summary: per-server shares with a bar each, then DNS, balance
 * and failures. Every text that comes from the scenario or the results file
 * goes through terminalSafe.
 */
export function textSummary(r: Results): string {
  const lines: string[] = [];
  const n = r.servers.length;
  const address = r.servers.map((s) => terminalSafe(s.address));
  lines.push(
    `rrdns ${terminalSafe(r.version)} · ${terminalSafe(r.scenario)} · seed ${r.seed} · ${int(r.duration)} s simulated`,
  );
  const overrides = overridesLine(r.overrides);
  if (overrides) lines.push(wrap(terminalSafe(overrides), 100));
  const description = terminalSafe(r.description);
  if (description.trim()) lines.push(wrap(description, 100));
  lines.push("");
  // A connection-pool run without visits: the servers table and the balance
  // as for visits, its requests instead of the visit and DNS lines.
  const pool = r.connections !== undefined && r.totals.visits === 0;
  const width = Math.max(7, ...address.map((a) => a.length));
  const withCapacity = r.servers.some((s) => s.capacity !== null);
  const q = r.queueing;
  // Servers with capacity: the p99 response time and the utilisation (busy workers) of each.
  const queueHeader = q ? `  ${"p99 s".padStart(8)}  ${"busy".padStart(6)}` : "";
  const peakHeader =
    (withCapacity ? `${"peak/s".padStart(9)}  ${"util".padStart(6)}` : "peak/s".padStart(9)) +
    queueHeader;
  lines.push(
    `${"server".padEnd(width)}  ${"share".padStart(6)}  ${"served".padStart(12)}  ${"failed att.".padStart(11)}  ${peakHeader}  (ideal 1/${n} = ${pct(1 / n)})`,
  );
  const maxShare = Math.max(...r.servers.map((s) => s.share), 1 / n);
  for (const [i, s] of r.servers.entries()) {
    lines.push(
      `${address[i]!.padEnd(width)}  ${pct(s.share).padStart(6)}  ${int(s.served).padStart(12)}  ${int(s.failedAttempts).padStart(11)}  ${fixed(s.peakPerSecond, 1).padStart(9)}${withCapacity ? `  ${s.peakUtilisation === null ? "".padStart(6) : pct(s.peakUtilisation).padStart(6)}` : ""}${q ? queueColumns(q.servers[i]) : ""}  ${bar(s.share / maxShare)}`,
    );
  }
  const t = r.totals;
  lines.push("");
  if (pool)
    lines.push(
      `requests ${int(t.requests)}  served ${int(t.served)}  failed ${int(t.failed)} (no connection)  failed connects ${int(t.failedAttempts)}`,
    );
  else {
    lines.push(
      `visits ${int(t.visits)}  requests ${int(t.requests)}  served ${int(t.served)}  failed ${int(t.failed)}  failed visits ${int(t.failedVisits)} (${pct(t.visits > 0 ? t.failedVisits / t.visits : 0)})`,
    );
    lines.push(
      `DNS: authoritative queries ${int(r.dns.authoritativeQueries)} (${fixed(r.dns.authoritativeQps, 2)}/s), resolver hit ratio ${pct(r.dns.resolverHitRatio)}, ${int(r.dns.resolvers)} resolvers (largest carries ${pct(r.dns.topResolverShare)})` +
        (r.dns.unresolvedVisits > 0 ? `, unresolved visits ${int(r.dns.unresolvedVisits)}` : ""),
    );
  }
  const w = r.balance.window;
  lines.push(
    `balance (whole run): max/mean ${num(r.balance.maxOverMean)}  CoV ${num(r.balance.cov)}  Jain ${num(r.balance.jain, 4)}`,
  );
  // Windows cut short by the warm-up or the end count by the seconds they cover.
  const partial = w.partialWindows ?? 0;
  const windows = partial > 0 ? `${w.windows} + ${partial} partial, weighted by length` : w.windows;
  lines.push(
    `balance (per ${w.seconds} s window, mean of ${windows}): max/mean ${num(w.maxOverMean)}  CoV ${num(w.cov)}  Jain ${num(w.jain, 4)}  worst max/mean ${num(w.worstMaxOverMean)}`,
  );
  if (q) {
    const qt = q.totals;
    const rt = qt.responseTime;
    const sec = (x: number | null) => (x === null ? "n/a" : `${fixed(x, 3)} s`);
    lines.push(
      `response time: mean ${sec(rt.mean)}  p50 ${sec(rt.p50)}  p95 ${sec(rt.p95)}  p99 ${sec(rt.p99)}  p99.9 ${sec(rt.p999)}; utilisation ${pct(qt.utilisation)}, mean queue ${fixed(qt.meanQueue, 2)}`,
    );
    lines.push(
      `errors at live servers: refused ${int(qt.refused)}  dropped ${int(qt.dropped)}  timed out ${int(qt.timedOut)} (timeout ${q.requestTimeout} s)  retries ${int(qt.retries)} (${q.onError}, at most ${q.retries} per request)`,
    );
  }
  const d = r.delay;
  if (d.delayedVisits > 0) {
    // Two means, both named: per delayed visit, and spread over every visit.
    const share = pct(t.visits > 0 ? d.delayedVisits / t.visits : 0);
    lines.push(
      `connect-timeout delay: ${int(d.delayedVisits)} visits delayed (${share}), ${fixed(d.meanDelayedSeconds, 1)} s each on average; over all visits mean ${fixed(d.meanSeconds, 3)} s, p99 ${d.p99Seconds} s, max ${d.maxSeconds} s`,
    );
  }
  const lookup = d.lookup;
  if (lookup && !pool) {
    // Failed lookups are time users waited for nothing, not only a count.
    const failed =
      lookup.failedLookupSeconds > 0
        ? `; unresolved visits waited ${fixed(lookup.failedLookupSeconds, 0)} s in all (${fixed(lookup.meanFailedLookupSeconds, 1)} s each)`
        : "";
    lines.push(
      `lookup delay: mean ${fixed(lookup.meanSeconds, 4)} s, p99 ${lookup.p99Seconds} s, max ${lookup.maxSeconds} s${failed}`,
    );
  }
  lines.push(...sessionContentLines(r));
  for (const f of r.failures) {
    const drain =
      f.drainSeconds === null
        ? "not drained before it ended"
        : `drained after ${fixed(f.drainSeconds, 0)} s`;
    const withdrawn = f.withdrawnAt === null ? "" : `, withdrawn at ${fixed(f.withdrawnAt, 0)} s`;
    lines.push(
      `failure ${terminalSafe(f.server)} ${fixed(f.start, 0)}–${fixed(f.end, 0)} s (${f.mode}${withdrawn}): ${int(f.failedAttempts)} failed attempts, ${int(f.failedVisits)} failed visits, ${drain}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function queueColumns(s: NonNullable<Results["queueing"]>["servers"][number] | undefined): string {
  if (!s) return "";
  const p99 = s.responseTime.p99 === null ? "n/a" : fixed(s.responseTime.p99, 3);
  return `  ${p99.padStart(8)}  ${pct(s.utilisation).padStart(6)}`;
}

function wrap(text: string, width: number): string {
  const words = text.trim().split(/\s+/);
  const out: string[] = [];
  let line = "";
  for (const word of words) {
    if (line.length + word.length + 1 > width && line.length > 0) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join("\n");
}
