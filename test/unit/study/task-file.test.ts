import { createHash } from "node:crypto";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { METRICS } from "../../../src/run/index.js";
import { UserError } from "../../../src/scenario/index.js";
import {
  parseSetFlag,
  parseTaskFile,
  planId,
  recordLine,
  type SweepPlan,
  samePlan,
  sha256Hex,
  sweepTasks,
  type TaskRecord,
  taskFileText,
} from "../../../src/study/index.js";
import { scenario } from "../../helpers.js";

const plan: SweepPlan = {
  command: "sweep",
  version: "test",
  scenario: scenario(),
  parameters: [parseSetFlag("dns.ttl=30,60")],
  replications: 2,
  seed: 1,
  duration: null,
};
const metricsOf = (task: number): Record<string, number | null> =>
  Object.fromEntries(METRICS.map((m, i) => [m.id, i === 0 ? null : task + i / 10]));
const records: TaskRecord[] = [...sweepTasks(plan)].map((t) => ({
  ...t,
  metrics: metricsOf(t.task),
}));
const id = planId(plan);

/** The UserError a parse throws, for asserting on file, line and message. */
function parseError(text: string, file = "f.jsonl"): UserError {
  try {
    parseTaskFile(text, file);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("parsed without error");
}

describe("task files (sweep.partial.jsonl, shard files)", () => {
  it("round-trip: header with the plan and its id, then one record per line in task order", () => {
    const text = taskFileText(plan, { index: 0, count: 1 }, [...records].reverse());
    const parsed = parseTaskFile(text, "f.jsonl");
    expect(samePlan(parsed.header.plan, plan)).toBe(true);
    expect(parsed.header.planId).toBe(id);
    expect(parsed.header.shard).toEqual({ index: 0, count: 1 });
    expect(parsed.records).toEqual(records);
    expect(parsed.damagedLines).toBe(0);
    // Every record line names its plan.
    for (const line of text.trim().split("\n").slice(1)) expect(JSON.parse(line).plan).toBe(id);
  });

  it("skips a last line torn by an interrupt", () => {
    const text =
      taskFileText(plan, null, records.slice(0, 2)) + recordLine(id, records[2]!).slice(0, 20);
    const parsed = parseTaskFile(text, "f.jsonl");
    expect(parsed.records).toEqual(records.slice(0, 2));
    expect(parsed.damagedLines).toBe(1);
  });

  it("a torn line that is not the last is corruption, not an interrupt", () => {
    const text = `${taskFileText(plan, null, records.slice(0, 1))}{"plan":"ab\n${recordLine(id, records[1]!)}`;
    const e = parseError(text);
    expect(e.problems[0]).toMatchObject({ file: "f.jsonl", line: 3 });
    expect(e.message).toMatch(/^f\.jsonl:3:1: not a JSON record/);
  });

  it("refuses a record of another plan, naming file and line (two sweeps into one file)", () => {
    const other = planId({ ...plan, parameters: [parseSetFlag("resolvers.skew=0.5,1.5")] });
    expect(other).not.toBe(id);
    const text = taskFileText(plan, null, records.slice(0, 2)) + recordLine(other, records[2]!);
    const e = parseError(text, "out/sweep.partial.jsonl");
    expect(e.message).toMatch(/^out\/sweep\.partial\.jsonl:4:1: plan: a record of another sweep/);
  });

  it("refuses malformed records: empty metrics, strings, wrong types, missing or extra fields", () => {
    const good = JSON.parse(recordLine(id, records[1]!));
    const bad: Record<string, unknown>[] = [
      { ...good, metrics: {} },
      { ...good, metrics: { ...good.metrics, "totals.failedVisits": "12" } },
      { ...good, metrics: { ...good.metrics, extra: 1 } },
      { ...good, task: "1" },
      { ...good, seed: -1 },
      { ...good, task: 1.5 },
      { ...good, point: 1 }, // task 1 is point 0
      { ...good, task: 99 }, // beyond the plan
      { ...good, seed: good.seed + 1 },
      { task: good.task, point: good.point, replication: good.replication, seed: good.seed },
    ];
    const head = taskFileText(plan, null, records.slice(0, 1));
    for (const record of bad) {
      const e = parseError(`${head}${JSON.stringify(record)}\n${recordLine(id, records[2]!)}`);
      expect(e.problems[0]!.line, JSON.stringify(record)).toBe(3);
    }
    for (const line of ['"just a string"', "42", "null", "[]"]) {
      expect(parseError(`${head}${line}\n`).problems[0]!.line).toBe(3);
    }
  });

  it("a file without a valid header, or whose plan was edited, is a UserError naming it", () => {
    expect(() => parseTaskFile('{"hello": 1}\n', "junk.jsonl")).toThrow(UserError);
    expect(() => parseTaskFile("", "empty.jsonl")).toThrow(/empty\.jsonl/);
    const text = taskFileText(plan, null, records);
    const edited = text.replace('"replications":2', '"replications":3');
    expect(parseError(edited).message).toMatch(/does not match its id/);
  });

  it("plans compare by content, whatever the key order; the id follows", () => {
    const { seed, ...rest } = plan;
    const reordered = JSON.parse(JSON.stringify({ seed, ...rest })) as SweepPlan;
    expect(samePlan(reordered, plan)).toBe(true);
    expect(planId(reordered)).toBe(id);
    expect(samePlan({ ...plan, replications: 3 }, plan)).toBe(false);
    for (const changed of [
      { ...plan, replications: 3 },
      { ...plan, seed: 2 },
      { ...plan, duration: 100 },
      { ...plan, version: "other" },
      { ...plan, command: "ttl" as const },
      { ...plan, scenario: { ...plan.scenario, name: "x" } },
      { ...plan, parameters: [parseSetFlag("dns.ttl=30,61")] },
    ]) {
      expect(planId(changed)).not.toBe(id);
    }
  });
});

describe("sha256Hex (pure, for the plan id)", () => {
  it("matches node:crypto on known vectors and arbitrary text", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    const node = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");
    // Lengths around the 55/56/64-byte padding boundaries, and non-ASCII text.
    for (const n of [55, 56, 63, 64, 65, 119, 120, 1000]) {
      expect(sha256Hex("x".repeat(n))).toBe(node("x".repeat(n)));
    }
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (s) => sha256Hex(s) === node(s)),
    );
  });
});
