import { describe, expect, it } from "vitest";
import {
  applyLessonChange,
  lessonChangeFlags,
  loadScenario,
  UserError,
} from "../../../../src/scenario/index.js";

const withLesson = (tryLines: string) => `name: t
duration: 100
lesson:
  claim: Two servers share the load.
  try:
${tryLines}
servers:
  - address: 10.0.0.2
  - address: 10.0.0.4
dns: { ttl: 60, order: cyclic }
clients: { rate: 10 }
`;

const good = `    - change: { dns.ttl: 5 }
      look: More authoritative queries.
      watch: { metric: authoritativeQueries, goes: up }
`;

function problems(text: string) {
  try {
    loadScenario(text, "s.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).problems;
  }
  throw new Error("expected a UserError");
}

describe("a scenario's lesson field", () => {
  it("loads a claim and its changes, and applies a change like --set", () => {
    const s = loadScenario(withLesson(good), "s.yaml");
    expect(s.lesson?.claim).toBe("Two servers share the load.");
    const t = s.lesson!.try[0]!;
    expect(lessonChangeFlags(t.change)).toBe("--set dns.ttl=5");
    const changed = applyLessonChange(s, t.change);
    expect(changed.ok && changed.scenario.dns.ttl).toBe(5);
    expect(s.dns.ttl).toBe(60);
  });

  it("rejects a change that gives an invalid scenario, naming the change and its line", () => {
    const found = problems(
      withLesson(`    - change: { dns.ttl: -5 }
      look: Fewer queries.
      watch: { metric: authoritativeQueries, goes: down }
`),
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.field).toBe("lesson.try[0].change");
    expect(found[0]!.line).toBe(6);
    expect(found[0]!.message).toMatch(/invalid scenario \(dns\.ttl: /);
  });

  it("rejects a change to a field the scenario has no place for", () => {
    const found = problems(
      withLesson(`    - change: { dns.tll: 5 }
      look: Fewer queries.
      watch: { metric: authoritativeQueries, goes: down }
`),
    );
    expect(found[0]!.field).toBe("lesson.try[0].change");
    expect(found[0]!.message).toMatch(/tll/);
  });

  it("rejects an unknown metric and an unknown direction", () => {
    const found = problems(
      withLesson(`    - change: { dns.ttl: 5 }
      look: More queries.
      watch: { metric: queries, goes: sideways }
`),
    );
    expect(found.map((p) => p.field).sort()).toEqual([
      "lesson.try[0].watch.goes",
      "lesson.try[0].watch.metric",
    ]);
  });
});
