import { extent, round4 } from "../specs/format.js";
import { ALERT, frame, HEIGHT, MEAN_CI_TOOLTIP, NEUTRAL, WIDTH } from "../specs/theme.js";
import type { Chart, VegaLiteSpec } from "../specs/types.js";
import type { CapacityPlanData } from "./capacity-plan-text.js";
import type { SummaryData } from "./types.js";

/** Green of the recommended count: the same as the TTL advisor's recommended TTL. */
const CHOSEN = "#1b7f3b";

/** What the chart needs beyond the table: which scenario, and the count chosen. */
export interface CapacityPlanChartData extends CapacityPlanData {
  readonly scenario: string;
  readonly recommended: number | null;
}

/** One candidate's point of one panel; null when the statistic has no finite mean. */
interface PlanPoint {
  readonly servers: number;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly verdict: "meets" | "fails";
}

function point(servers: number, s: SummaryData, meets: boolean, scale: number): PlanPoint | null {
  // "None answered" is +Infinity: there is nothing to draw at that count.
  if (s.mean === null || !Number.isFinite(s.mean)) return null;
  const at = (x: number | null) => round4((x !== null && Number.isFinite(x) ? x : s.mean!) * scale);
  return {
    servers,
    mean: at(s.mean),
    // Times and shares are never negative: a t interval from few replications can reach below 0.
    low: Math.max(0, at(s.ci95Low)),
    high: at(s.ci95High),
    verdict: meets ? "meets" : "fails",
  };
}

/**
 * The capacity plan as one chart of two panels against the server count: the
 * SLO's response-time statistic (mean over replications, 95% CI as error
 * bars) with the SLO limit as a dashed red rule, and the error share with the
 * --max-errors limit. The recommended count is a green rule in both. Pure.
 */
export function capacityPlanChart(plan: CapacityPlanChartData): Chart {
  const o = plan.options;
  const counts = plan.candidates.map((c) => c.servers);
  const [min, max] = extent(counts);
  // Half a step of room each side, so the end points' error bars are not cut in half.
  const x: VegaLiteSpec = {
    field: "servers",
    type: "quantitative",
    title: "servers",
    scale: { domain: [min - 0.5, max + 0.5], nice: false, zero: false },
    axis: {
      ...(counts.length <= 20 ? { values: counts } : { tickMinStep: 1 }),
      format: "d",
      grid: true,
    },
  };
  const verdictColour: VegaLiteSpec = {
    field: "verdict",
    type: "nominal",
    title: null,
    scale: { domain: ["meets", "fails"], range: [CHOSEN, ALERT] },
    legend: {
      orient: "top",
      direction: "horizontal",
      title: null,
      labelExpr: "datum.label + ' the SLO'",
    },
  };
  const latencyTitle = `${metricName(o.slo.metric)} response time (s)`;
  const panel = (
    values: readonly PlanPoint[],
    title: string,
    limit: number,
    limitLabel: string,
    logWhenWide = false,
  ): VegaLiteSpec => {
    // The limit is always in view, even when every point is far below or above it.
    const hi = Math.max(limit * 1.15, ...values.map((v) => v.high));
    // One overloaded count (minutes of queueing) would flatten the rest onto the
    // limit: past two decades between the smallest mean and the top, a log scale.
    const floor = Math.min(limit, ...values.map((v) => v.mean)) / 2;
    const log = logWhenWide && floor > 0 && hi / floor > 200;
    // A log axis has no zero: intervals cut at zero end at its bottom instead.
    if (log) values = values.map((v) => ({ ...v, low: Math.max(v.low, floor) }));
    const scale = log
      ? { type: "log", domain: [floor, hi], nice: true }
      : { domain: [0, hi], nice: true };
    // Gridlines at the powers of ten only: a log axis's minor ticks would crowd out the points.
    const decades = log
      ? Array.from(
          { length: Math.ceil(Math.log10(hi)) - Math.floor(Math.log10(floor)) + 1 },
          (_, i) => 10 ** (Math.floor(Math.log10(floor)) + i),
        )
      : [];
    const axis = log ? { axis: { values: decades, format: "~g" } } : {};
    const axisTitle = log ? `${title.replace(/\)$/, ", log scale)")}` : title;
    const y = (field: string): VegaLiteSpec => ({
      field,
      type: "quantitative",
      title: axisTitle,
      scale,
      ...axis,
    });
    // The recommended count first, so its rule lies under the points.
    const chosen: VegaLiteSpec[] =
      plan.recommended === null
        ? []
        : [
            {
              data: { values: [{ servers: plan.recommended, label: "recommended" }] },
              mark: { type: "rule", color: CHOSEN, strokeWidth: 2, opacity: 0.5 },
              encoding: { x, tooltip: [{ field: "label", title: "servers" }] },
            },
          ];
    const layers: VegaLiteSpec[] = [
      ...chosen,
      {
        mark: { type: "rule", strokeWidth: 1.5, color: NEUTRAL },
        encoding: { x, y: y("low"), y2: { field: "high" } },
      },
      {
        mark: { type: "line", color: NEUTRAL, interpolate: "linear", strokeWidth: 1 },
        encoding: { x, y: y("mean") },
      },
      {
        mark: { type: "point", filled: true, size: 60 },
        encoding: {
          x,
          y: y("mean"),
          color: verdictColour,
          tooltip: [
            { field: "servers", title: "servers" },
            ...MEAN_CI_TOOLTIP,
            { field: "verdict", title: "verdict" },
          ],
        },
      },
      {
        data: { values: [{ limit, label: limitLabel }] },
        layer: [
          {
            mark: { type: "rule", color: ALERT, strokeDash: [6, 4], strokeWidth: 1.5 },
            encoding: { y: { field: "limit", type: "quantitative" } },
          },
          {
            mark: {
              type: "text",
              align: "right",
              baseline: "bottom",
              dy: -3,
              color: ALERT,
              fontSize: 11,
            },
            encoding: {
              y: { field: "limit", type: "quantitative" },
              // The right edge of the plot, whatever width it is drawn at.
              x: { value: { expr: "width - 4" } },
              text: { field: "label" },
            },
          },
        ],
      },
    ];
    return { width: WIDTH, height: Math.round(HEIGHT * 0.8), data: { values }, layer: layers };
  };
  const latency = plan.candidates.flatMap((c) => point(c.servers, c.latency, c.meets, 1) ?? []);
  const errors = plan.candidates.flatMap((c) => point(c.servers, c.errors, c.meets, 100) ?? []);
  const sloText = `${metricName(o.slo.metric)} < ${o.slo.limit} s`;
  const maxErrorsPct = round4(o.maxErrors * 100);
  const verdict =
    plan.recommended === null
      ? `No count in the range meets ${sloText} with at most ${maxErrorsPct}% errors.`
      : `Recommended: ${plan.recommended} servers (green), the fewest whose 95% CI upper bounds meet ${sloText} and at most ${maxErrorsPct}% errors (red dashes).`;
  return {
    name: "capacity-plan",
    explain:
      "The capacity planner's candidates: the response-time statistic the SLO bounds and the share of failed requests against the number of servers, with 95% confidence intervals over replications (cut at zero). A count meets the SLO when both intervals lie under their limits.",
    spec: {
      ...frame(
        `Capacity plan: ${sloText}${o.nPlusOne ? " with one server down" : ""}`,
        `${plan.scenario}: mean and 95% CI over ${o.replications} replications per server count (common random numbers across counts). ${verdict}`,
      ),
      vconcat: [
        panel(latency, latencyTitle, o.slo.limit, `SLO ${o.slo.limit} s`, true),
        panel(errors, "failed requests (%)", maxErrorsPct, `max errors ${maxErrorsPct}%`),
      ],
      spacing: 18,
    },
  };
}

/** "p999" -> "p99.9": the statistic as the SLO flag spells it. */
function metricName(metric: string): string {
  return metric === "p999" ? "p99.9" : metric;
}
