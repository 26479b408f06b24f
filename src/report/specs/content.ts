import type { Results } from "../../metrics/index.js";
import { int, pct } from "./format.js";
import { ALERT, FAINT, frame, NEUTRAL, WIDTH } from "./theme.js";
import type { Chart, ChartOptions } from "./types.js";

const KINDS = ["first fetch (200)", "re-download (200)", "not modified (304)"] as const;

/** Bytes with a decimal unit (kB, MB, GB), for captions. */
export function bytesText(b: number): string {
  const units = ["bytes", "kB", "MB", "GB", "TB"];
  let i = 0;
  let x = b;
  while (x >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return i === 0 ? `${int(b)} bytes` : `${x.toFixed(x >= 100 ? 0 : 1)} ${units[i]}`;
}

/**
 * Content consistency (results with `content` only): each server's
 * responses as stacked bars, first fetches, re-downloads (a 200 a site with
 * identical timestamps would have answered 304) and 304s.
 */
/** What the content chart shows, under it. */
const EXPLAIN =
  "Each server's responses to browsers: first fetches of objects not yet cached, and the conditional requests (If-Modified-Since) for cached ones, answered 304 when the server's Last-Modified equals the cached copy's, else re-downloaded whole (red). Only servers with Last-Modified times of their own cause re-downloads, and they cause them on every server their clients move between.";

export function contentCharts(r: Results, _options: ChartOptions = {}): Chart[] {
  const c = r.content;
  if (!c) return [];
  const values = c.servers.flatMap((s) =>
    [s.firstFetches, s.redownloads, s.notModified].map((count, k) => ({
      server: s.address,
      kind: KINDS[k]!,
      order: k,
      count,
      skewed: c.skewed.includes(s.address) ? "own Last-Modified" : "central copy",
    })),
  );
  return [
    {
      name: "content",
      explain: EXPLAIN,
      spec: {
        ...frame("Responses per server: 200 or 304", contentCaption(r)),
        width: WIDTH,
        height: { step: 28 },
        data: { values },
        mark: { type: "bar", height: { band: 0.72 } },
        encoding: {
          y: {
            field: "server",
            type: "nominal",
            sort: c.servers.map((s) => s.address),
            title: null,
          },
          x: { field: "count", type: "quantitative", stack: "zero", title: "responses" },
          color: {
            field: "kind",
            type: "nominal",
            sort: [...KINDS],
            scale: { domain: [...KINDS], range: [NEUTRAL, ALERT, FAINT] },
            title: null,
          },
          order: { field: "order" },
          tooltip: [
            { field: "server", title: "server" },
            { field: "skewed", title: "timestamps" },
            { field: "kind", title: "response" },
            { field: "count", title: "count", format: "," },
          ],
        },
      },
    },
  ];
}

function contentCaption(r: Results): string {
  const c = r.content!;
  const skew =
    c.skewed.length === 0
      ? "identical timestamps everywhere"
      : `own Last-Modified times on ${c.skewed.join(", ")}`;
  const share =
    c.redownloadShare === null ? "" : ` (${pct(c.redownloadShare)} of ${int(c.repeats)} repeats)`;
  return `${skew}: ${int(c.redownloads)} re-downloads${share}, ${bytesText(c.extraBytes)} more than the ${bytesText(c.consistentBytes)} a consistent site would have sent for the same requests.`;
}
