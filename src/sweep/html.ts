/**
 * A small self-contained HTML page for sweep and TTL reports: text, one
 * table, and the charts as embedded SVG images. Everything that comes from a
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
  readonly title: string;
  /** Plain-text paragraphs. */
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

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; color: #1f2933; max-width: 1180px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; }
p { max-width: 52rem; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; font-size: .92rem; }
dt { color: #52606d; }
dd { margin: 0; font-family: "DejaVu Sans Mono", monospace; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0 1rem; }
caption { text-align: left; color: #52606d; padding-bottom: .3rem; }
th, td { border-bottom: 1px solid #e4e7eb; padding: .25rem .6rem; text-align: right; white-space: nowrap; }
th { color: #52606d; font-weight: normal; }
th:first-child, td:first-child { text-align: left; }
tr.highlight td { background: #e8f5ec; font-weight: bold; }
figure { margin: 1.5rem 0; }
figure img { max-width: 100%; height: auto; }
figcaption { color: #52606d; font-size: .9rem; max-width: 52rem; }
footer { margin-top: 3rem; color: #9aa5b1; font-size: .8rem; }
`;

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
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(page.title)}</h1>
${page.paragraphs.map((p) => `<p>${esc(p)}</p>`).join("\n")}
<dl>
${facts}
</dl>
<table>
<caption>${esc(page.table.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
${figures}
<footer>${esc(page.footer)}</footer>
</body>
</html>
`;
}
