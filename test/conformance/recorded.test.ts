import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SETTINGS } from "../../src/cli/conformance/harness.js";
import {
  compareSetting,
  measurePreset,
  REDUCED_PROTOCOL,
  type SettingMeasurement,
  undocumented,
} from "../../src/conformance/index.js";

/**
 * The real daemons as one reduced harness run measured them (fixtures/,
 * written by `--json`), against the presets as they are now: every row must
 * pass or be a documented deviation. This runs in a second without daemons,
 * so a change to a preset that the real daemon contradicts (PowerDNS keeping
 * the upstream order, Unbound answering at once in an outage, dnsmasq not
 * holding queries…) fails here as well as in the harness.
 */
const recorded = JSON.parse(
  readFileSync(new URL("./fixtures/measured-reduced.json", import.meta.url), "utf8"),
) as { measurements: Record<string, SettingMeasurement> };

describe("presets against recorded real measurements", () => {
  for (const spec of SETTINGS) {
    it(`${spec.id}: every row passes or is a known deviation`, () => {
      const real = recorded.measurements[spec.id]!;
      const rows = compareSetting(spec, real, measurePreset(spec.preset, REDUCED_PROTOCOL), {
        full: false,
      });
      expect(rows.length).toBeGreaterThanOrEqual(20);
      const failing = undocumented(rows).map((r) => `${spec.id} · ${r.metric}`);
      expect(failing).toEqual([]);
    });
  }

  it("the rows can fail: PowerDNS's fetches against a preset that keeps the upstream order", () => {
    const spec = SETTINGS.find((s) => s.id === "pdns-recursor")!;
    const real = recorded.measurements[spec.id]!;
    expect(real.fetchOrder?.pattern).toBe("permutation");
    const rows = compareSetting(spec, real, measurePreset("frozen", REDUCED_PROTOCOL));
    const fetch = rows.find((r) => r.metric === "fetch answer vs upstream order")!;
    expect(fetch.verdict).toBe("fail");
    expect(fetch.simulated).toMatch(/^upstream/);
  });
});
