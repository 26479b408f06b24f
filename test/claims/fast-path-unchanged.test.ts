import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, rrdns } from "../cli-helpers.js";

/**
 * Scenarios without capacity take the fast paths (BurstsInstantVisits, RateInstantVisits); the
 * capacity replay must not change a byte of their results. Each bundled
 * lesson's committed report is its results as of the last regeneration, so a
 * replayed trace and a session workload are run and compared with them.
 */
describe("the fast paths give the committed reports' results byte for byte", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-fast-path-"));
  for (const name of ["replay-real-day", "non-rotating-caches"])
    it(name, () => {
      const out = join(dir, name);
      const r = rrdns(["run", name, "--no-report", "--quiet", "--out", out]);
      expect(r.code, r.stderr).toBe(0);
      const got = readFileSync(join(out, "results.json"));
      const committed = readFileSync(join(ROOT, "reports", name, "results.json"));
      expect(got.equals(committed)).toBe(true);
    });
});
