import type { Headline, HeadlineFigure } from "../html/headline.js";
import { spokenDuration } from "../specs/format.js";
import { slug } from "../specs/sweep-metric.js";
import { ttlAdviceProse } from "./advisor-text.js";
import type { CapacityPlanChartData } from "./capacity-plan-chart.js";
import { fmt, fmtSummary, metricHeading, summaryCell, valueText } from "./format.js";
import { type HtmlFigure, htmlPage } from "./html.js";
import type { MetricData, SummaryData, SweepData, TtlAdviceData } from "./types.js";

/** Facts every sweep page shows: enough to run it again. */
function planFacts(output: SweepData): [string, string][] {
  return [
    ["scenario", output.scenario],
    ...output.parameters.map((p): [string, string] => [
      `--set ${p.path}`,
      p.values.map(valueText).join(", "),
    ]),
    ["replications", String(output.replications)],
    ["base seed", String(output.seed)],
    ["replication seeds", output.seeds.join(", ")],
    ["simulated seconds per run", String(output.duration)],
  ];
}

/** Whether every replication at every point measured exactly zero. */
function allZero(output: SweepData, id: string): boolean {
  return output.points.every((p) => {
    const s = p.summary[id];
    return (
      !s || s.n === 0 || ((s.mean ?? 0) === 0 && (s.ci95Low ?? 0) === 0 && (s.ci95High ?? 0) === 0)
    );
  });
}

/**
 * A sweep's answer: the metrics the swept parameter moves most (largest
 * change between points, relative to the larger mean), each as "from → to",
 * and the metrics that stayed at zero in one clause.
 */
export function sweepHeadline(output: SweepData, metrics: readonly MetricData[]): Headline {
  const axis = output.parameters.find((p) => p.values.length > 1) ?? output.parameters[0];
  const path = axis?.path ?? "the grid point";
  const at = (i: number): string =>
    axis ? `${path}=${valueText(output.points[i]!.parameters[axis.path]!)}` : `point ${i}`;
  const moved = metrics
    .filter((m) => !allZero(output, m.id))
    .map((m) => {
      const means = output.points.map((p) => p.summary[m.id]?.mean ?? null);
      let lo = -1;
      let hi = -1;
      means.forEach((v, i) => {
        if (v === null) return;
        if (lo < 0 || v < means[lo]!) lo = i;
        if (hi < 0 || v > means[hi]!) hi = i;
      });
      if (lo < 0) return null;
      const a = means[lo]!;
      const b = means[hi]!;
      const change =
        Math.max(Math.abs(a), Math.abs(b)) > 0 ? (b - a) / Math.max(Math.abs(a), Math.abs(b)) : 0;
      // "from → to" in the parameter's order: the first point's best or worst end first.
      const [first, last] = lo < hi ? [lo, hi] : [hi, lo];
      return { m, change, first, last, from: means[first]!, to: means[last]! };
    })
    .filter((x): x is NonNullable<typeof x> => x !== null)
    .sort((x, y) => y.change - x.change || x.m.id.localeCompare(y.m.id));
  const zero = metrics.filter((m) => allZero(output, m.id)).map((m) => m.label);
  const top = moved.slice(0, 3);
  const figures: HeadlineFigure[] = top.map((x) => ({
    label: metricHeading(x.m),
    value: `${fmt(x.from)} → ${fmt(x.to)}`,
    note: `${at(x.first)} → ${at(x.last)}`,
  }));
  const lead = top[0];
  const answer =
    (lead
      ? `Over ${output.points.length} points of ${path}, ${lead.m.label} moves most: ${fmt(lead.from)} at ${at(lead.first)}, ${fmt(lead.to)} at ${at(lead.last)} (means over ${output.replications} replications).`
      : `Over ${output.points.length} points of ${path}, no metric changed.`) +
    (zero.length > 0 ? ` Zero at every point: ${zero.join(", ")}.` : "");
  return { answer, figures };
}

/** Charts of metrics that stayed at zero are said in one sentence instead of drawn flat. */
function withZeroSentences(
  output: SweepData,
  metrics: readonly MetricData[],
  figures: readonly HtmlFigure[],
): HtmlFigure[] {
  const zero = new Map(
    metrics.filter((m) => allZero(output, m.id)).map((m) => [`sweep-${slug(m.id)}`, m]),
  );
  return figures.map((f) => {
    const m = zero.get(f.name);
    return m
      ? {
          ...f,
          sentence: `zero at every point and in every replication (${output.points.length} points × ${output.replications} replications), so there is nothing to draw. The flat chart is still in charts/${f.name}.svg.`,
        }
      : f;
  });
}

/** index.html of `rrdns sweep` and `rrdns merge`. */
export function sweepPage(output: SweepData, figures: readonly HtmlFigure[]): string {
  const metrics = output.metrics.filter((m) =>
    output.points.some((p) => (p.summary[m.id]?.n ?? 0) > 0),
  );
  const axis = output.parameters.find((p) => p.values.length > 1);
  return htmlPage({
    eyebrow: "rrdns sweep",
    title: `Sweep: ${output.scenario}`,
    headline: sweepHeadline(output, metrics),
    chartsNote: axis
      ? `Every chart has ${axis.path} along the same x axis, so a point lines up from chart to chart; within a chart, every series shares the y axis.`
      : undefined,
    paragraphs: [
      ...(output.description ? [output.description] : []),
      `${output.points.length} grid points × ${output.replications} replications. Each number is the mean over the replications with its 95% confidence interval (Student t) in brackets. Replication r uses the same seed at every grid point, so differences between points are the parameters' doing, not noise. All values per replication are in sweep.json; sweep.csv has one row per point and metric.`,
    ],
    facts: planFacts(output),
    table: {
      caption: "mean [95% CI] per grid point",
      header: [...output.parameters.map((p) => p.path), ...metrics.map(metricHeading)],
      rows: output.points.map((p) => [
        ...output.parameters.map((q) => valueText(p.parameters[q.path]!)),
        ...metrics.map((m) => summaryCell(p, m.id)),
      ]),
    },
    figures: withZeroSentences(output, metrics, figures),
    footer: `rrdns ${output.version}`,
  });
}

/** index.html of `rrdns ttl`. */
export function ttlPage(
  advice: TtlAdviceData,
  output: SweepData,
  figures: readonly HtmlFigure[],
): string {
  const measures = advice.measures.filter((t) => t.key !== "drain" || advice.drainApplicable);
  const recommended = advice.rows.findIndex((r) => r.ttl === advice.recommendedTtl);
  const prose = ttlAdviceProse(advice);
  return htmlPage({
    eyebrow: "rrdns TTL advisor",
    title: `TTL advisor: ${output.scenario}`,
    headline: ttlHeadline(advice),
    chartsNote:
      "Every panel has the TTLs tried along the same log-scale x axis, so a TTL lines up from panel to panel.",
    paragraphs: [
      ...(output.description ? [output.description] : []),
      prose.explanation,
      ...prose.notes,
    ],
    facts: planFacts(output),
    table: {
      caption:
        "mean [95% CI] per TTL; Pareto: no other TTL is better on one measure without being worse on another",
      header: ["TTL (s)", "", ...measures.map(metricHeading), "Pareto", "limits"],
      rows: advice.rows.map((r) => [
        String(r.ttl),
        spokenDuration(r.ttl),
        ...measures.map((t) =>
          t.key === "drain" && (r.undrained.mean ?? 0) > 0
            ? `≥ ${fmtSummary(r.metrics[t.key]!)}`
            : fmtSummary(r.metrics[t.key]!),
        ),
        r.pareto ? "yes" : "",
        r.meetsLimits ? (r.ttl === advice.recommendedTtl ? "ok ◀ recommended" : "ok") : "no",
      ]),
      wrap: [measures.length + 3],
    },
    highlight: recommended >= 0 ? [recommended] : [],
    figures,
    footer: `rrdns ${output.version}`,
  });
}

/** A measure's mean at a TTL, with its CI, `≥` where a drain was censored. */
function measureText(advice: TtlAdviceData, ttl: number, key: string): string {
  const row = advice.rows.find((r) => r.ttl === ttl);
  const s: SummaryData | undefined = row?.metrics[key];
  if (!row || !s) return "n/a";
  return key === "drain" && (row.undrained.mean ?? 0) > 0 ? `≥ ${fmtSummary(s)}` : fmtSummary(s);
}

/** The advisor's answer: the recommended TTL, big, and what it costs and buys. */
export function ttlHeadline(advice: TtlAdviceData): Headline {
  const ttl = advice.recommendedTtl;
  const shown = advice.measures.filter((t) => t.key !== "drain" || advice.drainApplicable);
  const limits = shown.filter((t) => t.limit !== undefined).length;
  const pick = ttl ?? advice.closest?.ttl ?? null;
  const figures: HeadlineFigure[] = [
    {
      label: ttl === null ? "no TTL meets every limit" : "recommended TTL",
      value: ttl === null ? "none" : `${fmt(ttl)} s`,
      note:
        ttl === null
          ? advice.closest
            ? `closest: ${fmt(advice.closest.ttl)} s`
            : undefined
          : spokenDuration(ttl),
      alert: ttl === null,
    },
    ...(pick === null
      ? []
      : shown
          .filter((t) => ["qps", "failedShare", "drain", "imbalance"].includes(t.key))
          .slice(0, 3)
          .map((t) => ({
            label: `${metricHeading(t)} at ${fmt(pick)} s`,
            value: measureText(advice, pick, t.key).replace(/ \[.*\]$/, ""),
            note: `95% CI ${measureText(advice, pick, t.key).match(/\[.*\]$/)?.[0] ?? "—"}${t.limit === undefined ? "" : ` · limit ${fmt(t.limit)}`}`,
          }))),
  ];
  const answer =
    ttl === null
      ? `No TTL tried meets every limit${advice.closest ? `; the closest is ${fmt(advice.closest.ttl)} s (${spokenDuration(advice.closest.ttl)})` : ""}.`
      : limits === 0
        ? `Use a TTL of ${fmt(ttl)} s (${spokenDuration(ttl)}): with no limits given, the longest TTL tried, the fewest DNS queries.`
        : `Use a TTL of ${fmt(ttl)} s (${spokenDuration(ttl)}): the longest TTL tried whose 95% confidence bounds meet all ${limits} limit${limits === 1 ? "" : "s"}.`;
  return { answer, figures };
}

/** The capacity planner's answer: the server count, big, and its SLO statistic and errors. */
export function planHeadline(plan: CapacityPlanChartData): Headline {
  const o = plan.options;
  const slo = `${o.slo.metric} < ${fmt(o.slo.limit)} s with at most ${fmt(o.maxErrors * 100)}% errors`;
  const chosen = plan.candidates.find((c) => c.servers === plan.recommended);
  const last = plan.candidates[plan.candidates.length - 1];
  const shownCandidate = chosen ?? last;
  const mean = (s: SummaryData, scale = 1, digits = 3): string =>
    s.mean === null || !Number.isFinite(s.mean)
      ? "n/a"
      : fmt(Number((s.mean * scale).toFixed(digits)));
  const figures: HeadlineFigure[] = [
    {
      label: chosen ? "servers needed" : "no server count in the range meets the SLO",
      value: chosen ? String(chosen.servers) : "none",
      note: chosen
        ? `${o.nPlusOne ? "N+1, " : ""}${slo}`
        : `tried ${plan.candidates[0]?.servers ?? "?"}–${last?.servers ?? "?"}`,
      alert: !chosen,
    },
    ...(shownCandidate
      ? [
          {
            label: `${o.slo.metric} response time at ${shownCandidate.servers} servers`,
            value: `${mean(shownCandidate.latency)} s`,
            note: `limit ${fmt(o.slo.limit)} s`,
            alert: !shownCandidate.meets,
          },
          {
            label: `failed requests at ${shownCandidate.servers} servers`,
            value: `${mean(shownCandidate.errors, 100)}%`,
            note: `limit ${fmt(o.maxErrors * 100)}%`,
            alert: !shownCandidate.meets,
          },
          {
            label: "busiest server's peak utilisation",
            value: `${mean(shownCandidate.busiestUtilisation, 100, 1)}%`,
          },
        ]
      : []),
  ];
  const answer = chosen
    ? `${chosen.servers} server${chosen.servers === 1 ? "" : "s"} meet${chosen.servers === 1 ? "s" : ""} ${slo}${o.nPlusOne ? ", with one of them down" : ""}.`
    : plan.reason;
  return { answer, figures };
}

const ci = (s: SummaryData, scale = 1): string =>
  s.mean === null
    ? "n/a"
    : fmtSummary({
        ...s,
        mean: s.mean * scale,
        ci95Low: s.ci95Low === null ? null : s.ci95Low * scale,
        ci95High: s.ci95High === null ? null : s.ci95High * scale,
      });

/** index.html of `rrdns plan`: the answer, the candidates, the chart. */
export function planPage(
  plan: CapacityPlanChartData,
  figures: readonly HtmlFigure[],
  version: string,
): string {
  const o = plan.options;
  const chosen = plan.candidates.findIndex((c) => c.servers === plan.recommended);
  return htmlPage({
    eyebrow: "rrdns capacity planner",
    title: `Capacity plan: ${plan.scenario}`,
    headline: planHeadline(plan),
    paragraphs: [
      plan.reason,
      `Each count was run with up to ${o.replications} replications (fewer once the 95% confidence intervals cleared the limits); each number is the mean with its 95% CI in brackets. The plan stops at the first count that meets the SLO.`,
    ],
    facts: [
      ["scenario", plan.scenario],
      ["SLO", `${o.slo.metric} < ${fmt(o.slo.limit)} s`],
      ["most failed requests", `${fmt(o.maxErrors * 100)}%`],
      ["N+1 (one server down)", o.nPlusOne ? "yes" : "no"],
      ["replications per count (most)", String(o.replications)],
    ],
    table: {
      caption: "mean [95% CI] per server count",
      header: [
        "servers",
        `${o.slo.metric} (s)`,
        "failed requests (%)",
        "busiest server's peak (%)",
        "busiest server's p99 (s)",
        "busiest share × N",
        "live fleet peak (%)",
        "runs",
        "verdict",
      ],
      rows: plan.candidates.map((c) => [
        String(c.servers),
        ci(c.latency),
        ci(c.errors, 100),
        ci(c.busiestUtilisation, 100),
        ci(c.busiestP99),
        ci(c.imbalance),
        ci(c.meanUtilisation, 100),
        String(c.replications),
        c.meets
          ? c.servers === plan.recommended
            ? "meets ◀ recommended"
            : "meets"
          : `fails (${c.cause ?? "?"})`,
      ]),
      wrap: [8],
    },
    highlight: chosen >= 0 ? [chosen] : [],
    figures,
    chartsNote: "Every panel has the server count along the same x axis.",
    footer: `rrdns ${version}`,
  });
}
