import { escapeHtml } from "./escape.js";

/** What every rrdns page's <head> says: its content policy, title, style and (optionally) generator. */
export interface DocumentHead {
  /** The Content-Security-Policy, written as given (a constant of the page, not user text). */
  readonly csp: string;
  /** Page title, escaped here. */
  readonly title: string;
  /** Inline stylesheet (a constant of the page). */
  readonly style: string;
  /** rrdns version for the generator meta tag; omitted when undefined. */
  readonly version?: string;
}

/**
 * The opening of a self-contained page up to <body>: the same head for the
 * run report, the sweep and TTL pages and the playground, so the three pages
 * share one offline policy and one viewport rule.
 */
export function documentHead(h: DocumentHead): string {
  const generator =
    h.version === undefined
      ? ""
      : `<meta name="generator" content="rrdns ${escapeHtml(h.version)}">\n`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h.csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${generator}<title>${escapeHtml(h.title)}</title>
<style>${h.style}</style>
</head>
<body>
`;
}
