import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, rrdns } from "../cli-helpers.js";
import { HAVE_SAMPLE, SAMPLE_MISSING } from "../trace-helpers.js";

/**
 * Scenarios without capacity take the fast paths (TraceReplay, Visit); the
 * capacity replay must not change a byte of their results. Each bundled
 * lesson's committed report is its results as of the last regeneration, so a
 * replayed trace and a session workload are run and compared with them.
 */
describe("the fast paths give the committed reports' results byte for byte", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-fast-path-"));
  const cases = [
    { name: "replay-real-day", needsSample: true },
    { name: "non-rotating-caches", needsSample: false },
  ];
  for (const { name, needsSample } of cases)
    it.skipIf(needsSample && !HAVE_SAMPLE)(name, () => {
      if (needsSample && !HAVE_SAMPLE) console.warn(SAMPLE_MISSING);
      const out = join(dir, name);
      const r = rrdns(["run", name, "--no-report", "--quiet", "--out", out]);
      expect(r.code, r.stderr).toBe(0);
      const got = readFileSync(join(out, "results.json"));
      const committed = readFileSync(join(ROOT, "reports", name, "results.json"));
      expect(got.equals(committed)).toBe(true);
    });
});
