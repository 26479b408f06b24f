import { documentHead } from "../html/document-head.js";
import { escapeHtml } from "../html/escape.js";
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
}

export interface HtmlPage {
  /** The small line above the title: which command made the page. */
  readonly eyebrow: string;
  readonly title: string;
  /** Plain-text paragraphs; the first is shown as the claim under the title. */
  readonly paragraphs: readonly string[];
  /** Definition list of facts (plain text). */
  readonly facts: readonly (readonly [string, string])[];
  readonly table: {
    readonly caption: string;
    readonly header: readonly string[];
    readonly rows: readonly (readonly string[])[];
  };
  /** Row indices to highlight (e.g. the recommended TTL). */
  readonly highlight?: readonly number[];
  readonly figures: readonly HtmlFigure[];
  readonly footer: string;
}

export function htmlPage(page: HtmlPage): string {
  const esc = escapeHtml;
  const highlight = new Set(page.highlight ?? []);
  const facts = page.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("\n");
  const head = page.table.header.map((h) => `<th>${esc(h)}</th>`).join("");
  const rows = page.table.rows
    .map(
      (r, i) =>
        `<tr${highlight.has(i) ? ' class="highlight"' : ""}>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`,
    )
    .join("\n");
  const figures = page.figures
    .map((f) => {
      const body =
        f.svg === null
          ? `<p><em>Chart not rendered.</em></p>`
          : `<img src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(f.svg)}" alt="${esc(f.title)}">`;
      return `<figure id="${esc(f.name)}">\n${body}\n<figcaption>${esc(f.explain)}</figcaption>\n</figure>`;
    })
    .join("\n");
  const [claim, ...more] = page.paragraphs;
  return `${documentHead({ csp: CSP, title: page.title, style: STYLE })}<main>
<header>
<p class="eyebrow">${esc(page.eyebrow)}</p>
<h1>${esc(page.title)}</h1>
${claim === undefined ? "" : `<p class="claim">${esc(claim)}</p>`}
</header>
${more.map((p) => `<p class="prose">${esc(p)}</p>`).join("\n")}
<dl class="facts">
${facts}
</dl>
<div class="panel"><table>
<caption>${esc(page.table.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
<div class="charts">
${figures}
</div>
<footer>${esc(page.footer)}</footer>
</main>
</body>
</html>
`;
}

/** No scripts at all, styles inline, images only the embedded charts. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
