import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { overrideFolderName } from "../../../src/cli/override-folder.js";
import { messages, ROOT, rrdnsInProcess } from "../../cli-helpers.js";

const DEFAULT = readFileSync(join(ROOT, "scenarios", "default.yaml"), "utf8");

/** A temporary folder to run in, with my.yaml: the default scenario, named my, 120 s long. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-overrides-"));
  writeFileSync(
    join(dir, "my.yaml"),
    DEFAULT.replace("name: default", "name: my").replace("duration: 3600", "duration: 120"),
  );
  return dir;
}

describe("what you asked is what you see", () => {
  it("the header and results.json list the overrides; the run goes to a folder named after them", async () => {
    const dir = workspace();
    const r = await rrdnsInProcess(
      ["run", "default", "--set", "dns.ttl=300", "--seed", "7", "--duration", "120", "--no-report"],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[1]).toBe(
      "overrides: duration = 120 (file: 3600), seed = 7 (file: 1), dns.ttl = 300 (file: 60)",
    );
    const folder = join(dir, "reports", "default--dns.ttl=300--duration=120--seed=7");
    expect(r.stderr).toContain("wrote reports/default--dns.ttl=300--duration=120--seed=7/");
    expect(readdirSync(join(dir, "reports"))).toEqual([
      "default--dns.ttl=300--duration=120--seed=7",
    ]);
    const results = JSON.parse(readFileSync(join(folder, "results.json"), "utf8"));
    expect(Object.keys(results).slice(0, 3)).toEqual(["scenario", "description", "overrides"]);
    expect(results.overrides).toEqual([
      { field: "duration", value: 120, file: 3600 },
      { field: "seed", value: 7, file: 1 },
      { field: "dns.ttl", value: 300, file: 60 },
    ]);
    expect(results.scenarioSpec.dns.ttl).toBe(300);
  });

  it("flag order does not change the folder; --out is taken as given", async () => {
    const dir = workspace();
    const a = await rrdnsInProcess(
      ["run", "my.yaml", "--set", "dns.ttl=30", "--set", "clients.rate=50", "--no-report"],
      dir,
    );
    expect(a.code).toBe(0);
    const b = await rrdnsInProcess(
      ["run", "my.yaml", "--set", "clients.rate=50", "--set", "dns.ttl=30", "--no-report"],
      dir,
    );
    expect(b.code).toBe(0);
    expect(readdirSync(join(dir, "reports"))).toEqual(["my--clients.rate=50--dns.ttl=30"]);
    const c = await rrdnsInProcess(
      ["run", "my.yaml", "--seed", "3", "--no-report", "--out", "mine"],
      dir,
    );
    expect(c.code).toBe(0);
    expect(existsSync(join(dir, "mine", "results.json"))).toBe(true);
  });

  it("a run with no override, or one that changes nothing, writes the plain folder and no overrides field", async () => {
    const dir = workspace();
    const plain = await rrdnsInProcess(["run", "my.yaml", "--no-report"], dir);
    expect(plain.code).toBe(0);
    const first = readFileSync(join(dir, "reports", "my", "results.json"));
    const same = await rrdnsInProcess(
      ["run", "my.yaml", "--set", "dns.ttl=60", "--seed", "1", "--no-report"],
      dir,
    );
    expect(same.code).toBe(0);
    expect(same.stdout).not.toContain("overrides:");
    expect(readdirSync(join(dir, "reports"))).toEqual(["my"]);
    const again = readFileSync(join(dir, "reports", "my", "results.json"));
    expect(again.equals(first)).toBe(true);
    expect(JSON.parse(again.toString())).not.toHaveProperty("overrides");
  });

  it("rrdns report draws a run with overrides, and its page names them", async () => {
    const dir = workspace();
    const r = await rrdnsInProcess(
      ["run", "my.yaml", "--set", "dns.ttl=300", "--no-report", "--out", "o"],
      dir,
    );
    expect(r.code).toBe(0);
    const again = await rrdnsInProcess(["report", join("o", "results.json")], dir);
    expect(messages(again.stderr)).toBe("");
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, "o", "index.html"), "utf8")).toContain(
      "<b>dns.ttl = 300 (file: 60)</b>",
    );
  });

  it("warns on stderr of a scheduled failure the run ends before, naming it", async () => {
    const dir = workspace();
    const r = await rrdnsInProcess(["run", "my.yaml", "--no-report"], dir);
    expect(r.code).toBe(0);
    expect(messages(r.stderr)).toBe(
      "rrdns: warning: failures[0].at = 1800 s is not before the end of the run (120 s), so it never happens; pass a longer --duration to include it\n",
    );
    const whole = await rrdnsInProcess(
      ["run", "my.yaml", "--duration", "1900", "--no-report"],
      dir,
    );
    expect(messages(whole.stderr)).toBe("");
  });
});

describe("the override folder rule", () => {
  it("sorts by field, writes lists with dots, and makes any other character safe", () => {
    expect(overrideFolderName("default", [])).toBe("default");
    expect(
      overrideFolderName("default", [
        { field: "seed", value: 7 },
        { field: "servers[0].capacity", value: 100 },
        { field: "dns.ttl", value: 300 },
        { field: "name", value: "a/../b c" },
      ]),
    ).toBe("default--dns.ttl=300--name=a_.._b_c--seed=7--servers.0.capacity=100");
  });

  it("cuts a long name and ends it with a hash of the whole, so two long names stay apart", () => {
    const long = (v: number) =>
      overrideFolderName("default", [
        { field: "clients.sessions.classes[0].thinkTime.median", value: v },
        { field: "clients.sessions.classes[0].objectGap.median", value: 1 },
        { field: "clients.sessions.classes[0].revisit.probability", value: 0.5 },
      ]);
    expect(long(1)).toHaveLength(120);
    expect(long(1)).toMatch(/-[0-9a-f]{8}$/);
    expect(long(2)).not.toBe(long(1));
    expect(long(1)).toBe(long(1));
  });
});

describe("reports-all", () => {
  // The one run of every bundled scenario in the tests (about 20 s, half of it PNGs): it
  // also checks that each scenario's results and report are written, the replayed
  // trace's too (test/e2e/report/report.test.ts ran a second, at 1200 s, for that).
  it("goes on past a failing scenario, names it and what to do, writes the others' results and reports next to the committed reports, exits 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-reports-all-"));
    mkdirSync(join(dir, "reports"));
    const r = await rrdnsInProcess(["reports-all", "--duration", "600"], dir);
    expect(r.code).toBe(2);
    // Each shortened scenario's dropped events are warned about, the failure named at the end.
    expect(r.stderr).toContain(
      "rrdns: warning: default: failures[0].at = 1800 s is not before the end of the run (600 s)",
    );
    const notes = messages(r.stderr).replace(/^rrdns: warning: .*\n/gm, "");
    expect(notes).toBe(
      "rrdns: round-robin-vs-random: --duration: warmup: warmup (1000 s) must be shorter than duration (600 s); pass a --duration longer than the warm-up\n" +
        `rrdns: reports-all: 1 of ${bundled().length} scenarios failed: round-robin-vs-random\n`,
    );
    for (const name of bundled()) {
      if (name === "round-robin-vs-random") continue;
      expect(r.stderr, name).toContain(`${name}: wrote reports/${name}--duration=600/`);
      for (const file of ["index.html", "results.json"])
        expect(existsSync(join(dir, "reports", `${name}--duration=600`, file)), name).toBe(true);
    }
  });
});

function bundled(): string[] {
  return readdirSync(join(ROOT, "scenarios"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.replace(/\.yaml$/, ""));
}
