import { fmt, metricHeading, type ReplicationsData } from "../sweep/index.js";
import { escapeHtml } from "./escape.js";

/**
 * `rrdns run --replications N`: every key metric's mean, sd and 95% CI over
 * the seeds, as a table under the base run's summary (the rest of the page
 * shows the base seed's run).
 */
export function replicationsHtml(rep: ReplicationsData): string {
  const rows = rep.metrics
    .filter((m) => m.summary.n > 0)
    .map((m) => {
      const s = m.summary;
      const ci = s.ci95Low === null ? "–" : `[${fmt(s.ci95Low)}, ${fmt(s.ci95High)}]`;
      return `<tr><td>${escapeHtml(metricHeading(m))}</td><td>${fmt(s.mean)}</td><td>${fmt(s.sd)}</td><td>${ci}</td><td>${s.n}</td></tr>`;
    });
  return `<p>${rep.replications} replications (seeds ${rep.seeds.join(", ")}); the charts and tables above are the first. Each metric's mean over the replications with its 95% confidence interval (docs/guides/studies.md, “Statistics”: quantiles carry their histogram bucket, shares a Wilson interval).</p>
<div class="panel"><table>
<thead><tr><th>metric</th><th>mean</th><th>sd</th><th>95% CI</th><th>n</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`;
}
