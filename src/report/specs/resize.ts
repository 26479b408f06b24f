/**
 * Redraws a chart spec at another plot width: every `width` in the spec (top
 * level, layers, concatenated panels) is scaled by the same factor, and the
 * subtitle lines are wrapped again for the new width. The report's page
 * calls it in the browser to fill each chart's box (its source is embedded
 * with Function.prototype.toString, so it uses nothing but its arguments);
 * the static pages call it in Node to draw a wide and a phone-sized SVG.
 *
 * `wrapLine` splits a caption into lines no wider than `px` at the subtitle
 * size; without it, a DejaVu-like 0.56 em per character is assumed.
 */
export function resizeSpec(
  spec: Record<string, unknown>,
  plotWidth: number,
  wrapLine?: (text: string, px: number) => string[],
): Record<string, unknown> {
  const widths: number[] = [];
  const collect = (node: unknown, depth: number): void => {
    if (node === null || typeof node !== "object" || Array.isArray(node) || depth > 6) return;
    const o = node as Record<string, unknown>;
    if (typeof o.width === "number") widths.push(o.width);
    for (const key of ["layer", "vconcat", "hconcat", "concat"])
      if (Array.isArray(o[key])) for (const child of o[key] as unknown[]) collect(child, depth + 1);
    if (o.spec) collect(o.spec, depth + 1);
  };
  collect(spec, 0);
  const widest = widths.length > 0 ? Math.max(...widths) : 0;
  if (!(widest > 0) || !(plotWidth > 0)) return spec;
  const factor = plotWidth / widest;
  const scale = (node: unknown, depth: number): unknown => {
    if (node === null || typeof node !== "object" || Array.isArray(node) || depth > 6) return node;
    const o = { ...(node as Record<string, unknown>) };
    if (typeof o.width === "number") o.width = Math.max(40, Math.round(o.width * factor));
    for (const key of ["layer", "vconcat", "hconcat", "concat"])
      if (Array.isArray(o[key])) o[key] = (o[key] as unknown[]).map((c) => scale(c, depth + 1));
    if (o.spec) o.spec = scale(o.spec, depth + 1);
    return o;
  };
  const out = scale(spec, 0) as Record<string, unknown>;
  const title = out.title as { subtitle?: unknown } | undefined;
  if (title && typeof title === "object" && Array.isArray(title.subtitle)) {
    const text = (title.subtitle as unknown[]).join(" ");
    const px = Math.round(plotWidth + 40);
    const wrap =
      wrapLine ??
      ((t: string, w: number): string[] => {
        const most = Math.max(12, Math.floor(w / (12 * 0.56)));
        const lines: string[] = [];
        let line = "";
        for (const word of t.split(/[ \t\n]+/).filter((x) => x.length > 0)) {
          const candidate = line ? `${line} ${word}` : word;
          if (line && candidate.length > most) {
            lines.push(line);
            line = word;
          } else line = candidate;
        }
        if (line) lines.push(line);
        return lines;
      });
    out.title = { ...title, subtitle: wrap(text, px) };
  }
  return out;
}
