import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { onTerminal } from "../../cli-helpers.js";
import { writeMixtureLog } from "../../unit/fit/recovery-mixture-log.js";

interface FittedClass {
  readonly name: string;
  readonly clients: number;
  readonly revisit?: { readonly probability: number };
}

/*
 * `rrdns fit --mixture-revisit` end to end, on the recovery test's sampled log
 * (returning regulars, q 0.9, and one-shot visitors making 30% of the
 * sessions: test/unit/fit/fit-log.mixture-revisit.test.ts judges the fit itself,
 * and that the refit moves the regulars from the default fit's): the flag
 * reaches the fit (a second return-visit fit, a bar of its own counting from 1
 * again: the default fit runs one), and the fitted scenario keeps the
 * regulars' return visits within a grid step of the truth.
 */
describe("rrdns fit --mixture-revisit (end to end)", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-fit-mixture-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, "mixture.log");
  writeMixtureLog(log);

  it("refits the regulars' return visits with the visitors: a bar for each return-visit fit (more than one), q within a grid step of 0.9, the gap's estimate at the grid's edge said", () => {
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
    // A bar that starts again: a count below the one before it (the refit's first runs).
    const restarts = counts.filter((c, i) => i > 0 && c[0]! < counts[i - 1]![0]!);
    expect(restarts.length, shown).toBeGreaterThan(0);
    const yaml = readFileSync(join(dir, "mixture.yaml"), "utf8");
    const classes = (parse(yaml) as { clients: { sessions: { classes: FittedClass[] } } }).clients
      .sessions.classes;
    const regulars = classes.find((c) => c.name === "clients");
    expect(
      classes.find((c) => c.name === "visitors"),
      yaml,
    ).toBeDefined();
    // The grid's neighbours of 0.9 are 0.85 and 0.925.
    expect(Math.abs(regulars!.revisit!.probability - 0.9)).toBeLessThanOrEqual(0.025 + 1e-12);
    // The regulars' gaps (450 s) come out at the grid's shortest, 300 s: said on stderr.
    expect(shown).toContain(
      "note: the return visits of clients are at the grid's edge: the estimate is the shortest mean gap (300 s) (a bound, not a value",
    );
  });
});
