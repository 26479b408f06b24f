import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Results } from "../../src/metrics/index.js";
import { loadScenario, type Scenario } from "../../src/scenario/index.js";
import { ROOT } from "../cli-helpers.js";
import { shared } from "../run-cache.js";

/*
 * The claims' simulations, each run once per `npm test`: the library's claims
 * (library.test.ts) and the lessons' "try this" lists (lesson-try.test.ts)
 * run many of the same scenarios (every lesson's own run, and changes such as
 * a rotating resolver or a 60 s TTL that a claim compares with too). A run is
 * a pure function of its scenario (seed included), so the key is the whole
 * scenario, written with its keys sorted; the first file to ask runs it, the
 * others read its results (test/run-cache.ts).
 *
 * The simulations run on the built code: dist/, which the claims project's
 * globalSetup builds from these sources when one is newer (test/build-dist.ts),
 * loaded by Node itself (vitest.config.ts: server.deps.external), as `rrdns run`
 * runs them. The same run takes 1.2 to 1.6 times the CPU through vitest's
 * module runner, whose imports are property reads on every call between
 * modules (measured in one worker, src against dist: microsoft-scale 3.08
 * against 2.48 CPU-s, slashdot-eight-servers 2.13 against 1.53,
 * frozen-resolver-overload 2.71 against 1.74). Same code, same numbers:
 * lesson-try.test.ts holds each lesson's run to its committed results.json.
 */
type RunModule = typeof import("../../src/run/index.js");
let built: Promise<RunModule> | undefined;
const runBuilt = async (scenario: Scenario): Promise<Results> => {
  built ??= import(pathToFileURL(join(ROOT, "dist/run/index.js")).href) as Promise<RunModule>;
  return (await built).runScenario(scenario);
};

/** A bundled scenario, as `rrdns run NAME` loads it. */
export const bundled = (name: string): Scenario => {
  const file = join(ROOT, "scenarios", `${name}.yaml`);
  return loadScenario(readFileSync(file, "utf8"), file);
};

/**
 * The scenario as one string: keys sorted, so objects built by spreading and
 * by applying a lesson change compare equal when their fields do. A field set
 * to undefined is written as such (not dropped), so two scenarios share a run
 * only when they hold exactly the same fields.
 */
export function scenarioKey(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : `"${value}"`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(scenarioKey).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${scenarioKey((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}

/** `runScenario(scenario)`, run once per test run across the claims' files. */
export function sharedRun(scenario: Scenario): Promise<Results> {
  return shared(`runScenario ${scenarioKey(scenario)}`, () => runBuilt(scenario));
}
