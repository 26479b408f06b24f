import type { ConformanceRow } from "./compare.js";

/** The conformance table as Markdown (docs/guides/conformance-and-probe.md) — real | preset | verdict. */
export function conformanceMarkdown(
  rows: readonly ConformanceRow[],
  versions: readonly string[],
  protocol: "full" | "reduced" = "full",
): string {
  const lines = [
    `Measured with ${versions.join(", ")} on loopback (${protocol} protocol).`,
    "",
    "| setting | preset | metric | real | preset | result | test / why |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.label} | \`${r.preset}\` | ${r.metric} | ${r.real} | ${r.simulated} | ${r.verdict} | ${r.note.replaceAll("|", "\\|")} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The same as plain columns for a terminal. */
export function conformanceText(rows: readonly ConformanceRow[]): string {
  const cols = ["label", "metric", "real", "simulated", "verdict"] as const;
  const head = {
    label: "setting",
    metric: "metric",
    real: "real",
    simulated: "preset",
    verdict: "result",
  };
  const width = cols.map((c) => Math.max(head[c].length, ...rows.map((r) => String(r[c]).length)));
  const fmt = (get: (c: (typeof cols)[number]) => string) =>
    cols
      .map((c, i) => get(c).padEnd(width[i]!))
      .join("  ")
      .trimEnd();
  return `${[fmt((c) => head[c]), ...rows.map((r) => fmt((c) => String(r[c])))].join("\n")}\n`;
}

/** Replaces the block between `<!-- conformance:start -->` and `<!-- conformance:end -->` of any Markdown text. */
export function replaceReadmeBlock(readme: string, block: string): string {
  const start = "<!-- conformance:start -->\n";
  const end = "<!-- conformance:end -->";
  const i = readme.indexOf(start);
  const j = i < 0 ? -1 : readme.indexOf(end, i);
  if (i < 0 || j < i)
    throw new Error(
      "no '<!-- conformance:start -->' line followed by '<!-- conformance:end -->' to write the table between",
    );
  return readme.slice(0, i + start.length) + block + readme.slice(j);
}
