import type { Results } from "../../metrics/index.js";
import { duration, int, num, pct } from "../specs/format.js";
import { serverPalette } from "../specs/theme.js";
import { escapeHtml } from "./escape.js";
import { sessionContentHtml } from "./session-content.js";

/** The summary: headline numbers as cards, then the per-server and per-failure tables. */
export function summaryHtml(r: Results): string {
  const perClient = sessionContentHtml(r);
  // Only results with fragmentation or content get the extra panel (the others keep their bytes).
  return [cardsHtml(r), serversHtml(r), failuresHtml(r), ...(perClient ? [perClient] : [])].join(
    "\n",
  );
}

interface Card {
  readonly label: string;
  readonly value: string;
  readonly note?: string;
  readonly alert?: boolean;
}

function cardsHtml(r: Results): string {
  const t = r.totals;
  const measured = r.duration - r.warmup;
  const w = r.balance.window;
  const c = r.connections;
  // A pool run without visits: its requests and connections instead of the visit and DNS cards.
  const pool = c !== undefined && t.visits === 0;
  const poolCards: Card[] = c
    ? [
        {
          label: "requests served",
          value: int(t.served),
          note: `${num(measured > 0 ? t.served / measured : 0, 1)} per second`,
        },
        {
          label: "requests with no connection",
          value: int(c.unserved),
          note: `${pct(t.requests > 0 ? t.failed / t.requests : 0, 2)} of requests · ${int(c.failedConnects)} failed connects`,
          alert: c.unserved > 0,
        },
        {
          label: "connections opened",
          value: int(c.connectionsOpened),
          note: `${num(r.duration > 0 ? c.connectionsOpened / r.duration : 0, 2)} per second · ${int(c.resolutions)} lookups`,
        },
      ]
    : [];
  const visitCards: Card[] = [
    {
      label: "visits",
      value: int(t.visits),
      note: `${num(measured > 0 ? t.visits / measured : 0, 1)} per second`,
    },
    { label: "requests served", value: int(t.served), note: `of ${int(t.requests)} requests` },
    {
      label: "failed visits",
      value: int(t.failedVisits),
      note: `${pct(t.visits > 0 ? t.failedVisits / t.visits : 0, 2)} of visits · ${int(t.failedAttempts)} failed attempts`,
      alert: t.failedVisits > 0,
    },
  ];
  const dnsCards: Card[] = [
    {
      label: "authoritative queries",
      value: `${num(r.dns.authoritativeQps, 2)}/s`,
      note: `${int(r.dns.authoritativeQueries)} in all`,
    },
    {
      label: "resolver cache hits",
      value: pct(r.dns.resolverHitRatio),
      note: `${int(r.dns.resolvers)} resolvers, largest ${pct(r.dns.topResolverShare)} of clients`,
    },
  ];
  const cards: Card[] = [
    ...(pool ? poolCards : visitCards),
    {
      label: `Jain's index per ${duration(w.seconds)}`,
      value: w.jain === null ? "n/a" : num(w.jain, 3),
      note: r.balance.jain === null ? "1 = perfectly even" : `whole run ${num(r.balance.jain, 3)}`,
    },
    {
      label: `max/mean per ${duration(w.seconds)}`,
      value: w.maxOverMean === null ? "n/a" : num(w.maxOverMean),
      note: w.worstMaxOverMean === null ? "1 = even" : `worst ${num(w.worstMaxOverMean)}`,
    },
    ...(pool ? [] : dnsCards),
  ];
  const q = r.queueing;
  if (q) {
    const rt = q.totals.responseTime;
    cards.push(
      {
        label: "p99 response time",
        value: rt.p99 === null ? "n/a" : `${num(rt.p99, 3)} s`,
        note: `p50 ${rt.p50 === null ? "n/a" : `${num(rt.p50, 3)} s`} · mean queue ${num(q.totals.meanQueue, 1)}`,
        alert: rt.p99 !== null && rt.p99 >= q.requestTimeout,
      },
      {
        label: "utilisation",
        value: pct(q.totals.utilisation),
        note: `busiest ${pct(Math.max(...q.servers.map((s) => s.utilisation)))}`,
      },
      {
        label: "refused, dropped, timed out",
        value: int(q.totals.refused + q.totals.dropped + q.totals.timedOut),
        note: `${int(q.totals.retries)} retries`,
        alert: q.totals.refused + q.totals.dropped + q.totals.timedOut > 0,
      },
    );
  }
  if (r.delay.delayedVisits > 0)
    cards.push({
      label: "visits delayed by a timeout",
      value: int(r.delay.delayedVisits),
      note: `${num(r.delay.meanDelayedSeconds, 1)} s on average, at most ${num(r.delay.maxSeconds, 0)} s`,
      alert: true,
    });
  const lookup = r.delay.lookup;
  if (lookup && lookup.failedLookupSeconds > 0)
    cards.push({
      label: "waited on failed DNS lookups",
      value: `${num(lookup.failedLookupSeconds / 3600, 1)} h`,
      note: `${int(r.dns.unresolvedVisits)} unresolved visits, ${num(lookup.meanFailedLookupSeconds, 1)} s each`,
      alert: true,
    });
  const card = (c: Card): string =>
    `<div class="card${c.alert ? " alert" : ""}"><span class="value">${escapeHtml(c.value)}</span><span class="label">${escapeHtml(c.label)}</span>${c.note ? `<span class="note">${escapeHtml(c.note)}</span>` : ""}</div>`;
  return `<div class="cards">\n${cards.map(card).join("\n")}\n</div>`;
}

function serversHtml(r: Results): string {
  const n = r.servers.length;
  const ideal = 1 / n;
  const top = Math.max(ideal, ...r.servers.map((s) => s.share)) || 1;
  const colours = serverPalette(n);
  const withCapacity = r.servers.some((s) => s.capacity !== null);
  const rows = r.servers.map((s, i) => {
    const bar = `<div class="bar" title="${escapeHtml(`${pct(s.share, 2)} (ideal ${pct(ideal, 2)})`)}"><span style="width:${((s.share / top) * 100).toFixed(2)}%;background:${colours[i]}"></span><i style="left:${((ideal / top) * 100).toFixed(2)}%"></i></div>`;
    const cells = [
      `<td><span class="swatch" style="background:${colours[i]}"></span>${escapeHtml(s.address)}</td>`,
      `<td>${pct(s.share)}</td>`,
      `<td class="bar-cell">${bar}</td>`,
      `<td>${int(s.served)}</td>`,
      `<td>${int(s.attempts)}</td>`,
      `<td>${int(s.failedAttempts)}</td>`,
      `<td>${num(s.peakPerSecond, 1)}</td>`,
    ];
    if (withCapacity)
      cells.push(`<td>${s.peakUtilisation === null ? "–" : pct(s.peakUtilisation, 0)}</td>`);
    const qs = r.queueing?.servers[i];
    if (qs) {
      const p99 = qs.responseTime.p99;
      cells.push(
        `<td>${p99 === null ? "–" : `${num(p99, 3)} s`}</td>`,
        `<td>${pct(qs.utilisation, 1)}</td>`,
        `<td>${int(qs.refused + qs.dropped + qs.timedOut)}</td>`,
      );
    }
    return `<tr>${cells.join("")}</tr>`;
  });
  const head = [
    "server",
    "share",
    `share vs ideal 1/${n} (dashed)`,
    "served",
    "connection attempts",
    "failed attempts",
    "peak req/s",
    ...(withCapacity ? ["peak utilisation"] : []),
    // Servers with capacity: what the queues did.
    ...(r.queueing ? ["p99 response", "utilisation", "refused, dropped, timed out"] : []),
  ];
  return `<div class="panel"><table>
<thead><tr>${head.map((h, i) => `<th${i === 2 ? ' class="bar-cell"' : ""}>${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`;
}

function failuresHtml(r: Results): string {
  if (r.failures.length === 0) return "";
  const shown = r.failures.slice(0, 50);
  const when = (x: number | null): string => (x === null ? "–" : `${int(x)} s`);
  const rows = shown.map(
    (f) =>
      `<tr><td>${escapeHtml(f.server)}</td><td>${int(f.start)}–${int(f.end)} s</td><td>${escapeHtml(f.mode)}</td><td>${when(f.withdrawnAt)}</td><td>${int(f.failedAttempts)}</td><td>${int(f.failedVisits)}</td><td>${f.drainSeconds === null ? "not drained" : `${int(f.drainSeconds)} s`}</td></tr>`,
  );
  const more =
    r.failures.length > shown.length
      ? `<tr><td colspan="7">… and ${int(r.failures.length - shown.length)} more outages (see results.json)</td></tr>`
      : "";
  return `<div class="panel"><table>
<thead><tr><th>outage of</th><th>when</th><th>mode</th><th>withdrawn from DNS</th><th>failed attempts</th><th>failed visits</th><th>drained</th></tr></thead>
<tbody>
${rows.join("\n")}${more}
</tbody></table></div>`;
}
