import { documentHead } from "../html/document-head.js";
import { escapeHtml } from "../html/escape.js";
import { headlineHtml } from "../html/headline.js";
import { chartPictureHtml } from "../html/picture.js";
import { STYLE } from "../html/style.js";
import type { FitChart } from "./charts.js";
import {
  fitMethodSections,
  fitResultSections,
  fitVerdict,
  type Section,
  verdictSection,
} from "./content.js";
import type { FitReportFit, Validation } from "./types.js";

/** No scripts, inline styles, images only the embedded charts (as the sweep pages). */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function markdownTable(t: NonNullable<Section["table"]>): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  return [
    `| ${t.header.map(cell).join(" | ")} |`,
    `|${t.header.map(() => "---").join("|")}|`,
    ...t.rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}

/** The fit report in Markdown; charts are linked as charts/<name>.png. */
export function fitReportMarkdown(
  fit: FitReportFit,
  charts: readonly FitChart[],
  validation?: Validation,
): string {
  const parts = [`# Fit of ${fit.options.file}`];
  const section = (s: Section): void => {
    parts.push(`## ${s.heading}`, ...s.paragraphs);
    if (s.table) parts.push(markdownTable(s.table));
  };
  // The verdict and the results first, the charts, then how the fit was made.
  for (const s of [verdictSection(fit, validation), ...fitResultSections(fit, validation)])
    section(s);
  parts.push("## Charts");
  for (const c of charts) parts.push(`![${c.title}](charts/${c.name}.png)\n\n${c.explain}`);
  parts.push("# Method");
  for (const s of fitMethodSections(fit)) section(s);
  return `${parts.join("\n\n")}\n`;
}

/** `**x**` (Markdown bold in table cells) → <strong>, after escaping. */
function cellHtml(s: string): string {
  const esc = escapeHtml(s);
  return esc.replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>");
}

/** The fit report as one self-contained page in the run report's stylesheet; `svgs` by chart name. */
export function fitReportHtml(
  fit: FitReportFit,
  charts: readonly FitChart[],
  svgs: ReadonlyMap<string, string>,
  validation?: Validation,
  /** The phone-sized drawings, by chart name (shown under 700 px). */
  narrowSvgs: ReadonlyMap<string, string> = new Map(),
): string {
  const esc = escapeHtml;
  const sectionHtml = (list: readonly Section[]): string =>
    list
      .map((s) => {
        const table = s.table
          ? `<div class="panel"><table>\n<thead><tr>${s.table.header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead>\n<tbody>\n${s.table.rows
              .map((r) => `<tr>${r.map((c) => `<td>${cellHtml(c)}</td>`).join("")}</tr>`)
              .join("\n")}\n</tbody>\n</table></div>`
          : "";
        return `<section>\n<h2>${esc(s.heading)}</h2>\n${s.paragraphs.map((p) => `<p class="prose">${esc(p)}</p>`).join("\n")}\n${table}\n</section>`;
      })
      .join("\n");
  const results = sectionHtml(fitResultSections(fit, validation));
  const method = sectionHtml(fitMethodSections(fit));
  const figures = charts
    .map((c) => {
      const svg = svgs.get(c.name);
      const body =
        svg === undefined
          ? "<p><em>Chart not rendered.</em></p>"
          : chartPictureHtml(c.title, svg, narrowSvgs.get(c.name));
      return `<figure id="${esc(c.name)}">\n${body}\n<figcaption>${esc(c.explain)}</figcaption>\n</figure>`;
    })
    .join("\n");
  return `${documentHead({ csp: CSP, title: `Fit of ${fit.options.file}`, style: STYLE })}<main>
<header>
<p class="eyebrow">rrdns fit</p>
<h1>${esc(`Fit of ${fit.options.file}`)}</h1>
${headlineHtml(fitVerdict(fit, validation))}<p class="claim">${esc(`A session workload fitted to ${fit.requests.toLocaleString("en-US")} requests from ${fit.hosts.toLocaleString("en-US")} hosts.`)}</p>
</header>
${results}
<section>
<h2>Charts</h2>
<p class="charts-note">Each panel: the log's empirical CDF (dark steps) against the candidate laws (chosen solid, others dashed), on the panel's own x axis; every y axis is the probability 0–1.</p>
<div class="charts two-up">
${figures}
</div>
</section>
<section class="method">
<h2>Method</h2>
${method}
</section>
</main>
</body>
</html>
`;
}
