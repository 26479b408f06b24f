/**
 * The playground page's script: the controls, the lessons menu, the URL
 * hash, YAML download and upload, and one Web Worker per pane running the
 * engine. Everything it decides is in the pure modules next door (controls,
 * hash, lessons); this file only wires them to the DOM.
 */
import { stringify } from "yaml";
import type { Results } from "../../metrics/index.js";
import { charts } from "../../report/index.js";
import { loadScenario, type Scenario, UserError } from "../../scenario/index.js";
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

// --- errors ---

function showError(text: string): void {
  const el = $("error");
  el.textContent = text;
  el.hidden = text === "";
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
  if (c.kind === "toggle") c.set(spec, input.checked);
  else if (c.kind === "choice") c.set(spec, input.value);
  else {
    const value = input.value.trim() === "" ? Number.NaN : Number(input.value);
    if (!Number.isFinite(value)) {
      showError(`${c.label}: enter a number (${c.unit})`);
      return;
    }
    c.set(spec, value);
  }
  // The same loader and messages as `rrdns run playground.yaml` after a download.
  try {
    setScenario(loadScenario(stringify(spec), SETTINGS_FILE));
    run();
  } catch (error) {
    showError(messageOf(error));
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
  const { claim, lookAt } = splitClaim(s.description);
  $("claim").textContent = claim;
  $("look-at").textContent = lookAt;
  const lesson = lessons.find((l) => l.name === s.name);
  if (lesson) $<HTMLSelectElement>("lesson").value = lesson.name;
  const hash = encodeHash(s, compareA);
  try {
    history.replaceState(null, "", hash);
  } catch {
    location.hash = hash;
  }
}

function loadLesson(name: string): void {
  const lesson = lessons.find((l) => l.name === name) ?? lessons[0]!;
  compareA = undefined;
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
  pane.worker?.terminate();
  pane.worker = undefined;
  pane.scenario = scenario;
  pane.el.hidden = scenario === undefined;
  if (!scenario) return;
  pane.el.querySelector("h2")!.textContent = title;
  pane.el.querySelector("[data-role=setting]")!.textContent = settingSummary(scenario);
  pane.el.dataset.state = "running";
  pane.lastDrawn = Number.NEGATIVE_INFINITY;
  const worker = new Worker(workerUrl);
  pane.worker = worker;
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    if (pane.worker !== worker) return;
    const m = event.data;
    if (m.type === "error") showError(m.message);
    else frame(pane, m, event.timeStamp);
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
  Promise.all(
    specs.map((c) =>
      vegaEmbed(pane.el.querySelector<HTMLElement>(`[data-chart=${c.name}]`)!, c.spec, {
        renderer: "svg",
        actions: false,
        tooltip: { theme: "light" },
      }),
    ),
  )
    .then((views) => {
      for (const v of old) v.view.finalize();
      pane.views = views;
      if (final && !pane.waiting) pane.el.dataset.charts = "final";
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
