import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SessionQueue } from "../../../../src/model/sessions/queue.js";

/**
 * One operation on the queue: push (a time from a few values, so ties are
 * common), or handle the earliest event (take, maybe push its successor,
 * then done), as the workload does.
 */
type Op = { push: number } | { handle: number | null };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ push: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ handle: fc.option(fc.integer({ min: 0, max: 20 })) }),
);

describe("SessionQueue: the engine's (time, insertion) order", () => {
  it("pops in the order of a stable sort by time, with a handled event's successor taking its place", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const q = new SessionQueue();
        // The reference: (time, seq, event) kept sorted.
        const ref: { time: number; seq: number; event: number }[] = [];
        let seq = 0;
        let next = 0;
        const add = (time: number) => {
          const event = next++;
          q.push(time, event);
          ref.push({ time, seq: seq++, event });
          ref.sort((a, b) => a.time - b.time || a.seq - b.seq);
        };
        for (const o of ops) {
          if ("push" in o) {
            add(o.push);
            continue;
          }
          if (ref.length === 0) {
            expect(q.size).toBe(0);
            expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
            continue;
          }
          expect(q.peekTime()).toBe(ref[0]!.time);
          expect(q.take()).toBe(ref[0]!.event);
          const handled = ref.shift()!;
          // A successor never runs before the event that schedules it.
          if (o.handle !== null) add(handled.time + o.handle);
          q.done();
          expect(q.size).toBe(ref.length);
        }
        while (ref.length > 0) {
          expect(q.take()).toBe(ref.shift()!.event);
          q.done();
        }
        expect(q.size).toBe(0);
      }),
    );
  });

  it("reset empties it and restarts the insertion counter", () => {
    const q = new SessionQueue();
    for (let i = 0; i < 300; i++) q.push(i % 3, i);
    q.reset();
    expect(q.size).toBe(0);
    q.push(1, 10);
    q.push(1, 11);
    q.push(0, 12);
    const order: number[] = [];
    while (q.size > 0) {
      order.push(q.take());
      q.done();
    }
    expect(order).toEqual([12, 10, 11]);
  });
});
