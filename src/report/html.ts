import { stringify } from "yaml";
import type { Results } from "../metrics/index.js";
import { BOOT_SCRIPT } from "./html/boot.js";
import { documentHead } from "./html/document-head.js";
import { escapeHtml, inlineScript, jsonForScript } from "./html/escape.js";
import { headlineHtml, runHeadline } from "./html/headline.js";
import { lessonHtml, lessonOf } from "./html/lesson.js";
import { replicationsHtml } from "./html/replications.js";
import { STYLE } from "./html/style.js";
import { summaryHtml } from "./html/summary.js";
import { overrideText } from "./overrides-text.js";
import type { BrowserRuntime } from "./render/browser-runtime.js";
import { duration, int } from "./specs/format.js";
import type { Chart } from "./specs/index.js";
import type { ReplicationsData } from "./sweep/index.js";

/**
 * No network, whatever is in the page: scripts and styles only inline
 * (vega compiles expressions with Function, hence 'unsafe-eval'), images
 * only from data: and blob: URLs (vega-embed's export menu).
 */
const CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src 'self' data: blob:";

/**
 * The whole report as one self-contained page: header with the scenario's
 * claim, summary, interactive charts, the scenario as run. Pure: the same
 * results, charts and runtime give the same bytes. With `replications`
 * (run --replications), a table of every key metric over the seeds.
 */
export function reportHtml(
  r: Results,
  charts: readonly Chart[],
  runtime: BrowserRuntime,
  replications?: ReplicationsData,
): string {
  const name = escapeHtml(r.scenario);
  const figures = charts.map((c) => figureHtml(c)).join("\n");
  const lesson = lessonOf(r.scenarioSpec);
  const chartData = jsonForScript(charts.map((c) => ({ name: c.name, spec: c.spec })));
  return `${documentHead({ csp: CSP, title: `${r.scenario} · rrdns report`, style: STYLE, version: r.version })}<main>
<header>
<p class="eyebrow">rrdns report</p>
<h1>${name}</h1>
${headlineHtml(runHeadline(r))}${lesson ? lessonHtml(r.scenario, lesson) : ""}${r.description ? `<p class="claim">${escapeHtml(r.description)}</p>` : ""}
${overridesHtml(r)}<ul class="meta">
${metaHtml(r)}
</ul>
</header>
<section aria-labelledby="summary-title">
<h2 id="summary-title">Summary</h2>
${summaryHtml(r)}
</section>
${replications ? `<section aria-labelledby="replications-title">\n<h2 id="replications-title">Replications</h2>\n${replicationsHtml(replications)}\n</section>\n` : ""}<section aria-labelledby="charts-title">
<h2 id="charts-title">Charts</h2>
<p class="charts-note">Every time chart shares the same time axis. Click a server in a legend to pick out its line (shift-click for more; click on empty space to show all).</p>
<div class="charts">
${figures}
</div>
</section>
<section aria-labelledby="scenario-title">
<h2 id="scenario-title">Scenario as run</h2>
<details class="scenario" open>
<summary>${name} with every default filled in (YAML)</summary>
<pre><code>${escapeHtml(stringify(r.scenarioSpec ?? null))}</code></pre>
</details>
</section>
<footer>
<h2>Files</h2>
<ul class="files">
<li><a href="results.json">results.json</a></li>
<li><a href="timeseries.csv">timeseries.csv</a></li>
${replications ? `<li><a href="replications.json">replications.json</a> · <a href="replications.csv">csv</a> · <a href="replications-summary.csv">summary csv</a></li>\n` : ""}${charts.map((c) => `<li><a href="charts/${c.name}.svg">${c.name}.svg</a> · <a href="charts/${c.name}.png">png</a></li>`).join("\n")}
</ul>
<p>Made by rrdns ${escapeHtml(r.version)} with seed ${int(r.seed)}. Draw it again from the numbers with <code>rrdns report results.json</code>; run it again with <code>rrdns run &lt;scenario&gt; --seed ${int(r.seed)}</code>.</p>
</footer>
</main>
<script type="application/json" id="rrdns-charts">${chartData}</script>
<script>${inlineScript(runtime.vega)}</script>
<script>${inlineScript(runtime.vegaLite)}</script>
<script>${inlineScript(runtime.vegaEmbed)}</script>
<script>${BOOT_SCRIPT}</script>
</body>
</html>
`;
}

/** The fields the command line changed: the description above is the file's. */
function overridesHtml(r: Results): string {
  if (!r.overrides || r.overrides.length === 0) return "";
  const items = r.overrides.map((o) => `<b>${escapeHtml(overrideText(o))}</b>`).join(", ");
  return `<p class="overrides">Run with overrides (the description is the scenario file's): ${items}</p>\n`;
}

function metaHtml(r: Results): string {
  const items: [string, string][] = [
    ["seed", int(r.seed)],
    ["simulated", duration(r.duration)],
    ["bins", duration(r.timeseries.binSeconds)],
    ["servers", int(r.servers.length)],
    ["rrdns", r.version],
  ];
  if (r.warmup > 0) items.splice(2, 0, ["warm-up", duration(r.warmup)]);
  return items.map(([k, v]) => `<li>${escapeHtml(k)} <b>${escapeHtml(v)}</b></li>`).join("\n");
}

function figureHtml(c: Chart): string {
  const title = (c.spec.title as { text?: unknown } | undefined)?.text;
  const label = escapeHtml(typeof title === "string" ? title : c.name);
  return `<figure>
<div class="chart" id="chart-${c.name}" role="img" aria-label="${label}"><noscript><img src="charts/${c.name}.svg" alt="${label}"></noscript></div>
<figcaption>${escapeHtml(c.explain)}</figcaption>
</figure>`;
}
