import type { Results } from "../../metrics/index.js";
import { duration, num, pct, round4 } from "./format.js";
import { frame, INK, MUTED, serverColor, WIDTH } from "./theme.js";
import type { Chart, ChartOptions } from "./types.js";

/**
 * Each server's share of the requests served, as bars, against the ideal 1/N.
 * The same with or without `interactive`: the bars carry their own tooltips.
 */
export function sharesChart(r: Results, _options: ChartOptions = {}): Chart {
  const n = r.servers.length;
  const ideal = 1 / n;
  // With many servers shares are a few percent: one decimal would hide the differences.
  const digits = ideal < 0.05 ? 2 : 1;
  const values = r.servers.map((s) => ({
    server: s.address,
    share: round4(s.share),
    label: pct(s.share, digits),
    served: s.served,
    attempts: s.attempts,
    failedAttempts: s.failedAttempts,
    peak: round4(s.peakPerSecond),
    deviation: `${num((s.share - ideal) * 100, 1)} points`,
  }));
  const top = Math.max(ideal, ...r.servers.map((s) => s.share));
  const x = {
    field: "share",
    type: "quantitative",
    title: "share of requests served (%)",
    // Room on the right for the labels at the end of the bars.
    scale: { domain: [0, round4(Math.min(1, top * 1.2))], nice: false },
    // Whole percent unless shares are small (many servers), where ticks would repeat.
    axis: { format: top < 0.1 ? ".1%" : ".0%", tickCount: 6 },
  };
  // Many servers: thinner bars, so the chart stays a readable height.
  const step = n <= 12 ? 28 : n <= 40 ? 16 : 8;
  const y = {
    field: "server",
    type: "nominal",
    sort: r.servers.map((s) => s.address),
    title: null,
    axis: { labelFontSize: n <= 40 ? 11 : 8, ticks: false, domain: false, labelPadding: 6 },
  };
  const idealText = `ideal 1/${n} = ${pct(ideal, digits)}`;
  return {
    name: "shares",
    explain: `Each server's share of all requests served over the measured ${duration(r.duration - r.warmup)}. The dashed line is the ideal share 1/N; bars that stop short of it carried less than their fair share.`,
    spec: {
      ...frame("Share of requests per server", sharesCaption(r)),
      width: WIDTH,
      height: { step },
      data: { values },
      layer: [
        {
          mark: { type: "bar", cornerRadiusEnd: 2, height: { band: 0.72 } },
          encoding: {
            x,
            y,
            color: serverColor(r, "server", false),
            tooltip: [
              { field: "server", title: "server" },
              { field: "share", title: "share", format: ".2%" },
              { field: "deviation", title: "vs ideal" },
              { field: "served", title: "requests served", format: "," },
              { field: "attempts", title: "connection attempts", format: "," },
              { field: "failedAttempts", title: "failed attempts", format: "," },
              { field: "peak", title: "peak (req/s)", format: ",.1f" },
            ],
          },
        },
        ...(n <= 40
          ? [
              {
                mark: { type: "text", align: "left", baseline: "middle", dx: 4, color: INK },
                encoding: { x, y, text: { field: "label" } },
              },
            ]
          : []),
        {
          data: { values: [{ ideal: round4(ideal), label: idealText }] },
          layer: [
            {
              mark: { type: "rule", color: MUTED, strokeDash: [5, 4], strokeWidth: 1.5 },
              encoding: {
                x: { ...x, field: "ideal" },
                tooltip: [{ field: "label", title: "reference" }],
              },
            },
            {
              mark: { type: "text", align: "center", baseline: "bottom", dy: -3, color: MUTED },
              encoding: { x: { ...x, field: "ideal" }, y: { value: 0 }, text: { field: "label" } },
            },
          ],
        },
      ],
    },
  };
}

function sharesCaption(r: Results): string {
  const n = r.servers.length;
  if (n === 1) return "A single server carries every request.";
  if (r.totals.served === 0) return "No requests were served in this scenario.";
  const ideal = 1 / n;
  let worst = r.servers[0]!;
  for (const s of r.servers)
    if (Math.abs(s.share - ideal) > Math.abs(worst.share - ideal)) worst = s;
  const gap = (worst.share - ideal) * 100;
  const digits = ideal < 0.05 ? 2 : 1;
  const failed = r.failures.some((f) => f.server === worst.address);
  return (
    `The dashed line is the ideal 1/${n} = ${pct(ideal, digits)}. Furthest from it: ${worst.address} with ${pct(worst.share, digits)} (${gap >= 0 ? "+" : ""}${num(gap, digits)} points)` +
    (failed ? ", partly because it was down for a while." : ".")
  );
}
