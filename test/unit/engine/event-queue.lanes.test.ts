import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue } from "../../../src/engine/event-queue.js";

/** Pops every event: [time, kind, payload] each. */
function drain(q: EventQueue): number[][] {
  const out: number[][] = [];
  while (q.size > 0) {
    out.push([q.peekTime(), q.peekKind(), q.peekPayload()]);
    q.pop();
  }
  return out;
}

/** One step of a schedule: pop the earliest, or push `delta` after now onto lane `lane` (−1: no lane). */
type Op =
  | { readonly pop: true }
  | { readonly pop: false; readonly lane: number; readonly delta: number };

const ops = (lanes: number) =>
  fc.array(
    fc.oneof(
      fc.constant<Op>({ pop: true }),
      fc.record({
        pop: fc.constant(false as const),
        lane: fc.integer({ min: -1, max: lanes - 1 }),
        // Small integers: many ties, between lanes and with events outside them.
        delta: fc.integer({ min: 0, max: 3 }),
      }),
    ),
    { maxLength: 400 },
  );

describe("EventQueue lanes", () => {
  it("pop in the plain heap's (time, seq) order on any monotone schedule, ties included (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.constant(n), ops(n))),
        ([laneCount, schedule]) => {
          const laned = new EventQueue(1);
          const plain = new EventQueue(1);
          // Lane i carries kind i + 1; events outside lanes kind 0.
          const lanes = Array.from({ length: laneCount }, (_, i) => laned.addLane(i + 1));
          const last = new Array<number>(laneCount).fill(0);
          let now = 0;
          let id = 0;
          for (const op of schedule) {
            if (op.pop) {
              if (plain.size === 0) continue;
              const expected = [plain.peekTime(), plain.peekKind(), plain.peekPayload()];
              expect([laned.peekTime(), laned.peekKind(), laned.peekPayload()]).toEqual(expected);
              now = expected[0]!;
              plain.pop();
              laned.pop();
              continue;
            }
            if (op.lane < 0) {
              const time = now + op.delta;
              plain.push(time, 0, id);
              laned.push(time, 0, id);
            } else {
              // A lane's owner schedules at or after both now and its last event.
              const time = Math.max(now, last[op.lane]!) + op.delta;
              last[op.lane] = time;
              plain.push(time, op.lane + 1, id);
              laned.pushLane(lanes[op.lane]!, time, id);
            }
            id++;
            expect(laned.size).toBe(plain.size);
          }
          expect(drain(laned)).toEqual(drain(plain));
        },
      ),
    );
  });

  it("keep only each lane's head in the heap", () => {
    const q = new EventQueue(4);
    const lane = q.addLane(7);
    for (let i = 0; i < 100; i++) q.pushLane(lane, i, i);
    q.push(50.5, 0, -5);
    expect(q.size).toBe(101);
    expect(q.heapSize).toBe(2);
    const popped = drain(q);
    expect(popped.map((e) => e[2])).toEqual([
      ...Array.from({ length: 51 }, (_, i) => i),
      -5,
      ...Array.from({ length: 49 }, (_, i) => i + 51),
    ]);
    expect(popped[0]![1]).toBe(7);
    // Emptied, the lane takes events again (its head back in the heap).
    q.pushLane(lane, 200, 1);
    expect(q.heapSize).toBe(1);
    expect(drain(q)).toEqual([[200, 7, 1]]);
  });

  it("break a tie in time by seq when a lane's next event moves into the heap", () => {
    // The lane's next event (seq 1) ties at t = 1 with an event outside the lane
    // scheduled after it (seq 2): the lane's goes first. Compared by time
    // alone, the sift would let the other one pass it.
    const a = new EventQueue();
    const la = a.addLane(1);
    a.pushLane(la, 0, 10);
    a.pushLane(la, 1, 11);
    a.push(1, 0, 20);
    expect(drain(a).map((e) => e[2])).toEqual([10, 11, 20]);
    // The other way round: the event outside the lane (seq 1) was scheduled first.
    const b = new EventQueue();
    const lb = b.addLane(1);
    b.pushLane(lb, 0, 10);
    b.push(1, 0, 20);
    b.pushLane(lb, 1, 11);
    expect(drain(b).map((e) => e[2])).toEqual([10, 20, 11]);
    // Two lanes tied at the same time: by the order they were scheduled in.
    const c = new EventQueue();
    const c1 = c.addLane(1);
    const c2 = c.addLane(2);
    c.pushLane(c2, 0, 1);
    c.pushLane(c1, 0, 2);
    c.pushLane(c2, 2, 3);
    c.pushLane(c1, 2, 4);
    c.pushLane(c1, 2, 5);
    c.pushLane(c2, 2, 6);
    expect(drain(c).map((e) => e[2])).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("refuse an event earlier than the lane's last (a bug, not a reorder)", () => {
    const q = new EventQueue();
    const lane = q.addLane(0);
    q.pushLane(lane, 5, 1);
    q.pushLane(lane, 5, 2);
    expect(() => q.pushLane(lane, 4.999, 3)).toThrow(RangeError);
    expect(() => q.pushLane(lane, Number.NaN, 3)).toThrow(RangeError);
    // Still refused once the lane has emptied: its last time stays.
    drain(q);
    expect(() => q.pushLane(lane, 1, 4)).toThrow(RangeError);
    expect(() => q.pushLane(9, 1, 4)).toThrow(RangeError);
    // Other lanes and the heap are not bound by it.
    const other = q.addLane(0);
    q.pushLane(other, 1, 5);
    q.push(0.5, 0, 6);
    expect(drain(q).map((e) => e[2])).toEqual([6, 5]);
  });
});
