import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, messages, rrdnsInProcess } from "../../cli-helpers.js";
import { SMALL_SCENARIO } from "../../unit/report/fixtures.js";

/**
 * The built CLI end to end (test/build-dist.ts builds dist/ before any test runs), in this
 * process (test/cli-helpers.ts): the tests check what the commands print and write.
 */
const tmp = mkdtempSync(join(tmpdir(), "rrdns-report-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CHARTS = ["authoritative", "balance", "failures", "hit-ratio", "served", "shares"];

const read = (...path: string[]): Buffer => readFileSync(join(tmp, ...path));

describe("rrdns run and rrdns report", () => {
  it("run writes index.html and an SVG and a PNG per chart; report redraws them identically", async () => {
    expect(existsSync(CLI), "dist/cli/main.js is built by the global setup").toBe(true);
    const scenario = join(tmp, "small.yaml");
    writeFileSync(scenario, SMALL_SCENARIO);
    const run = await rrdnsInProcess([
      "run",
      scenario,
      "--out",
      join(tmp, "a"),
      "--duration",
      "300",
    ]);
    // The fixture's events after this 300 s run (a DNS outage at 600 s) are warned about; nothing else.
    expect(run.stderr).toContain("rrdns: warning: dns.outages[0].at = 600 s is not before the end");
    expect(messages(run.stderr).replace(/^rrdns: warning: .*\n/gm, "")).toBe("");
    expect(run.code).toBe(0);
    const files = readdirSync(join(tmp, "a", "charts")).sort();
    expect(files).toEqual(CHARTS.flatMap((c) => [`${c}.png`, `${c}.svg`]));
    expect(read("a", "index.html").toString()).toContain("<h1>small</h1>");
    for (const c of CHARTS) expect(read("a", "charts", `${c}.png`).length).toBeGreaterThan(10_000);

    // Elsewhere: same charts, same page, and the data files to go with them.
    const again = await rrdnsInProcess([
      "report",
      join(tmp, "a", "results.json"),
      "--out",
      join(tmp, "b"),
    ]);
    expect(messages(again.stderr)).toBe("");
    expect(again.code).toBe(0);
    for (const c of CHARTS) {
      expect(read("b", "charts", `${c}.svg`).equals(read("a", "charts", `${c}.svg`)), c).toBe(true);
      expect(read("b", "charts", `${c}.png`).equals(read("a", "charts", `${c}.png`)), c).toBe(true);
    }
    expect(read("b", "index.html").equals(read("a", "index.html"))).toBe(true);
    expect(read("b", "results.json").equals(read("a", "results.json"))).toBe(true);
    expect(read("b", "timeseries.csv").equals(read("a", "timeseries.csv"))).toBe(true);

    // By default next to the results file, overwriting with the same bytes.
    const before = read("a", "charts", "served.svg");
    expect((await rrdnsInProcess(["report", join(tmp, "a", "results.json")])).code).toBe(0);
    expect(read("a", "charts", "served.svg").equals(before)).toBe(true);
  });

  it("report rejects what is not a results file with exit code 2 and a clear message", async () => {
    const missing = await rrdnsInProcess(["report", join(tmp, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read \(ENOENT\)/);

    writeFileSync(join(tmp, "garbage.json"), "{ not json");
    const garbage = await rrdnsInProcess(["report", join(tmp, "garbage.json")]);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/garbage\.json: not JSON/);

    writeFileSync(join(tmp, "other.json"), JSON.stringify({ name: "a scenario, say" }));
    const other = await rrdnsInProcess(["report", join(tmp, "other.json")]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/other\.json: not an rrdns results file/);
    expect(other.stderr).toMatch(/scenario: /);
    expect(other.stderr).not.toMatch(/at .*\.js:\d+/); // a message, not a stack trace
  });

  it("report refuses tampered numbers with exit code 2 and names them (issue 10 item 6)", async () => {
    const scenario = join(tmp, "small.yaml");
    writeFileSync(scenario, SMALL_SCENARIO);
    expect(
      (await rrdnsInProcess(["run", scenario, "--out", join(tmp, "t"), "--no-report"])).code,
    ).toBe(0);
    const good = JSON.parse(read("t", "results.json").toString());
    const tamper = async (name: string, edit: (r: typeof good) => void) => {
      const r = JSON.parse(JSON.stringify(good));
      edit(r);
      writeFileSync(join(tmp, name), JSON.stringify(r));
      return await rrdnsInProcess(["report", join(tmp, name), "--out", join(tmp, `${name}.out`)]);
    };
    const withdrawn = await tamper("withdrawn.json", (r) => {
      r.failures[0].withdrawnAt = -1e308;
    });
    expect(withdrawn.code).toBe(2);
    expect(withdrawn.stderr).toMatch(/failures\.0\.withdrawnAt: Too small/);
    const lookups = await tamper("lookups.json", (r) => {
      r.timeseries.resolverLookups[3] = 1e-300;
    });
    expect(lookups.code).toBe(2);
    expect(lookups.stderr).toMatch(/timeseries\.resolverLookups\.3: /);
    for (const e of [withdrawn, lookups]) expect(e.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("lists report and reports-all in the help", async () => {
    const help = await rrdnsInProcess(["--help"]);
    expect(help.stdout).toMatch(/report \[options\] <results>/);
    expect(help.stdout).toMatch(/reports-all/);
  });
});
