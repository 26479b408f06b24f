import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue } from "../../../src/engine/event-queue.js";

describe("EventQueue", () => {
  it("pops events in time order, ties in insertion order", () => {
    const q = new EventQueue(2);
    q.push(5, 0, 1);
    q.push(1, 0, 2);
    q.push(5, 0, 3);
    q.push(3, 0, 4);
    q.push(1, 0, 5);
    const log: number[] = [];
    while (q.size > 0) {
      log.push(q.peekPayload());
      q.pop();
    }
    expect(log).toEqual([2, 5, 4, 1, 3]);
  });

  it("matches a stable sort for any sequence of times (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue(1);
        times.forEach((t, i) => {
          q.push(t, 0, i);
        });
        const popped: number[] = [];
        while (q.size > 0) {
          popped.push(q.peekPayload());
          q.pop();
        }
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
        expect(popped).toEqual(expected.map((e) => e.i));
      }),
    );
  });

  it("pops the earliest (time, insertion) under any interleaving of pushes and pops, through growth (property)", () => {
    // Slots are freed by pops and taken again by pushes, and the heap grows
    // while every slot is in use: each pop must still be a sorted model's minimum.
    // Pops often and small delays (many ties): a freed slot goes to a later event.
    const step = fc.oneof(
      { arbitrary: fc.constant(-1), weight: 2 },
      { arbitrary: fc.integer({ min: 0, max: 2 }), weight: 3 },
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), (steps) => {
        const q = new EventQueue(1);
        const model: { t: number; i: number }[] = [];
        let now = 0;
        steps.forEach((s, i) => {
          if (s >= 0) {
            q.push(now + s, s % 3, i);
            model.push({ t: now + s, i });
            return;
          }
          if (model.length === 0) {
            expect(q.size).toBe(0);
            return;
          }
          model.sort((a, b) => a.t - b.t || a.i - b.i);
          const first = model.shift()!;
          expect([q.peekTime(), q.peekPayload()]).toEqual([first.t, first.i]);
          now = first.t;
          q.pop();
          expect(q.size).toBe(model.length);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("reports Infinity and -1 when empty", () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(q.peekKind()).toBe(-1);
  });
});
