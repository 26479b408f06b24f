import type { Results } from "../../metrics/index.js";
import { duration, int, num, pct, rateScale } from "./format.js";
import { dnsOutages, highlightedLines, hoverLayers, timeChart } from "./layers.js";
import { ALERT, MAX_LEGEND_SERVERS, serverColor } from "./theme.js";
import { ratePerSecond, timeAxis } from "./time.js";
import type { Chart, ChartOptions, VegaLiteSpec } from "./types.js";

/**
 * Failed connection attempts (per failing server, in its colour) and failed
 * visits (all clients, dashed red) per second, over shaded outages.
 */
export function failuresChart(r: Results, options: ChartOptions = {}): Chart {
  // Only servers that ever refused or dropped a connection get a line.
  const failing = r.servers.flatMap((s, i) => (s.failedAttempts > 0 ? [i] : []));
  const axis = timeAxis(r, failing.length + 1);
  const ts = r.timeseries;
  const keys = failing.map((i) => `f${i}`);
  const attempts = failing.map((i) => ratePerSecond(axis, ts.failedAttemptsByServer[i] ?? []));
  const visits = ratePerSecond(axis, ts.failedVisits);
  const values = axis.points.map((p, j) => {
    const row: Record<string, number> & { t: number } = { t: p.t, visits: visits[j] ?? 0 };
    keys.forEach((key, k) => {
      row[key] = attempts[k]?.[j] ?? 0;
    });
    return row;
  });
  const names = failing.map((i, k) => ({ key: keys[k]!, server: r.servers[i]!.address }));
  const peak = Math.max(0, ...visits, ...attempts.flat());
  const y: VegaLiteSpec = {
    field: "rate",
    type: "quantitative",
    title: "failures per second (1/s)",
    // All zero: give the flat line an axis to sit on instead of a degenerate scale.
    scale: rateScale(peak),
  };
  const lines: VegaLiteSpec[] =
    keys.length === 0
      ? []
      : [
          highlightedLines(
            {
              transform: [
                { fold: keys, as: ["key", "rate"] },
                {
                  lookup: "key",
                  from: { data: { values: names }, key: "key", fields: ["server"] },
                },
              ],
              mark: { type: "line" },
              encoding: {
                x: axis.x,
                y,
                color: {
                  ...serverColor(r),
                  legend:
                    names.length > MAX_LEGEND_SERVERS
                      ? null
                      : {
                          orient: "top",
                          direction: "horizontal",
                          title: "failed attempts at",
                          titleOrient: "left",
                          values: names.map((n) => n.server),
                          symbolStrokeWidth: 3,
                          columns: Math.min(names.length, 5),
                        },
                },
              },
            },
            options,
            "pick_failures",
          ),
        ];
  return {
    name: "failures",
    explain:
      "Connection attempts that failed at each server (a timeout for a black-holed server, an immediate refusal otherwise) and visits that failed altogether because no address worked, per second. Coloured bands are outages of the server of that colour, grey bands periods when the authoritative DNS server was unreachable; dotted rules mark where health-checked DNS withdrew an address.",
    spec: timeChart(
      r,
      axis,
      values,
      { title: "Failed connection attempts and failed visits", caption: failuresCaption(r) },
      "outages-and-withdrawals",
      [
        ...lines,
        {
          transform: [{ calculate: "datum.visits", as: "rate" }],
          mark: { type: "line", color: ALERT, strokeDash: [6, 3] },
          encoding: {
            x: axis.x,
            y,
            strokeDash: {
              datum: "failed visits (all clients)",
              type: "nominal",
              scale: { domain: ["failed visits (all clients)"], range: [[6, 3]] },
              legend: {
                orient: "top",
                title: null,
                symbolStrokeColor: ALERT,
                symbolStrokeWidth: 2,
              },
            },
          },
        },
        ...hoverLayers(options, axis, "hover_failures", [
          { field: "visits", title: "failed visits/s", type: "quantitative", format: ",.2f" },
          ...names.slice(0, 24).map(({ key, server }) => ({
            field: key,
            title: `failed attempts/s at ${server}`,
            type: "quantitative",
            format: ",.2f",
          })),
        ]),
      ],
    ),
  };
}

function failuresCaption(r: Results): string {
  const t = r.totals;
  if (r.failures.length === 0 && t.failedAttempts === 0 && t.failedVisits === 0)
    return "No failures in this scenario, so the line stays at zero.";
  const shaded: string[] = [];
  if (r.failures.length > 0 && r.failures.length <= 2)
    for (const f of r.failures) shaded.push(`${f.server} down for ${duration(f.end - f.start)}`);
  else if (r.failures.length > 2) shaded.push(`${int(r.failures.length)} server outages`);
  const dns = dnsOutages(r.scenarioSpec);
  if (dns.length > 0)
    shaded.push(
      `grey: authoritative DNS down for ${duration(dns.reduce((sum, o) => sum + o.duration, 0))}`,
    );
  const outages = shaded.length > 0 ? `Shaded: ${shaded.join("; ")}. ` : "";
  const share = pct(t.visits > 0 ? t.failedVisits / t.visits : 0, 2);
  const counts =
    t.failedVisits === 0
      ? `${int(t.failedAttempts)} failed connection attempts, but no failed visit: clients fell back to other addresses.`
      : `${int(t.failedAttempts)} failed connection attempts, ${int(t.failedVisits)} failed visits (${share} of visits).`;
  const d = r.delay;
  const delayed =
    d.delayedVisits > 0
      ? ` ${int(d.delayedVisits)} visits waited ${num(d.meanDelayedSeconds, 1)} s on average for a connect timeout.`
      : "";
  const lookup = d.lookup;
  const waited =
    lookup && lookup.failedLookupSeconds > 0
      ? ` Unresolved visits waited ${num(lookup.failedLookupSeconds, 0)} s in all (${num(lookup.meanFailedLookupSeconds, 1)} s each) for a DNS answer that never came.`
      : "";
  return outages + counts + delayed + waited;
}
