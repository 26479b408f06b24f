import { documentHead, escapeHtml, inlineScript, jsonForScript } from "../report/index.js";
import { CONTROLS, type Control, GROUPS } from "./controls.js";
import type { Lesson } from "./lessons.js";
import { STYLE } from "./style.js";

/** What the page is made of: the bundled scripts and the lessons to embed. */
export interface PlaygroundParts {
  readonly version: string;
  /** The browser builds of vega, vega-lite and vega-embed (the HTML report's runtime). */
  readonly runtime: {
    readonly vega: string;
    readonly vegaLite: string;
    readonly vegaEmbed: string;
  };
  /** The page's own script, bundled. */
  readonly pageScript: string;
  /** The Web Worker's script, bundled; the page starts it from a Blob URL. */
  readonly workerScript: string;
  readonly lessons: readonly Lesson[];
}

/**
 * No network, whatever is in the page: scripts only inline (vega compiles
 * expressions with Function, hence 'unsafe-eval'), the worker only from the
 * blob: URL the page makes of its own embedded source, nothing to connect to.
 */
const CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; worker-src blob:; style-src 'unsafe-inline'; img-src data: blob:";

/** Simulated seconds per real second offered by the speed control; 0 is as fast as it goes. */
export const SPEEDS: readonly { readonly value: number; readonly label: string }[] = [
  { value: 10, label: "10 s per second" },
  { value: 60, label: "1 min per second" },
  { value: 600, label: "10 min per second" },
  { value: 3600, label: "1 h per second" },
  { value: 0, label: "as fast as possible" },
];

/** A total that is a plain count (no unit). */
function count<Id extends string>(id: Id, label: string) {
  return { id, label, unit: "" } as const;
}

/** The totals each pane shows, in order: field id, label, and where in the results. */
export const TOTALS = [
  count("visits", "Visits"),
  count("requests", "Requests"),
  count("served", "Requests served"),
  count("failedAttempts", "Failed connection attempts"),
  count("failedVisits", "Visits with a failed request"),
  count("authoritativeQueries", "Authoritative DNS queries"),
  { id: "hitRatio", label: "Resolver cache hit ratio", unit: "%" },
  { id: "maxOverMean", label: "Busiest server per window", unit: "× mean" },
  // Shown only when the servers have capacity (the page hides a row whose value is null).
  { id: "p99", label: "Response time, 99th percentile", unit: "s", optional: true },
  { id: "utilisation", label: "Server utilisation", unit: "%", optional: true },
] as const;

/** The charts drawn live, by their names in the report. */
export const LIVE_CHARTS = [
  "served",
  "balance",
  "failures",
  "authoritative",
  // Servers with capacity only: the page empties these when the results have no queueing.
  "response-times",
  "utilisation",
  "errors",
  // Connection pools only (scenario connections): the page empties it for the others.
  "connections",
] as const;

function controlHtml(c: Control): string {
  const id = `control-${c.id}`;
  if (c.kind === "toggle")
    return `<div class="control toggle" data-control="${c.id}"><input type="checkbox" id="${id}"><label for="${id}">${escapeHtml(c.label)}</label></div>`;
  if (c.kind === "choice") {
    const options = c.options
      .map((o) => `<option value="${escapeHtml(o.value)}">${escapeHtml(o.label)}</option>`)
      .join("");
    return `<div class="control" data-control="${c.id}"><label for="${id}">${escapeHtml(c.label)}</label><select id="${id}">${options}</select></div>`;
  }
  return `<div class="control" data-control="${c.id}"><label for="${id}">${escapeHtml(c.label)} <span class="unit">(${escapeHtml(c.unit)})</span></label><input type="number" id="${id}" min="${c.min}" max="${c.max}" step="${c.step}" inputmode="decimal"></div>`;
}

function controlsHtml(): string {
  return GROUPS.map(
    (g) =>
      `<fieldset><legend>${escapeHtml(g)}</legend>\n${CONTROLS.filter((c) => c.group === g)
        .map(controlHtml)
        .join("\n")}\n</fieldset>`,
  ).join("\n");
}

function paneHtml(side: "a" | "b"): string {
  const totals = TOTALS.map(
    (t) =>
      `<div${"optional" in t ? " data-optional hidden" : ""}><dt>${escapeHtml(t.label)}${t.unit ? ` <span class="unit">(${escapeHtml(t.unit)})</span>` : ""}</dt><dd data-field="${t.id}">–</dd></div>`,
  ).join("");
  const charts = LIVE_CHARTS.map(
    (name) => `<div class="chart" id="chart-${side}-${name}" data-chart="${name}"></div>`,
  ).join("");
  return `<section class="pane" id="pane-${side}" aria-labelledby="pane-${side}-title"${side === "b" ? " hidden" : ""}>
<h2 id="pane-${side}-title">${side === "a" ? "This setting" : "B"}</h2>
<p class="setting" data-role="setting"></p>
<p class="progress" role="status" aria-live="polite" data-role="progress">Not started.</p>
<progress max="1" value="0" data-role="bar" aria-label="Simulated time reached"></progress>
<dl class="totals">${totals}</dl>
<div class="charts">${charts}</div>
</section>`;
}

/** The whole playground as one self-contained page. Pure: the same parts give the same bytes. */
export function playgroundHtml(parts: PlaygroundParts): string {
  const lessons = parts.lessons
    .map((l) => `<option value="${escapeHtml(l.name)}">${escapeHtml(l.name)}</option>`)
    .join("");
  const speeds = SPEEDS.map(
    (s) => `<option value="${s.value}"${s.value === 600 ? " selected" : ""}>${s.label}</option>`,
  ).join("");
  return `${documentHead({ csp: CSP, title: "rrdns playground: round-robin DNS, caching and TTLs, live", style: STYLE, version: parts.version })}<header>
<p class="eyebrow">rrdns ${escapeHtml(parts.version)} playground</p>
<h1>Round-robin DNS, live</h1>
<div class="lesson">
<label for="lesson">Lesson</label>
<select id="lesson">${lessons}</select>
</div>
<p class="claim" id="claim"></p>
<p class="look" id="look-at"></p>
<section class="try" id="try" aria-labelledby="try-title" hidden>
<h2 id="try-title">Try this</h2>
<p class="try-how">Each button keeps the lesson as A, runs it with the change as B, and draws both on the same axes.</p>
<ol id="try-list"></ol>
<p class="watch" id="watch" role="status" aria-live="polite" hidden></p>
</section>
<details class="story" id="story" hidden><summary>The whole story</summary><p id="story-text"></p></details>
</header>
<div class="layout">
<aside aria-label="Settings">
<form id="controls" autocomplete="off" novalidate>
${controlsHtml()}
</form>
<div class="files">
<button type="button" id="download">Download YAML</button>
<input type="file" id="upload" accept=".yaml,.yml,.json,text/yaml">
<label class="upload" for="upload">Upload YAML</label>
</div>
<span id="error-home" hidden></span>
<p class="error" id="error" role="alert" hidden></p>
</aside>
<main>
<div class="transport" role="toolbar" aria-label="Run controls">
<button type="button" id="run">Run from the start</button>
<button type="button" id="pause" aria-pressed="false">Pause</button>
<button type="button" id="step">Step one window</button>
<label for="speed">Speed <span class="unit">(simulated time per real second)</span></label>
<select id="speed">${speeds}</select>
</div>
<div class="compare">
<input type="checkbox" id="compare"><label for="compare">Compare: keep the current setting as A, then change the controls for B (both runs use the same random numbers; once both finish, each chart of A and B is drawn on the same axes)</label>
</div>
<div class="panes">
${paneHtml("a")}
${paneHtml("b")}
</div>
</main>
</div>
<script type="application/json" id="rrdns-lessons">${jsonForScript(parts.lessons)}</script>
<script type="text/plain" id="rrdns-worker">${inlineScript(parts.workerScript)}</script>
<script>${inlineScript(parts.runtime.vega)}</script>
<script>${inlineScript(parts.runtime.vegaLite)}</script>
<script>${inlineScript(parts.runtime.vegaEmbed)}</script>
<script>${inlineScript(parts.pageScript)}</script>
</body>
</html>
`;
}
