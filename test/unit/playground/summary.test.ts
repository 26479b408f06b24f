import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolverText, settingSummary } from "../../../src/playground/summary.js";
import { runScenario } from "../../../src/run/index.js";
import { loadScenario } from "../../../src/scenario/index.js";
import { ROOT } from "../../cli-helpers.js";

const bundled = (name: string) => {
  const file = join(ROOT, "scenarios", `${name}.yaml`);
  return loadScenario(readFileSync(file, "utf8"), file);
};

const lessons = readdirSync(join(ROOT, "scenarios"))
  .filter((f) => f.endsWith(".yaml"))
  .filter((f) => !/^\s+trace:/m.test(readFileSync(join(ROOT, "scenarios", f), "utf8")))
  .map((f) => f.replace(/\.yaml$/, ""));

describe("the playground's setting line", () => {
  it("names the resolvers a lesson really runs (explicit weights, not the default count)", () => {
    expect(settingSummary(bundled("non-rotating-caches"))).toContain(
      "· 12 resolvers (pdns-recursor)",
    );
    expect(settingSummary(bundled("frozen-resolver-overload"))).toContain("· 11 resolvers (");
    expect(settingSummary(bundled("default"))).toContain("· 1,000 resolvers (");
  });

  it("says for every lesson the resolver count the run reports", () => {
    for (const name of lessons) {
      const s = bundled(name);
      // Two windows are enough: the resolvers exist from the start.
      const r = runScenario({ ...s, duration: 2 * s.window, warmup: 0, failures: [] });
      const shown = Number(/^([\d,]+) /.exec(resolverText(s))![1]!.replace(/,/g, ""));
      expect(shown, name).toBe(r.dns.resolvers);
    }
  });

  it("counts the clients' own resolvers of a session workload", () => {
    const s = bundled("non-rotating-caches");
    const classes = s.clients.sessions!.classes.map((c) => ({ ...c, resolver: "own" as const }));
    const own = { ...s, clients: { ...s.clients, sessions: { ...s.clients.sessions!, classes } } };
    expect(resolverText(own)).toBe("20,000 resolvers, one per client");
  });
});
