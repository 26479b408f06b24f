import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readLineBatches } from "../../../src/cli/trace-lines.js";
import { DEFAULT_FIT_OPTIONS, fitLog, fittedScenarioYaml } from "../../../src/fit/index.js";
import { validateFit } from "../../../src/study/fit-validation.js";
import { sampleLines } from "../../trace-helpers.js";

/*
 * Held-out validation (issue 25, docs/fit-validation.md): the shared log's
 * hosts split in two halves, stratified by request count (hosts ranked by
 * their requests, alternate ranks to each half, so each half gets two of the
 * four heavy hosts and a like share of the light ones). The fit sees half A
 * only; its scenario is validated against half B replayed, a log it has
 * never seen. 6 seeds (the standard errors are a tenth of the tolerances
 * or less). Measured with 6 (log / fitted): A → B queries/s 0.005233 / 0.004650
 * (−11.1%); B → A 0.004979 / 0.004783 (−3.9%).
 */
const dir = mkdtempSync(join(tmpdir(), "rrdns-held-out-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function halves(): [string, string] {
  const lines = sampleLines().filter((l) => l.length > 0);
  const host = (l: string) => l.slice(0, l.indexOf(" "));
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(host(l), (counts.get(host(l)) ?? 0) + 1);
  const ranked = [...counts.keys()].sort(
    (a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1),
  );
  const inA = new Set(ranked.filter((_, i) => i % 2 === 0));
  const a = join(dir, "a.log");
  const b = join(dir, "b.log");
  writeFileSync(a, `${lines.filter((l) => inA.has(host(l))).join("\n")}\n`);
  writeFileSync(b, `${lines.filter((l) => !inA.has(host(l))).join("\n")}\n`);
  return [a, b];
}

async function fitAndValidate(fitOn: string, validateOn: string) {
  const fit = await fitLog(() => readLineBatches(fitOn), { ...DEFAULT_FIT_OPTIONS, file: fitOn });
  const yaml = fittedScenarioYaml(fit, {
    servers: 4,
    ttl: 300,
    resolver: "own",
    lookupGap: 300,
    name: "held-out",
  });
  return validateFit(yaml, {
    log: validateOn,
    lines: () => readLineBatches(validateOn),
    format: "clf",
    reorderWindow: 60,
    replications: 6,
    seed: 1,
    grid: false,
    heldOut: true,
  });
}

describe("held-out validation: fitted on half the hosts, validated on the other half", () => {
  // One test per direction: each fits and validates once, so neither comes near the
  // per-test timeout when the cores are shared (they were one test of twice the work).
  const [a, b] = halves();
  // Both directions with the fit's default (the fragments' likelihood with heavy sessions,
  // the quiet pre-roll, the population a mixture of one-shot visitors and regulars with
  // return visits). Measured (6 seeds, log / fitted): A → B max/mean 60 s 1.714 / 1.695,
  // 300 s 1.701 / 1.678, requests per hour 57.9 / 59.5 (level −0.24 s.d.), TTL 3600 s hit
  // ratio 0.0895 / 0.0564, one-session share 0.779 / 0.800; B → A max/mean 1.821 / 1.670
  // (−8.3%), 1.828 / 1.649 (−9.8%), requests per hour 61.1 / 58.2 (+0.81 s.d.), 0.0847 /
  // 0.0612, 0.805 / 0.791. Requests per hour, hour by hour, is judged by the two-sample
  // statistic (`heldOut: true`, src/study/fit-validation.ts hourlyTest): the fitted profile
  // is the other half's, so it carries that half's sampling error as well as the runs'.
  // With every fragment read as a session's start (--no-fragments) the level missed A → B
  // (82 fitted against 58 per hour, −3.4 s.d.); with the return visits' coarse pass on one
  // seed, B → A's 300 s max/mean missed (−10.9%) and its hit ratio (0.0335, −0.051):
  // docs/fit-validation.md.
  for (const [direction, fitOn, other] of [
    ["A → B", a, b],
    ["B → A", b, a],
  ] as const)
    it(`${direction}: queries/s, both max/mean rows, the TTL 3600 s hit ratio, requests per hour (hour by hour and its level, two samples) and who comes (distinct clients, sessions per client, the one-session share) within tolerance`, async () => {
      const v = await fitAndValidate(fitOn, other);
      const lines = v.rows.map(
        (r) =>
          `${r.metric}: ${r.trace.toPrecision(4)} / ${r.fitted.toPrecision(4)} ± ${r.standardError.toPrecision(2)} ${r.degenerate ? "degenerate" : r.pass}`,
      );
      const population =
        /^(distinct clients|sessions per client|share of clients with one session)/;
      const hourly = /^requests per hour/;
      for (const r of v.rows) {
        if (r.degenerate) continue;
        expect(r.pass, lines.join("\n")).toBe(true);
      }
      const perHour = v.rows.filter((r) => hourly.test(r.metric));
      expect(perHour).toHaveLength(2);
      for (const r of perHour) expect(r.metric).toMatch(/two samples/);
      expect(v.rows.filter((r) => population.test(r.metric))).toHaveLength(3);
      // Queries/s, the two max/mean rows, the TTL 3600 s hit ratio and requests per hour (shape, level).
      expect(v.rows.filter((r) => !population.test(r.metric) && !r.degenerate)).toHaveLength(6);
      for (const r of v.rows.filter((x) => population.test(x.metric) || hourly.test(x.metric)))
        console.log(
          `held-out ${r.metric}: ${r.trace} / ${r.fitted} ± ${r.standardError} ${r.pass}`,
        );
    });
});
