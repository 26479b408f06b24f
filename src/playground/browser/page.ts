/**
 * The playground page's script: the controls, the lessons menu, the URL
 * hash, YAML download and upload, and one Web Worker per pane running the
 * engine. Everything it decides is in the pure modules next door (controls,
 * hash, lessons); this file only wires them to the DOM.
 */
import { stringify } from "yaml";
import { LESSON_METRIC_LABELS, lessonMetricValue, type Results } from "../../metrics/index.js";
import { charts, resizeSpec } from "../../report/index.js";
import {
  applyLessonChange,
  type LessonTry,
  loadScenario,
  type Scenario,
  UserError,
} from "../../scenario/index.js";
import { CONTROLS, type Control, copySpec } from "../controls.js";
import { decodeHash, encodeHash } from "../hash.js";
import { LIVE_CHARTS } from "../html.js";
import { type Lesson, splitClaim } from "../lessons.js";
import type { FromWorker, ToWorker } from "../protocol.js";
import { playgroundRefusals } from "../refusals.js";
import { reachedSoFar, settingSummary, totalsOf } from "../summary.js";

interface EmbedResult {
  readonly view: { finalize(): void };
}
declare const vegaEmbed: (el: HTMLElement, spec: unknown, options: unknown) => Promise<EmbedResult>;

/** Milliseconds between chart redraws while running (the totals follow every frame). */
const CHART_MS = 600;
/** The file name control settings are checked under, and downloaded as. */
const SETTINGS_FILE = "playground.yaml";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const lessons = JSON.parse($("rrdns-lessons").textContent ?? "[]") as Lesson[];
const workerUrl = URL.createObjectURL(
  new Blob([$("rrdns-worker").textContent ?? ""], { type: "text/javascript" }),
);

interface Pane {
  readonly side: "a" | "b";
  readonly el: HTMLElement;
  worker?: Worker;
  scenario?: Scenario;
  views: EmbedResult[];
  drawing: boolean;
  /** Compare: the y domains both sides share, by chart name, once both are done. */
  shared?: Map<string, Domains>;
  /** The newest results not drawn yet, while a drawing is in progress. */
  waiting?: Results;
  lastDrawn: number;
}

const panes: Record<"a" | "b", Pane> = {
  a: { side: "a", el: $("pane-a"), views: [], drawing: false, lastDrawn: 0 },
  b: { side: "b", el: $("pane-b"), views: [], drawing: false, lastDrawn: 0 },
};

/** The setting the controls show (B when comparing). */
let current: Scenario;
/** Side A of the compare view, kept as it was when comparing started. */
let compareA: Scenario | undefined;
let paused = false;
/** The lesson change being compared (its index in the lesson's try list), if a button started it. */
let activeTry: number | undefined;
/** The newest results of each pane, for the watched number of a lesson change. */
const latest: Partial<Record<"a" | "b", { results: Results; done: boolean }>> = {};

// --- errors ---

/**
 * Shows an error: under the control that caused it when there is one (the
 * aside's box otherwise), and greys out the results on screen, which are now
 * those of an older setting.
 */
function showError(text: string, control?: HTMLElement): void {
  const el = $("error");
  el.textContent = text;
  el.hidden = text === "";
  const box = control?.closest<HTMLElement>(".control, li");
  if (text !== "" && box) box.after(el);
  else if (text === "") $("error-home").after(el);
  for (const pane of Object.values(panes)) {
    if (text !== "") pane.el.dataset.stale = "true";
    else delete pane.el.dataset.stale;
  }
}

function messageOf(error: unknown): string {
  return error instanceof UserError ? error.format() : String(error);
}

// --- the controls ---

function fillControls(): void {
  const spec = copySpec(current);
  for (const c of CONTROLS) {
    const input = $<HTMLInputElement>(`control-${c.id}`);
    const box = input.closest<HTMLElement>(".control")!;
    box.hidden = c.when ? !c.when(spec) : false;
    if (c.kind === "toggle") input.checked = c.get(spec);
    else input.value = String(c.get(spec));
  }
}

function readControl(c: Control, input: HTMLInputElement): void {
  const spec = copySpec(current);
  // A change event that leaves the setting as it is (a field left by Tab after
  // its change was already taken) must not restart a finished run; after an
  // error it still runs, to clear the error and the greyed-out results.
  const unchanged = (same: boolean) => same && $("error").hidden;
  if (c.kind === "toggle") {
    if (unchanged(input.checked === c.get(current))) return;
    c.set(spec, input.checked);
  } else if (c.kind === "choice") {
    if (unchanged(input.value === c.get(current))) return;
    c.set(spec, input.value);
  } else {
    const value = input.value.trim() === "" ? Number.NaN : Number(input.value);
    if (!Number.isFinite(value)) {
      showError(`${c.label}: enter a number (${c.unit})`, input);
      return;
    }
    if (unchanged(value === c.get(current))) return;
    c.set(spec, value);
  }
  // The same loader and messages as `rrdns run playground.yaml` after a download.
  activeTry = undefined;
  try {
    setScenario(loadScenario(stringify(spec), SETTINGS_FILE));
    run();
  } catch (error) {
    showError(messageOf(error), input);
  }
}

for (const c of CONTROLS) {
  const input = $<HTMLInputElement>(`control-${c.id}`);
  input.addEventListener("change", () => readControl(c, input));
}

// --- the scenario shown ---

function setScenario(s: Scenario): void {
  current = s;
  showError("");
  fillControls();
  showLesson(s);
  const lesson = lessons.find((l) => l.name === s.name);
  if (lesson) $<HTMLSelectElement>("lesson").value = lesson.name;
  const hash = encodeHash(s, compareA);
  try {
    history.replaceState(null, "", hash);
  } catch {
    location.hash = hash;
  }
}

/**
 * The lesson's text: its plain claim and "try this" list when the scenario
 * has them (the description then folds away under "The whole story"), else
 * the description split into its claim and what to look at.
 */
function showLesson(s: Scenario): void {
  const lesson = s.lesson;
  const claim = $("claim");
  claim.classList.toggle("lesson-claim", lesson !== undefined);
  $("try").hidden = lesson === undefined;
  $("story").hidden = lesson === undefined || s.description.trim() === "";
  if (!lesson) {
    const { claim: text, lookAt } = splitClaim(s.description);
    claim.textContent = text;
    $("look-at").textContent = lookAt;
    return;
  }
  claim.textContent = lesson.claim;
  $("look-at").textContent = "";
  $("story-text").textContent = s.description;
  $("try-list").replaceChildren(
    ...lesson.try.map((t, i) => {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.try = String(i);
      button.setAttribute("aria-pressed", String(activeTry === i));
      button.textContent = changeLabel(t);
      button.addEventListener("click", () => tryChange(i, button));
      li.append(button, document.createTextNode(t.look));
      return li;
    }),
  );
  showWatch();
}

/** A change as the button shows it: `dns.ttl = 60, resolvers.behaviour = frozen`. */
function changeLabel(t: LessonTry): string {
  return Object.entries(t.change)
    .map(([path, value]) => `${path} = ${String(value)}`)
    .join(", ");
}

/**
 * Runs a lesson change against the lesson: A is the lesson as it was (the
 * compare side already kept, or the setting shown), B the lesson with the
 * change, on the same random numbers and, once done, the same axes.
 */
function tryChange(i: number, button: HTMLElement): void {
  const base = compareA ?? current;
  const t = base.lesson?.try[i];
  if (!t) return;
  const changed = applyLessonChange(base, t.change);
  if (!changed.ok) {
    showError(new UserError(changed.problems).format(), button);
    return;
  }
  activeTry = i;
  compareA = base;
  $<HTMLInputElement>("compare").checked = true;
  setScenario(changed.scenario);
  run();
}

/** The number the active change watches, A against B, and whether it moved as the lesson says. */
function showWatch(): void {
  const el = $("watch");
  const t = activeTry === undefined ? undefined : current.lesson?.try[activeTry];
  const a = latest.a;
  const b = latest.b;
  if (!t || compareA === undefined || !a || !b) {
    el.hidden = true;
    return;
  }
  const va = lessonMetricValue(a.results, t.watch.metric);
  const vb = lessonMetricValue(b.results, t.watch.metric);
  const done = a.done && b.done;
  const moved =
    va !== null && vb !== null && (t.watch.goes === "up" ? vb > va : vb < va)
      ? `: ${t.watch.goes}, as the lesson says`
      : "";
  el.hidden = false;
  el.dataset.done = String(done);
  el.textContent = `${capitalised(LESSON_METRIC_LABELS[t.watch.metric])}: A ${shown(va)} → B ${shown(vb)}${done ? moved : " (running)"}.`;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function shown(x: number | null): string {
  if (x === null) return "none";
  if (Number.isInteger(x)) return x.toLocaleString("en-US");
  return Number(x.toPrecision(3)).toLocaleString("en-US");
}

function loadLesson(name: string): void {
  const lesson = lessons.find((l) => l.name === name) ?? lessons[0]!;
  compareA = undefined;
  activeTry = undefined;
  $<HTMLInputElement>("compare").checked = false;
  setScenario(loadScenario(lesson.text, `${lesson.name}.yaml`));
  run();
}

$<HTMLSelectElement>("lesson").addEventListener("change", (e) =>
  loadLesson((e.target as HTMLSelectElement).value),
);

// --- running ---

function speed(): number {
  return Number($<HTMLSelectElement>("speed").value);
}

function send(message: ToWorker): void {
  for (const pane of Object.values(panes)) pane.worker?.postMessage(message);
}

function start(pane: Pane, scenario: Scenario | undefined, title: string): void {
  delete latest[pane.side];
  pane.worker?.terminate();
  pane.worker = undefined;
  pane.scenario = scenario;
  pane.el.hidden = scenario === undefined;
  if (!scenario) return;
  pane.el.querySelector("h2")!.textContent = title;
  pane.el.querySelector("[data-role=setting]")!.textContent = settingSummary(scenario);
  pane.el.dataset.state = "running";
  delete pane.el.dataset.axes;
  delete pane.el.dataset.stale;
  pane.shared = undefined;
  delete finalResults[pane.side];
  pane.lastDrawn = Number.NEGATIVE_INFINITY;
  const worker = new Worker(workerUrl);
  pane.worker = worker;
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    if (pane.worker !== worker) return;
    const m = event.data;
    if (m.type === "error") showError(m.message);
    else {
      frame(pane, m, event.timeStamp);
      latest[pane.side] = { results: m.results, done: m.done };
      showWatch();
    }
  };
  worker.postMessage({ type: "start", scenario, speed: speed(), paused } satisfies ToWorker);
}

function run(): void {
  const comparing = compareA !== undefined;
  start(panes.a, compareA ?? current, comparing ? "A" : "This setting");
  start(panes.b, comparing ? current : undefined, "B");
}

/** `at`: when the frame arrived (the event's time stamp, ms), to pace the chart redraws. */
function frame(pane: Pane, m: Extract<FromWorker, { type: "frame" }>, at: number): void {
  pane.el.dataset.state = m.done ? "done" : m.paused ? "paused" : "running";
  pane.el.dataset.longestSliceMs = String(Math.round(m.longestSliceMs));
  pane.el.dataset.slices = String(m.slices);
  pane.el.dataset.slowSlices = String(m.slowSlices);
  const bar = pane.el.querySelector<HTMLProgressElement>("[data-role=bar]")!;
  bar.value = m.horizon > 0 ? m.now / m.horizon : 1;
  pane.el.querySelector("[data-role=progress]")!.textContent =
    `${m.done ? "Done" : m.paused ? "Paused" : "Running"}: ${Math.round(m.now).toLocaleString("en-US")} s of ${m.horizon.toLocaleString("en-US")} s simulated.`;
  for (const t of totalsOf(m.results)) {
    const dd = pane.el.querySelector<HTMLElement>(`[data-field=${t.id}]`)!;
    dd.textContent = t.text;
    dd.dataset.value = String(t.value);
    // The capacity totals (p99, utilisation) only where the servers have capacity.
    const row = dd.parentElement!;
    if (row.hasAttribute("data-optional")) row.hidden = t.value === null;
  }
  if (m.done || m.paused || at - pane.lastDrawn >= CHART_MS) {
    pane.lastDrawn = at;
    draw(pane, m.done ? m.results : reachedSoFar(m.results, m.now), m.done);
  }
}

/** A chart spec redrawn at the width of its box in the pane (its axes take about 90 px). */
function fitted(pane: Pane, name: string, spec: Record<string, unknown>): Record<string, unknown> {
  const box = pane.el.querySelector<HTMLElement>(`[data-chart=${name}]`)!;
  const width = box.clientWidth || pane.el.clientWidth - 24;
  return resizeSpec(spec, Math.max(160, width - 100));
}

/** The y scales' domains of a drawn chart, by scale name ("y", "concat_1_y" …). */
type Domains = Record<string, [number, number]>;
const finalDomains: Record<"a" | "b", Map<string, Domains>> = { a: new Map(), b: new Map() };
const finalResults: Partial<Record<"a" | "b", Results>> = {};

function yDomains(view: EmbedResult["view"]): Domains {
  const out: Domains = {};
  const v = view as unknown as { scale(name: string): { domain(): unknown[] } | undefined };
  const names = ["y", ...Array.from({ length: 6 }, (_, i) => `concat_${i}_y`)];
  for (const name of names) {
    try {
      const d = v.scale(name)?.domain();
      if (d && d.length >= 2 && typeof d[0] === "number")
        out[name] = [Number(d[0]), Number(d[d.length - 1])];
    } catch {
      // No such scale in this chart.
    }
  }
  return out;
}

/** Sets a y domain on every layer of a (possibly concatenated) chart spec: A and B share their axes. */
function withDomains(spec: Record<string, unknown>, domains: Domains): Record<string, unknown> {
  const setY = (
    node: Record<string, unknown>,
    domain: [number, number],
  ): Record<string, unknown> => {
    const out = { ...node };
    const enc = out.encoding as Record<string, Record<string, unknown>> | undefined;
    if (enc?.y && (enc.y.field !== undefined || enc.y.datum !== undefined))
      out.encoding = {
        ...enc,
        y: { ...enc.y, scale: { ...((enc.y.scale as object) ?? {}), domain, nice: false } },
      };
    if (Array.isArray(out.layer))
      out.layer = (out.layer as Record<string, unknown>[]).map((l) => setY(l, domain));
    return out;
  };
  let out = spec;
  if (domains.y) out = setY(out, domains.y);
  if (Array.isArray(out.vconcat))
    out = {
      ...out,
      vconcat: (out.vconcat as Record<string, unknown>[]).map((child, i) => {
        const d = domains[`concat_${i}_y`];
        return d ? setY(child, d) : child;
      }),
    };
  return out;
}

/** Once both sides of a comparison are done: redraw both with each chart's y axes made the same. */
function shareAxes(): void {
  if (compareA === undefined || !finalResults.a || !finalResults.b) return;
  const shared = new Map<string, Domains>();
  for (const [name, a] of finalDomains.a) {
    const b = finalDomains.b.get(name);
    if (!b) continue;
    const d: Domains = {};
    for (const key of Object.keys(a))
      if (b[key]) d[key] = [Math.min(a[key]![0], b[key]![0]), Math.max(a[key]![1], b[key]![1])];
    shared.set(name, d);
  }
  for (const side of ["a", "b"] as const) {
    const pane = panes[side];
    pane.shared = shared;
    draw(pane, finalResults[side]!, true);
  }
}

/** Redraws the pane's charts; while a drawing runs, only the newest results wait. */
function draw(pane: Pane, results: Results, final: boolean): void {
  if (pane.drawing) {
    pane.waiting = results;
    return;
  }
  pane.drawing = true;
  delete pane.el.dataset.charts;
  const specs = charts(results, { interactive: true }).filter((c) =>
    (LIVE_CHARTS as readonly string[]).includes(c.name),
  );
  const old = pane.views;
  // A chart the results do not have (the queueing ones without capacity) leaves its place empty.
  for (const name of LIVE_CHARTS)
    if (!specs.some((c) => c.name === name))
      pane.el.querySelector<HTMLElement>(`[data-chart=${name}]`)!.replaceChildren();
  const shared = final ? pane.shared : undefined;
  Promise.all(
    specs.map((c) =>
      vegaEmbed(
        pane.el.querySelector<HTMLElement>(`[data-chart=${c.name}]`)!,
        fitted(
          pane,
          c.name,
          shared?.get(c.name) ? withDomains(c.spec, shared.get(c.name)!) : c.spec,
        ),
        {
          renderer: "svg",
          actions: false,
          tooltip: { theme: "light" },
        },
      ),
    ),
  )
    .then((views) => {
      for (const v of old) v.view.finalize();
      pane.views = views;
      if (final && !pane.waiting) {
        if (shared) {
          pane.el.dataset.charts = "final";
          pane.el.dataset.axes = "shared";
        } else {
          finalDomains[pane.side] = new Map(
            specs.map((c, i) => [c.name, yDomains(views[i]!.view)]),
          );
          finalResults[pane.side] = results;
          if (compareA !== undefined && finalResults.a && finalResults.b) shareAxes();
          else pane.el.dataset.charts = "final";
        }
      }
    })
    .catch((error: unknown) => showError(`A chart could not be drawn: ${String(error)}`))
    .finally(() => {
      pane.drawing = false;
      const next = pane.waiting;
      pane.waiting = undefined;
      if (next) draw(pane, next, pane.el.dataset.state === "done");
    });
}

$("run").addEventListener("click", () => run());
$("pause").addEventListener("click", () => {
  paused = !paused;
  $("pause").setAttribute("aria-pressed", String(paused));
  $("pause").textContent = paused ? "Resume" : "Pause";
  send(paused ? { type: "pause" } : { type: "resume" });
});
$("step").addEventListener("click", () => {
  paused = true;
  $("pause").setAttribute("aria-pressed", "true");
  $("pause").textContent = "Resume";
  send({ type: "step", seconds: current.window });
});
$("speed").addEventListener("change", () => send({ type: "speed", speed: speed() }));

$<HTMLInputElement>("compare").addEventListener("change", (e) => {
  compareA = (e.target as HTMLInputElement).checked ? current : undefined;
  activeTry = undefined;
  setScenario(current);
  run();
});

// --- files ---

$("download").addEventListener("click", () => {
  const text = `# rrdns scenario from the playground: rrdns run ${current.name}.yaml\n${stringify(current)}`;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "text/yaml" }));
  a.download = `${current.name}.yaml`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
});

$<HTMLInputElement>("upload").addEventListener("change", async (e) => {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = "";
  if (!file) return;
  try {
    setScenario(loadScenario(await file.text(), file.name, playgroundRefusals));
    run();
  } catch (error) {
    showError(messageOf(error));
  }
});

// --- start: the link's scenario, or the first lesson ---

function boot(): void {
  const state = decodeHash(location.hash);
  if (state.scenario) {
    try {
      compareA = state.compare
        ? loadScenario(state.compare, "the link (compare)", playgroundRefusals)
        : undefined;
      $<HTMLInputElement>("compare").checked = compareA !== undefined;
      setScenario(loadScenario(state.scenario, "the link (scenario)", playgroundRefusals));
      run();
      return;
    } catch (error) {
      compareA = undefined;
      loadLesson(lessons.find((l) => l.name === "default")?.name ?? lessons[0]!.name);
      showError(messageOf(error));
      return;
    }
  }
  loadLesson(lessons.find((l) => l.name === "default")?.name ?? lessons[0]!.name);
}

boot();
