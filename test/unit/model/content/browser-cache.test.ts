import { describe, expect, it } from "vitest";
import { BrowserCache } from "../../../../src/model/index.js";

describe("browser cache and synthetic objects", () => {
  it("evicts the least recently used entry (not the first inserted)", () => {
    const c = new BrowserCache(1, 2);
    c.insert(0, 1, 0);
    c.insert(0, 2, 0);
    expect(c.find(0, 1)).toBeGreaterThanOrEqual(0); // 1 used after 2
    c.insert(0, 3, 0); // evicts 2, the least recently used; FIFO would evict 1
    expect(c.find(0, 1)).toBeGreaterThanOrEqual(0);
    expect(c.find(0, 2)).toBe(-1);
    expect(c.find(0, 3)).toBeGreaterThanOrEqual(0);
  });
});
