import { describe, expect, it } from "vitest";
import { UserError } from "../../src/scenario/index.js";
import { parseSetFlag } from "../../src/sweep/grid.js";
import { type SweepPlan, samePlan, sweepTasks } from "../../src/sweep/plan.js";
import type { TaskRecord } from "../../src/sweep/run-tasks.js";
import { parseTaskFile, recordLine, taskFileText } from "../../src/sweep/task-file.js";
import { scenario } from "../helpers.js";

const plan: SweepPlan = {
  command: "sweep",
  version: "test",
  scenario: scenario(),
  parameters: [parseSetFlag("dns.ttl=30,60")],
  replications: 2,
  seed: 1,
  duration: null,
};
const records: TaskRecord[] = sweepTasks(plan).map((t) => ({
  ...t,
  metrics: { x: t.task, y: null },
}));

describe("task files (sweep.partial.jsonl, shard files)", () => {
  it("round-trip: header with the plan, then one record per line in task order", () => {
    const text = taskFileText(plan, { index: 0, count: 1 }, [...records].reverse());
    const parsed = parseTaskFile(text, "f.jsonl");
    expect(samePlan(parsed.header.plan, plan)).toBe(true);
    expect(parsed.header.shard).toEqual({ index: 0, count: 1 });
    expect(parsed.records).toEqual(records);
    expect(parsed.damagedLines).toBe(0);
  });

  it("skips a line torn by an interrupt", () => {
    const text =
      taskFileText(plan, null, records.slice(0, 2)) + recordLine(records[2]!).slice(0, 20);
    const parsed = parseTaskFile(text, "f.jsonl");
    expect(parsed.records).toEqual(records.slice(0, 2));
    expect(parsed.damagedLines).toBe(1);
  });

  it("a file without the header is a UserError naming it", () => {
    expect(() => parseTaskFile('{"hello": 1}\n', "junk.jsonl")).toThrow(UserError);
    expect(() => parseTaskFile("", "empty.jsonl")).toThrow(/empty\.jsonl/);
  });

  it("plans compare by content, whatever the key order", () => {
    const { seed, ...rest } = plan;
    const reordered = JSON.parse(JSON.stringify({ seed, ...rest })) as SweepPlan;
    expect(samePlan(reordered, plan)).toBe(true);
    expect(samePlan({ ...plan, replications: 3 }, plan)).toBe(false);
  });
});
