import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rrdnsInProcess } from "../../cli-helpers.js";
import { clf, T0 } from "../../unit/model/content-helpers.js";

/** A scenario replaying `log` with `extra` YAML appended. */
function scenarioFile(dir: string, name: string, extra: string, trace = true): string {
  const path = join(dir, `${name}.yaml`);
  const clients = trace
    ? `clients: { rate: 0, selection: random, trace: { file: a.log, thinkTime: 10, resolvers: { rule: host } } }`
    : "clients: { rate: 5 }";
  writeFileSync(
    path,
    `name: ${name}\nduration: 7200\nwindow: 600\nstart: cold\nservers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }, { address: 10.0.0.3 }]\ndns: { ttl: 3600 }\nresolvers: { count: 20, behaviour: frozen }\n${clients}\n${extra}`,
  );
  return path;
}

describe("rrdns run with fragmentation and content", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-content-"));
  // 30 hosts, each fetching the same three paths every two minutes for an hour.
  const lines: string[] = [];
  for (let k = 0; k < 30; k++)
    for (let h = 0; h < 30; h++)
      for (let p = 0; p < 3; p++)
        lines.push(clf(`10.7.0.${h}`, T0 + k * 120 + h + p * 0.1, `/p${p}`, 2000 + p));
  writeFileSync(join(dir, "a.log"), `${lines.join("\n")}\n`);

  it("writes the fragmentation and content blocks, prints their summary lines and charts them", async () => {
    const s = scenarioFile(
      dir,
      "both",
      "fragmentation: { sessionGap: 1800 }\ncontent: { skewed: [10.0.0.3], browserCache: 10 }\n",
    );
    const out = join(dir, "out");
    const r = await rrdnsInProcess(["run", s, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /sessions \(gap 1,800 s\): 30, fragmented .*; consecutive visits on another server .* of 870/,
    );
    expect(r.stdout).toMatch(
      /content \(skewed on 10\.0\.0\.3, 3 objects, 10 per browser\): 90 first fetches, 2,610 repeats/,
    );
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.fragmentation.visitPairs).toBe(30 * 29);
    expect(results.content.firstFetches + results.content.repeats).toBe(results.totals.served);
    expect(results.content.servers[2].redownloads).toBeGreaterThan(0);
    expect(existsSync(join(out, "charts", "fragmentation.svg"))).toBe(true);
    expect(existsSync(join(out, "charts", "content.svg"))).toBe(true);
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toContain(
      "<caption>Sessions (gaps below 1,800 s; visits: gaps below 10 s)</caption>",
    );
    expect(html).toContain("10.0.0.3 (own Last-Modified)");
    // rrdns report reads the blocks back (the results schema accepts them).
    const again = await rrdnsInProcess([
      "report",
      join(out, "results.json"),
      "--out",
      join(dir, "again"),
    ]);
    expect(again.code, again.stderr).toBe(0);
  });

  it("without the blocks, no fragmentation or content in results or summary", async () => {
    const r = await rrdnsInProcess([
      "run",
      scenarioFile(dir, "none", ""),
      "--no-report",
      "--out",
      join(dir, "none"),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/^sessions|^content/m);
    const results = JSON.parse(readFileSync(join(dir, "none", "results.json"), "utf8"));
    expect(results.fragmentation).toBeUndefined();
    expect(results.content).toBeUndefined();
  });

  it("refuses content without returning clients, and a skewed address that is no server (exit 2, field named)", async () => {
    const poisson = await rrdnsInProcess([
      "run",
      scenarioFile(dir, "poisson", "content: {}\n", false),
      "--no-report",
    ]);
    expect(poisson.code).toBe(2);
    expect(poisson.stderr).toMatch(/content: content needs returning clients/);
    const unknown = await rrdnsInProcess([
      "run",
      scenarioFile(dir, "unknown", "content: { skewed: [10.0.0.9] }\n"),
      "--no-report",
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /unknown\.yaml:\d+:\d+: content\.skewed\[0\]: no server has address 10\.0\.0\.9/,
    );
    const gap = await rrdnsInProcess([
      "run",
      scenarioFile(dir, "gap", "fragmentation: { sessionGap: 0 }\n"),
      "--no-report",
    ]);
    expect(gap.code).toBe(2);
    expect(gap.stderr).toMatch(/fragmentation\.sessionGap/);
    for (const e of [poisson, unknown, gap]) expect(e.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
