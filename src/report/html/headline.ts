import type { Results } from "../../metrics/index.js";
import { duration, int, num, pct } from "../specs/format.js";
import { escapeHtml } from "./escape.js";

/** One big number of a headline: what it is, and a short note under it. */
export interface HeadlineFigure {
  readonly label: string;
  readonly value: string;
  readonly note?: string;
  /** Drawn in the alert colour: the number is the bad news. */
  readonly alert?: boolean;
}

/** The answer a page opens with: one sentence, then its two to four numbers. */
export interface Headline {
  readonly answer: string;
  readonly figures: readonly HeadlineFigure[];
}

/**
 * The headline block every report opens with (data-role="headline": the
 * browser tests find it by that). Plain text in, escaped here.
 */
export function headlineHtml(h: Headline): string {
  const figures = h.figures
    .map(
      (f) =>
        `<div class="figure${f.alert ? " alert" : ""}"><span class="value">${escapeHtml(f.value)}</span><span class="label">${escapeHtml(f.label)}</span>${f.note ? `<span class="note">${escapeHtml(f.note)}</span>` : ""}</div>`,
    )
    .join("\n");
  return `<section class="headline" data-role="headline" aria-label="The answer">
<p class="answer">${escapeHtml(h.answer)}</p>
${figures ? `<div class="figures">\n${figures}\n</div>\n` : ""}</section>
`;
}

/**
 * A run's answer: with servers that have a capacity, the p99 response time
 * and the share of requests that failed (what a flash crowd is about);
 * otherwise the failed visits, the busiest server over the mean and the DNS
 * load. Pure.
 */
export function runHeadline(r: Results): Headline {
  const t = r.totals;
  const w = r.balance.window;
  const window = duration(w.seconds);
  const failedVisitShare = t.visits > 0 ? t.failedVisits / t.visits : 0;
  const visitsFigure: HeadlineFigure = {
    label: "visits with a failed request",
    value: pct(failedVisitShare, failedVisitShare > 0 && failedVisitShare < 0.001 ? 3 : 1),
    note: `${int(t.failedVisits)} of ${int(t.visits)}`,
    alert: t.failedVisits > 0,
  };
  const balanceFigure: HeadlineFigure = {
    label: `busiest server per ${window}`,
    value: w.maxOverMean === null ? "n/a" : `${num(w.maxOverMean)}× mean`,
    note: w.worstMaxOverMean === null ? "1 = even" : `worst window ${num(w.worstMaxOverMean)}×`,
  };
  const dnsFigure: HeadlineFigure = {
    label: "authoritative DNS queries",
    value: `${num(r.dns.authoritativeQps, 2)}/s`,
    note: `resolver cache hits ${pct(r.dns.resolverHitRatio)}`,
  };
  if (r.connections && t.visits === 0) return poolHeadline(r, balanceFigure);
  const q = r.queueing;
  if (q) {
    const rt = q.totals.responseTime;
    const errors = q.totals.refused + q.totals.dropped + q.totals.timedOut;
    const share = q.totals.arrivals > 0 ? errors / q.totals.arrivals : 0;
    const atTimeout = rt.p99 !== null && rt.p99 >= q.requestTimeout;
    const p99 = rt.p99 === null ? "n/a" : `${num(rt.p99, rt.p99 >= 10 ? 1 : 3)} s`;
    const answer =
      rt.p99 === null
        ? `No request was answered: ${pct(share)} of requests were refused, dropped or timed out.`
        : `p99 response time ${p99}${atTimeout ? ` (the clients' ${num(q.requestTimeout, 0)} s timeout)` : ""}, and ${pct(share)} of requests were refused, dropped or timed out, with ${int(r.servers.length)} server${r.servers.length === 1 ? "" : "s"} at ${pct(q.totals.utilisation)} mean utilisation.`;
    return {
      answer,
      figures: [
        {
          label: "p99 response time",
          value: p99,
          note: `p50 ${rt.p50 === null ? "n/a" : `${num(rt.p50, 3)} s`} · timeout ${num(q.requestTimeout, 0)} s`,
          alert: atTimeout,
        },
        {
          label: "requests refused, dropped or timed out",
          value: pct(share, share > 0 && share < 0.001 ? 3 : 1),
          note: `${int(errors)} of ${int(q.totals.arrivals)}`,
          alert: errors > 0,
        },
        visitsFigure,
        balanceFigure,
      ],
    };
  }
  const parts = [
    w.maxOverMean === null
      ? undefined
      : `The busiest server carried ${num(w.maxOverMean)}× the mean load per ${window} (worst window ${num(w.worstMaxOverMean ?? w.maxOverMean)}×)`,
    t.failedVisits > 0
      ? `${pct(failedVisitShare, failedVisitShare < 0.001 ? 3 : 1)} of visits had a failed request`
      : "no visit failed",
    `${num(r.dns.authoritativeQps, 2)} authoritative DNS queries per second`,
  ].filter((p): p is string => p !== undefined);
  const answer = `${parts.join("; ")}.`;
  return {
    answer: answer.charAt(0).toUpperCase() + answer.slice(1),
    figures: [balanceFigure, visitsFigure, dnsFigure],
  };
}

/**
 * A connection-pool run without visits: the per-window balance, the requests
 * that found no connection, and how long the first added server took to fill
 * (or the churn, when the pool does not grow). Pure.
 */
function poolHeadline(r: Results, balanceFigure: HeadlineFigure): Headline {
  const c = r.connections!;
  const w = r.balance.window;
  const all = c.requests + c.unserved;
  const lost = all > 0 ? c.unserved / all : 0;
  const added = c.changes.find((x) => x.kind === "add" && x.at < r.duration);
  const lostFigure: HeadlineFigure = {
    label: "requests with no connection",
    value: pct(lost, lost > 0 && lost < 0.001 ? 3 : 1),
    note: `${int(c.unserved)} of ${int(all)}`,
    alert: c.unserved > 0,
  };
  const third: HeadlineFigure = added
    ? {
        label: `${added.address} filled after`,
        value: added.fillTime === null ? "never" : `${num(added.fillTime, 0)} s`,
        note: `added at ${num(added.at, 0)} s`,
        alert: added.fillTime === null,
      }
    : {
        label: "connections opened",
        value: `${num(r.duration > 0 ? c.connectionsOpened / r.duration : 0, 2)}/s`,
        note: `${int(c.resolutions)} lookups`,
      };
  const parts = [
    w.maxOverMean === null
      ? undefined
      : `the busiest server carried ${num(w.maxOverMean)}× the mean load per ${duration(w.seconds)} (worst window ${num(w.worstMaxOverMean ?? w.maxOverMean)}×)`,
    c.unserved > 0
      ? `${pct(lost, lost < 0.001 ? 3 : 1)} of requests found no connection`
      : "every request found a connection",
    added
      ? added.fillTime === null
        ? `${added.address}, added at ${num(added.at, 0)} s, never got its share`
        : `${added.address}, added at ${num(added.at, 0)} s, got its share after ${num(added.fillTime, 0)} s`
      : undefined,
  ].filter((p): p is string => p !== undefined);
  const answer = `${parts.join("; ")}.`;
  return {
    answer: answer.charAt(0).toUpperCase() + answer.slice(1),
    figures: [balanceFigure, lostFigure, third],
  };
}
