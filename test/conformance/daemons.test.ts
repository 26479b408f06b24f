import { describe, expect, it } from "vitest";
import { missingBinaries } from "../../src/cli/conformance/daemons.js";
import { runHarness } from "../../src/cli/conformance/harness.js";
import { undocumented } from "../../src/conformance/index.js";
import { REDUCED_PROTOCOL } from "../../src/conformance/types.js";

const missing = missingBinaries();
if (missing.length > 0) {
  console.warn(
    `conformance: skipping the real-daemon tests, not installed: ${missing.join(", ")} (apt-get install bind9 bind9-dnsutils unbound dnsmasq-base pdns-recursor knot-resolver)`,
  );
}

describe.skipIf(missing.length > 0)("conformance with the real daemons (reduced run)", () => {
  it("every preset passes or its deviation is documented", async () => {
    const result = await runHarness({ protocol: REDUCED_PROTOCOL, basePort: 25300 });
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
