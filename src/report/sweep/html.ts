import { documentHead } from "../html/document-head.js";
import { escapeHtml } from "../html/escape.js";
import { type Headline, headlineHtml } from "../html/headline.js";
import { chartPictureHtml } from "../html/picture.js";
import { STYLE } from "../html/style.js";

/**
 * A small self-contained HTML page for sweep and TTL reports: text, one
 * table, and the charts as embedded SVG images, in the run report's
 * stylesheet. Everything that comes from a
 * scenario or the command line is escaped; SVGs go in as data URIs so their
 * internal ids cannot collide with each other's.
 */
export interface HtmlFigure {
  readonly name: string;
  readonly title: string;
  readonly explain: string;
  /** Rendered SVG, or null when rendering was not available. */
  readonly svg: string | null;
  /** The same chart drawn at the phone width, shown under 700 px. */
  readonly narrowSvg?: string | null;
  /** Said instead of drawn: a chart whose every value is zero is one sentence. */
  readonly sentence?: string;
}

export interface HtmlPage {
  /** The small line above the title: which command made the page. */
  readonly eyebrow: string;
  readonly title: string;
  /** The answer, first and large. */
  readonly headline: Headline;
  /** Plain-text paragraphs; the first is shown as the claim under the title. */
  readonly paragraphs: readonly string[];
  /** Definition list of facts (plain text). */
  readonly facts: readonly (readonly [string, string])[];
  readonly table: {
    readonly caption: string;
    /** Columns whose cells may wrap (long text), by index. */
    readonly wrap?: readonly number[];
    readonly header: readonly string[];
    readonly rows: readonly (readonly string[])[];
  };
  /** Row indices to highlight (e.g. the recommended TTL). */
  readonly highlight?: readonly number[];
  readonly figures: readonly HtmlFigure[];
  /** One line above the charts: what they share (their axes). */
  readonly chartsNote?: string;
  readonly footer: string;
}

export function htmlPage(page: HtmlPage): string {
  const esc = escapeHtml;
  const highlight = new Set(page.highlight ?? []);
  const facts = page.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("\n");
  const wrapped = new Set(page.table.wrap ?? []);
  const head = page.table.header.map((h) => `<th>${esc(h)}</th>`).join("");
  const rows = page.table.rows
    .map(
      (r, i) =>
        `<tr${highlight.has(i) ? ' class="highlight"' : ""}>${r.map((c, j) => `<td${wrapped.has(j) ? ' class="wrap"' : ""}>${esc(c)}</td>`).join("")}</tr>`,
    )
    .join("\n");
  const figures = page.figures
    .map((f) => {
      const body =
        f.sentence !== undefined
          ? `<p class="zero-series"><strong>${esc(f.title)}:</strong> ${esc(f.sentence)}</p>`
          : f.svg === null
            ? `<p><em>Chart not rendered.</em></p>`
            : chartPictureHtml(f.title, f.svg, f.narrowSvg);
      return `<figure id="${esc(f.name)}">\n${body}\n<figcaption>${esc(f.explain)}</figcaption>\n</figure>`;
    })
    .join("\n");
  const [claim, ...more] = page.paragraphs;
  // The answer, then the evidence (table and charts), then how it was measured.
  return `${documentHead({ csp: CSP, title: page.title, style: STYLE })}<main>
<header>
<p class="eyebrow">${esc(page.eyebrow)}</p>
<h1>${esc(page.title)}</h1>
${headlineHtml(page.headline)}${claim === undefined ? "" : `<p class="claim">${esc(claim)}</p>`}
</header>
<div class="panel"><table>
<caption>${esc(page.table.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
<h2>Charts</h2>
${page.chartsNote ? `<p class="charts-note">${esc(page.chartsNote)}</p>\n` : ""}<div class="charts">
${figures}
</div>
<section class="method" aria-labelledby="method-title">
<h2 id="method-title">How it was measured</h2>
${more.map((p) => `<p class="prose">${esc(p)}</p>`).join("\n")}
<dl class="facts">
${facts}
</dl>
</section>
<footer>${esc(page.footer)}</footer>
</main>
</body>
</html>
`;
}

/** No scripts at all, styles inline, images only the embedded charts. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
