import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { missingBinaries } from "../../src/cli/conformance/daemons.js";
import { compareAll, type HarnessResult, runHarness } from "../../src/cli/conformance/harness.js";
import { type SettingMeasurement, undocumented } from "../../src/conformance/index.js";
import { REDUCED_PROTOCOL } from "../../src/conformance/types.js";

/*
 * CI runs the reduced harness (`node dist/cli/conformance/main.js --reduced
 * --json FILE`) just before `npm test` and names its file in
 * RRDNS_CONFORMANCE_RUN: the daemons are then measured once, and this test
 * judges that run's measurements against the presets as they are now (as
 * `--from FILE` does) instead of measuring them again for two more minutes.
 * Without the variable it runs the daemons itself.
 */
const saved = process.env.RRDNS_CONFORMANCE_RUN;
const missing = saved ? [] : missingBinaries();
if (missing.length > 0) {
  console.warn(
    `conformance: skipping the real-daemon tests, not installed: ${missing.join(", ")} (apt-get install bind9 bind9-dnsutils unbound dnsmasq-base pdns-recursor knot-resolver)`,
  );
}

/** The reduced run saved in `file`, judged again against the presets as they are now. */
function judged(file: string): HarnessResult {
  const run = JSON.parse(readFileSync(file, "utf8")) as {
    versions: string[];
    measurements: Record<string, SettingMeasurement>;
  };
  return { versions: run.versions, ...compareAll(run.measurements, REDUCED_PROTOCOL, false) };
}

describe.skipIf(missing.length > 0)("conformance with the real daemons (reduced run)", () => {
  it("every preset passes or its deviation is documented", async () => {
    const result = saved
      ? judged(saved)
      : await runHarness({ protocol: REDUCED_PROTOCOL, basePort: 25300 });
    expect(result.rows.length).toBeGreaterThan(150);
    const failing = undocumented(result.rows).map(
      (r) => `${r.setting} · ${r.metric}: real ${r.real}, preset ${r.simulated}`,
    );
    expect(failing).toEqual([]);
    // The behaviours the presets exist for, measured.
    const m = result.measurements;
    expect(m.unbound?.orderCyclic.pattern).toBe("random-offset");
    expect(m.dnsmasq?.orderCyclic.pattern).toBe("rotate-1");
    expect(m["pdns-recursor"]?.orderCyclic.pattern).toBe("frozen");
    expect(m["pdns-recursor"]?.fetchOrder?.pattern).toBe("permutation");
    expect(m.unbound?.fetchOrder?.pattern).toBe("rotation");
    expect(m.dnsmasq?.fetchOrder?.pattern).toBe("upstream");
    expect(m["dnsmasq-stale"]?.lowestTtl).toBe(0);
    expect(m.dnsmasq?.lowestTtl).toBe(1);
    expect(m["unbound-serve-expired"]?.paced?.[0]?.during.every((q) => q.kind === "stale")).toBe(
      true,
    );
    expect(m.dnsmasq?.paced?.[3]?.during.every((q) => q.kind === "held")).toBe(true);
  }, 300_000);
});
