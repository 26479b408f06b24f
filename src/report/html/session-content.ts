import type { Results } from "../../metrics/index.js";
import { bytesText } from "../specs/content.js";
import { int, pct } from "../specs/format.js";
import { escapeHtml } from "./escape.js";

const share = (p: number | null, se: number | null): string =>
  p === null ? "–" : `${pct(p)} ± ${pct(se ?? 0)}`;

/** The report's tables for session fragmentation and content consistency (empty when not in the results). */
export function sessionContentHtml(r: Results): string {
  const parts: string[] = [];
  const f = r.fragmentation;
  if (f) {
    const rows = [
      [
        "all sessions",
        int(f.sessions),
        int(f.fragmented),
        share(f.fragmentedShare, f.fragmentedShareSE),
      ],
      [
        "sessions with 2+ visits",
        int(f.multiVisitSessions),
        int(f.multiVisitFragmented),
        share(f.multiVisitFragmentedShare, f.multiVisitFragmentedShareSE),
      ],
      [
        "consecutive visit pairs",
        int(f.visitPairs),
        int(f.switchedPairs),
        share(f.switchedShare, f.switchedShareSE),
      ],
      ...f.spacing.map((b) => [
        `pairs ${int(Math.round(b.fromSeconds))}–${b.toSeconds >= 1e100 ? "∞" : int(Math.round(b.toSeconds))} s apart`,
        int(b.pairs),
        int(b.switched),
        share(b.switchedShare, b.switchedShareSE),
      ]),
    ];
    parts.push(
      table(
        `Sessions (gaps below ${int(f.sessionGap)} s; visits: gaps below ${int(f.thinkTime)} s)`,
        ["", "count", "on more than one server", "share ± SE"],
        rows,
      ),
    );
  }
  const c = r.content;
  if (c) {
    const rows = c.servers.map((s) => [
      s.address + (c.skewed.includes(s.address) ? " (own Last-Modified)" : ""),
      int(s.ok),
      int(s.redownloads),
      int(s.notModified),
      bytesText(s.bytes),
      bytesText(s.extraBytes),
    ]);
    rows.push([
      "all",
      int(c.firstFetches + c.redownloads),
      `${int(c.redownloads)} (${share(c.redownloadShare, c.redownloadShareSE)} of repeats)`,
      int(c.notModified),
      bytesText(c.bytes),
      `${bytesText(c.extraBytes)} over ${bytesText(c.consistentBytes)} consistent`,
    ]);
    parts.push(
      table(
        `Content: ${int(c.objects)} objects, ${int(c.browserCache)} per browser`,
        ["server", "200", "of which re-downloads", "304", "bytes sent", "extra bytes"],
        rows,
      ),
    );
  }
  return parts.join("\n");
}

function table(caption: string, head: string[], rows: string[][]): string {
  return `<div class="panel"><table>
<caption>${escapeHtml(caption)}</caption>
<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>
${rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("\n")}
</tbody></table></div>`;
}
