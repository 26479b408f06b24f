import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HostIndex } from "../../../src/logs/index.js";

describe("host index: hosts looked up in place", () => {
  it("numbers hosts by first appearance and finds them inside any string, like a Map (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-c0-9.:]{1,14}$/), { minLength: 1, maxLength: 3000 }),
        (hosts) => {
          const index = new HostIndex();
          const map = new Map<string, number>();
          for (const h of hosts) {
            const line = `${h} - - [rest]`;
            if (!map.has(h)) map.set(h, map.size);
            expect(index.intern(line, 0, h.length)).toBe(map.get(h));
          }
          expect(index.hosts).toEqual([...map.keys()]);
          for (const [h, i] of map) expect(index.find(`xx${h}yy`, 2, 2 + h.length)).toBe(i);
          expect(index.find("not-there", 0, 9)).toBe(-1);
          expect(index.get(hosts[0]!)).toBe(0);
        },
      ),
      { numRuns: 50 },
    );
  });
});
