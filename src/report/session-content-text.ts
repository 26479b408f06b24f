import type { Results } from "../metrics/index.js";
import { changeText } from "./specs/connections.js";
import { bytesText } from "./specs/content.js";
import { int, pct } from "./specs/format.js";
import { terminalSafe } from "./terminal-text.js";

const share = (p: number | null, se: number | null): string =>
  p === null ? "n/a" : `${pct(p)} ± ${pct(se ?? 0)}`;

/** The terminal summary's lines for session fragmentation, content consistency and connection pools (when in the results). */
export function sessionContentLines(r: Results): string[] {
  const lines: string[] = [];
  const f = r.fragmentation;
  if (f) {
    lines.push(
      `sessions (gap ${int(f.sessionGap)} s): ${int(f.sessions)}, fragmented ${share(f.fragmentedShare, f.fragmentedShareSE)}; with 2+ visits ${int(f.multiVisitSessions)}, fragmented ${share(f.multiVisitFragmentedShare, f.multiVisitFragmentedShareSE)}; consecutive visits on another server ${share(f.switchedShare, f.switchedShareSE)} of ${int(f.visitPairs)}`,
    );
    if (f.spacing.length > 0)
      lines.push(
        `  by visit spacing: ${f.spacing
          .map(
            (b) =>
              `${int(Math.round(b.fromSeconds))}+ s ${b.switchedShare === null ? "n/a" : pct(b.switchedShare)} (${int(b.pairs)})`,
          )
          .join(", ")}`,
      );
  }
  const c = r.content;
  if (c) {
    const skew =
      c.skewed.length === 0 ? "consistent" : `skewed on ${c.skewed.map(terminalSafe).join(", ")}`;
    lines.push(
      `content (${skew}, ${int(c.objects)} objects, ${int(c.browserCache)} per browser): ${int(c.firstFetches)} first fetches, ${int(c.repeats)} repeats: ${int(c.notModified)} × 304, ${int(c.redownloads)} re-downloaded (${share(c.redownloadShare, c.redownloadShareSE)}); ${bytesText(c.bytes)} sent, ${bytesText(c.extraBytes)} more than consistent timestamps`,
    );
    for (const s of c.servers)
      lines.push(
        `  ${terminalSafe(s.address)}: 200 ${int(s.ok)} (re-downloads ${int(s.redownloads)}), 304 ${int(s.notModified)}, ${bytesText(s.bytes)}`,
      );
  }
  const pools = r.connections;
  if (pools) {
    lines.push(
      `connections (${terminalSafe(pools.runtime)}, ${int(pools.clients)} clients × ${pools.ratePerClient} req/s): ${int(pools.requests)} requests, ${int(pools.unserved)} with no connection; ${int(pools.connectionsOpened)} connections opened, ${int(pools.resolutions)} lookups, ${int(pools.failedConnects)} failed connects`,
    );
    for (const s of pools.servers)
      lines.push(
        `  ${terminalSafe(s.address)}: ${pct(s.share)} of requests, ${int(s.connectionsOpened)} connections opened`,
      );
    for (const line of changeText(r)) lines.push(`  ${terminalSafe(line)}`);
  }
  return lines;
}
