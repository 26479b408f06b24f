import type { ScenarioLesson } from "../../scenario/index.js";
import { escapeHtml } from "./escape.js";

/**
 * The lesson of the scenario as run, if its file has one (results of older
 * versions have none). The results schema does not check `scenarioSpec`, so
 * only a lesson of the expected shape is taken.
 */
export function lessonOf(spec: unknown): ScenarioLesson | undefined {
  const field = (spec as { lesson?: unknown } | null | undefined)?.lesson as
    | { claim?: unknown; try?: unknown }
    | undefined;
  if (typeof field?.claim !== "string" || !Array.isArray(field.try)) return undefined;
  const tries = field.try as { change?: unknown; look?: unknown }[];
  const ok = tries.every(
    (t) =>
      typeof t?.look === "string" &&
      typeof t.change === "object" &&
      t.change !== null &&
      Object.values(t.change).every((v) => ["number", "string", "boolean"].includes(typeof v)),
  );
  return ok ? (field as ScenarioLesson) : undefined;
}

/** A change as `rrdns run` flags, as the scenario layer's lessonChangeFlags writes them. */
function flags(change: ScenarioLesson["try"][number]["change"]): string {
  return Object.entries(change)
    .map(([path, value]) => `--set ${path}=${String(value)}`)
    .join(" ");
}

/**
 * The lesson's claim in plain words, and its "try this" list as the
 * commands that run each change, each with what to look for.
 */
export function lessonHtml(name: string, lesson: ScenarioLesson): string {
  const items = lesson.try
    .map(
      (t) =>
        `<li><code>rrdns run ${escapeHtml(name)} ${escapeHtml(flags(t.change))}</code>: ${escapeHtml(t.look)}</li>`,
    )
    .join("\n");
  return `<section class="lesson" aria-labelledby="lesson-title" data-role="lesson">
<p class="lesson-claim"><b id="lesson-title">The lesson.</b> ${escapeHtml(lesson.claim)}</p>
<p class="lesson-try">Try this (each a run of its own; the playground runs it beside this one on the same axes):</p>
<ol class="try">
${items}
</ol>
</section>
`;
}
