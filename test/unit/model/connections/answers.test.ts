import { describe, expect, it } from "vitest";
import { AnswerVersions, answerTtl } from "../../../../src/model/connections/answers.js";
import { poolScenario, servers } from "./pool-helpers.js";

const CONNECTIONS = { runtime: "glibc", clients: 10, rate: 1 } as const;

const lists = (v: AnswerVersions): number[][] => v.lists.map((l) => Array.from(l));
const members = (v: AnswerVersions): number[][] => v.members.map((m) => Array.from(m));

describe("the DNS answer's versions", () => {
  it("without changes: one version, every server, in scenario order", () => {
    const v = new AnswerVersions(poolScenario(CONNECTIONS));
    expect(lists(v)).toEqual([[0, 1, 2, 3]]);
    expect(members(v)).toEqual([[1, 1, 1, 1]]);
    expect([v.initial, v.changeTimes, v.entries]).toEqual([0, [], []]);
  });

  it("scheduled changes: a server a change adds is out of version 0, each change a new version", () => {
    const v = new AnswerVersions(
      poolScenario(CONNECTIONS, {
        servers: servers(5),
        pool: {
          changes: [
            { at: 100, add: ["10.0.0.5"] },
            { at: 200, remove: ["10.0.0.1", "10.0.0.3"] },
            { at: 300, remove: ["10.0.0.5"] },
          ],
        },
      }),
    );
    expect(lists(v)).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 3, 4],
      [1, 3, 4],
      [1, 3],
    ]);
    expect(members(v)[2]).toEqual([0, 1, 0, 1, 1]);
    expect(v.changeTimes).toEqual([100, 200, 300]);
    // One entry per server moved, in change order, each tagged with its version.
    expect(v.entries).toEqual([
      { at: 100, kind: "add", server: 4 },
      { at: 200, kind: "remove", server: 0 },
      { at: 200, kind: "remove", server: 2 },
      { at: 300, kind: "remove", server: 4 },
    ]);
    expect(v.entryVersion).toEqual([1, 2, 2, 3]);
    expect(v.initial).toBe(0);
    // Every version's list is exactly its members, and the tables are copies.
    v.lists.forEach((l, k) => {
      expect(Array.from(l)).toEqual(
        Array.from(v.members[k]!.keys()).filter((i) => v.members[k]![i] === 1),
      );
    });
    expect(new Set(v.members.map((m) => m.buffer)).size).toBe(v.members.length);
  });

  it("an autoscaled pool: version k is the first k servers, starting at initial (else min)", () => {
    const auto = { capacity: 100, target: 0.7, min: 2, max: 4 };
    const v = new AnswerVersions(
      poolScenario(CONNECTIONS, { servers: servers(5), pool: { autoscale: auto } }),
    );
    expect(lists(v)).toEqual([[], [0], [0, 1], [0, 1, 2], [0, 1, 2, 3]]);
    expect(v.initial).toBe(2);
    expect([v.entries, v.changeTimes]).toEqual([[], []]);
    const started = new AnswerVersions(
      poolScenario(CONNECTIONS, {
        servers: servers(5),
        pool: { autoscale: { ...auto, initial: 3 } },
      }),
    );
    expect(started.initial).toBe(3);
  });
});

describe("answerTtl", () => {
  it("is pool.answerTtl when set, else dns.ttl, else the middle of its uniform range", () => {
    expect(answerTtl(poolScenario(CONNECTIONS))).toBe(5);
    expect(answerTtl(poolScenario(CONNECTIONS, { pool: { answerTtl: 42 } }))).toBe(42);
    expect(answerTtl(poolScenario(CONNECTIONS, { dns: { ttl: { uniform: [10, 50] } } }))).toBe(30);
  });
});
