import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { onTerminal, rrdnsInProcess } from "../../cli-helpers.js";
import { writeMixtureLog } from "../../unit/fit/recovery-mixture-log.js";

interface FittedClass {
  readonly name: string;
  readonly clients: number;
  readonly revisit?: { readonly probability: number };
}

/*
 * `rrdns fit --mixture-revisit` end to end, on the recovery test's sampled log
 * (returning regulars, q 0.9, and one-shot visitors making 30% of the
 * sessions: test/unit/fit/fit-log.mixture-revisit.test.ts judges the fit itself):
 * the flag reaches the fit (the scenario differs from the default fit's, the
 * regulars refitted), and the fitted scenario keeps the regulars' return
 * visits within a grid step of the truth.
 */
describe("rrdns fit --mixture-revisit (end to end)", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-fit-mixture-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, "mixture.log");
  writeMixtureLog(log);

  function scenarioOf(out: string) {
    const yaml = readFileSync(out, "utf8");
    const scenario = parse(yaml) as { clients: { sessions: { classes: FittedClass[] } } };
    return { yaml, classes: scenario.clients.sessions.classes };
  }

  it("refits the regulars' return visits with the visitors: a different scenario, q within a grid step of 0.9, a bar for each return-visit fit", async () => {
    // On a terminal: each return-visit fit (the first, then each round's refit) counts its runs from 1 on a bar of its own.
    const shown = onTerminal([
      "fit",
      log,
      "--servers",
      "2",
      "--mixture-revisit",
      "-o",
      join(dir, "mixture.yaml"),
    ]);
    const counts = [...shown.matchAll(/(\d+)\/(\d+) return-visit runs \(at most\)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(counts.length, shown).toBeGreaterThan(0);
    for (const [done, atMost] of counts) expect(done, shown).toBeLessThanOrEqual(atMost!);
    const mixture = scenarioOf(join(dir, "mixture.yaml"));
    const out = join(dir, "plain.yaml");
    const r = await rrdnsInProcess(["fit", log, "--servers", "2", "-o", out, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const plain = scenarioOf(out);
    const regulars = mixture.classes.find((c) => c.name === "clients");
    const visitors = mixture.classes.find((c) => c.name === "visitors");
    expect(visitors, mixture.yaml).toBeDefined();
    // The grid's neighbours of 0.9 are 0.85 and 0.925.
    expect(Math.abs(regulars!.revisit!.probability - 0.9)).toBeLessThanOrEqual(0.025 + 1e-12);
    expect(mixture.yaml).not.toBe(plain.yaml);
    // The refit moves the regulars: their return visits or their number (measured with
    // heavy sessions and the fragments' likelihood, the default: q 0.925 and 1,770 clients
    // against 0.85 and 1,742; the visitors 68,760 both).
    const plainRegulars = plain.classes.find((c) => c.name === "clients")!;
    expect([regulars!.revisit!.probability, regulars!.clients]).not.toEqual([
      plainRegulars.revisit!.probability,
      plainRegulars.clients,
    ]);
  });
});
