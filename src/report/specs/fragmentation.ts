import type { Results } from "../../metrics/index.js";
import { int, num, pct, round4 } from "./format.js";
import { ALERT, frame, HEIGHT, INK, MUTED, NEUTRAL, WIDTH } from "./theme.js";
import type { Chart, ChartOptions, VegaLiteSpec } from "./types.js";

/** The scenario's TTL when it is one number (a TTL range has no single rule to draw). */
function fixedTtl(r: Results): number | null {
  const spec = r.scenarioSpec as { dns?: { ttl?: unknown } } | undefined;
  const ttl = spec?.dns?.ttl;
  return typeof ttl === "number" ? ttl : null;
}

/** The clients' own cache lifetime when it is a number of seconds (clients.cache.lifetime). */
function clientCacheLifetime(r: Results): number | null {
  const spec = r.scenarioSpec as { clients?: { cache?: { lifetime?: unknown } } } | undefined;
  const lifetime = spec?.clients?.cache?.lifetime;
  return typeof lifetime === "number" ? lifetime : null;
}

/**
 * Session fragmentation (results with `fragmentation` only): the share of
 * consecutive visits of a session that switched servers, by their spacing on
 * a log axis, with ±1 standard error bars and the TTL marked. Rotating
 * resolvers switch at any spacing; frozen ones only past the TTL.
 */
export function fragmentationCharts(r: Results, _options: ChartOptions = {}): Chart[] {
  const f = r.fragmentation;
  if (!f || f.spacing.length === 0) return [];
  const values = f.spacing.map((b) => {
    const lo = Math.max(b.fromSeconds, 1);
    const hi = Math.min(b.toSeconds, lo * 10 ** 0.25);
    const share = b.switchedShare ?? 0;
    const se = b.switchedShareSE ?? 0;
    return {
      mid: round4(Math.sqrt(lo * hi)),
      range: `${num(b.fromSeconds, 0)}–${b.toSeconds >= 1e100 ? "∞" : num(b.toSeconds, 0)} s`,
      share: round4(share),
      low: round4(Math.max(0, share - se)),
      high: round4(Math.min(1, share + se)),
      pairs: b.pairs,
      switched: b.switched,
    };
  });
  const mids = values.map((v) => v.mid);
  const ttl = fixedTtl(r);
  const lifetime = clientCacheLifetime(r);
  const marks = [
    ...(ttl !== null && ttl > 0 ? [{ at: ttl, label: `TTL ${int(ttl)} s` }] : []),
    ...(lifetime !== null && lifetime > 0 && lifetime !== ttl
      ? [{ at: lifetime, label: `client cache ${int(lifetime)} s` }]
      : []),
    { at: f.sessionGap, label: `session gap ${int(f.sessionGap)} s`, align: "right" },
  ].map((m) => ({ align: "left", ...m }));
  const domain = [
    round4(Math.min(...mids, ...marks.map((m) => m.at)) / 1.5),
    round4(Math.max(...mids, ...marks.map((m) => m.at)) * 1.5),
  ];
  const x: VegaLiteSpec = {
    field: "mid",
    type: "quantitative",
    title: "visit spacing: one visit's lookup to the next's (s, log scale)",
    scale: { type: "log", domain, nice: false },
    // 1, 3, 10, 30, ... within the domain: the default log ticks crowd each other.
    axis: { values: logTicks(domain[0]!, domain[1]!), format: ",.0f" },
  };
  const y: VegaLiteSpec = {
    field: "share",
    type: "quantitative",
    title: "consecutive visits on another server (%)",
    scale: { domain: [0, 1] },
    axis: { format: ".0%" },
  };
  return [
    {
      name: "fragmentation",
      explain:
        "Each point is a bin of visit pairs (two consecutive visits of one session, a quarter decade of spacing wide): the share whose second visit was served by another server than the first, with ±1 standard error. A rotating resolver hands out the next address on every lookup, so its clients switch at any spacing; a frozen one repeats its answer until the TTL expires. Red rules: the TTL, the clients' own cache lifetime when set, and the session gap.",
      spec: {
        ...frame("Session fragmentation by visit spacing", fragmentationCaption(r)),
        width: WIDTH,
        height: HEIGHT,
        layer: [
          {
            data: { values },
            layer: [
              {
                mark: { type: "rule", color: MUTED },
                encoding: { x, y: { ...y, field: "low" }, y2: { field: "high" } },
              },
              {
                mark: { type: "point", filled: true, color: NEUTRAL },
                encoding: {
                  x,
                  y,
                  size: {
                    field: "pairs",
                    type: "quantitative",
                    title: "visit pairs",
                    scale: { range: [20, 200] },
                    legend: null,
                  },
                  tooltip: [
                    { field: "range", title: "spacing" },
                    { field: "share", title: "switched", format: ".1%" },
                    { field: "pairs", title: "visit pairs", format: "," },
                    { field: "switched", title: "switched pairs", format: "," },
                  ],
                },
              },
            ],
          },
          {
            data: { values: marks },
            layer: [
              {
                mark: { type: "rule", strokeDash: [5, 4], strokeWidth: 1.5 },
                encoding: {
                  x: { ...x, field: "at" },
                  color: { value: ALERT },
                  tooltip: [{ field: "label", title: "reference" }],
                },
              },
              ...(["left", "right"] as const).map((align) => ({
                transform: [{ filter: `datum.align === '${align}'` }],
                mark: {
                  type: "text",
                  align,
                  baseline: "top",
                  dx: align === "left" ? 3 : -3,
                  dy: 2,
                  color: INK,
                  fontSize: 10,
                },
                encoding: { x: { ...x, field: "at" }, y: { value: 0 }, text: { field: "label" } },
              })),
            ],
          },
        ],
      },
    },
  ];
}

function fragmentationCaption(r: Results): string {
  const f = r.fragmentation!;
  const multi =
    f.multiVisitFragmentedShare === null
      ? "no session had two visits"
      : `${pct(f.multiVisitFragmentedShare)} ± ${pct(f.multiVisitFragmentedShareSE ?? 0)} of the ${int(f.multiVisitSessions)} sessions with two or more visits`;
  return `${int(f.sessions)} sessions (gaps below ${int(f.sessionGap)} s), ${pct(f.fragmentedShare ?? 0)} of them served by more than one server: ${multi}. Of ${int(f.visitPairs)} consecutive visit pairs, ${pct(f.switchedShare ?? 0)} switched servers.`;
}

function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let p = 10 ** Math.floor(Math.log10(lo)); p <= hi; p *= 10)
    for (const t of [p, 3 * p]) if (t >= lo && t <= hi) ticks.push(t);
  return ticks;
}
