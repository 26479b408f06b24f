/** The playground's CSS: settings on the left, the run on the right, two panes side by side when comparing. */
export const STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6577; --line: #d5dae3; --accent: #2457a6; --bad: #a61d24; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: var(--ink); background: #f6f7f9; }
header { padding: 16px 24px 8px; background: #fff; border-bottom: 1px solid var(--line); }
.eyebrow { margin: 0; color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .06em; }
h1 { margin: 2px 0 8px; font-size: 24px; }
.lesson { display: flex; gap: 8px; align-items: center; }
.claim { margin: 8px 0 2px; max-width: 75em; }
.look { margin: 0 0 4px; max-width: 75em; color: var(--accent); }
.claim.lesson-claim { font-size: 17px; font-weight: 600; }
.try[hidden], .story[hidden], .watch[hidden] { display: none; }
.try { max-width: 75em; }
.try h2 { font-size: 16px; margin: 8px 0 2px; }
.try-how { margin: 0 0 4px; color: var(--muted); font-size: 13px; }
.try ol { margin: 0; padding-left: 1.4em; display: grid; gap: 4px; }
.try li button { padding: 2px 8px; margin-right: 6px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
.watch { margin: 6px 0 0; padding: 4px 8px; background: #eef3fb; border-radius: 4px; font-variant-numeric: tabular-nums; }
.story { max-width: 75em; margin: 4px 0; color: var(--muted); font-size: 14px; }
.layout { display: grid; grid-template-columns: 330px minmax(0, 1fr); gap: 16px; padding: 16px 24px; align-items: start; }
aside { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
fieldset { border: 0; border-top: 1px solid var(--line); margin: 0; padding: 8px 0; }
legend { font-weight: 600; padding: 0 4px 0 0; }
.control { display: grid; gap: 2px; margin: 6px 0; }
.control.toggle { grid-template-columns: auto 1fr; align-items: start; gap: 6px; }
.control[hidden] { display: none; }
label { font-size: 14px; }
.unit { color: var(--muted); }
input[type=number], select { font: inherit; padding: 3px 6px; border: 1px solid #aab2c0; border-radius: 4px; background: #fff; min-width: 0; }
button, .upload { font: inherit; padding: 5px 12px; border: 1px solid var(--accent); border-radius: 4px; background: #fff; color: var(--accent); cursor: pointer; }
button#run { background: var(--accent); color: #fff; }
button[aria-pressed=true] { background: #e3ebf8; }
:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.files { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; padding: 8px 0; border-top: 1px solid var(--line); }
#upload { position: absolute; width: 1px; height: 1px; opacity: 0; }
#upload:focus-visible + .upload { outline: 3px solid #f0b429; outline-offset: 2px; }
.error { white-space: pre-wrap; color: var(--bad); font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; background: #fdf0f0; padding: 6px 8px; border-radius: 4px; }
.transport { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.compare { margin: 10px 0; display: flex; gap: 6px; align-items: start; }
.panes { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 16px; }
.pane { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 0; }
.pane[hidden] { display: none; }
/* Results of a setting the controls no longer show (an error stopped the new run). */
.pane[data-stale=true] .totals, .pane[data-stale=true] .charts { opacity: .35; filter: grayscale(1); }
.pane[data-stale=true] .progress::after { content: " Out of date: fix the setting marked in red."; color: var(--bad); }
@media (max-width: 760px) { .layout { grid-template-columns: minmax(0, 1fr); padding: 10px; } .panes { grid-template-columns: minmax(0, 1fr); } header { padding: 12px; } }
.pane h2 { margin: 4px 0; font-size: 18px; }
.setting { margin: 0; color: var(--muted); font-size: 13px; }
.progress { margin: 4px 0 0; font-size: 14px; }
progress { width: 100%; height: 8px; }
.totals { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 6px 16px; margin: 8px 0; }
.totals dt { font-size: 13px; color: var(--muted); }
.totals dd { margin: 0; font-size: 18px; font-variant-numeric: tabular-nums; }
.charts { display: grid; gap: 8px; grid-template-columns: repeat(auto-fill, minmax(min(100%, 480px), 1fr)); }
.totals > div[hidden] { display: none; }
.chart { overflow-x: auto; }
.chart:empty { display: none; }
.chart .vega-embed { display: block; }
.chart svg { max-width: 100%; height: auto; }
`;
