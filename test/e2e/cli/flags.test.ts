import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  integerOption,
  nonNegativeNumberOption,
  positiveNumberOption,
} from "../../../src/cli/options.js";
import { printable } from "../../../src/cli/printable.js";
import { resultsJsonSchema } from "../../../src/metrics/index.js";
import { UserError } from "../../../src/scenario/index.js";
import { rrdnsInProcess } from "../../cli-helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "rrdns-flags-"));

describe("numeric flags take plain decimal numbers only, all alike", () => {
  const seed = integerOption("--seed");
  const duration = positiveNumberOption("--duration");
  const limit = nonNegativeNumberOption("--max-qps");

  it("accept decimal integers and fractions as written", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(seed(String(n))).toBe(n);
        expect(limit(String(n))).toBe(n);
        if (n > 0) expect(duration(String(n))).toBe(n);
      }),
    );
    expect(duration("0.5")).toBe(0.5);
    expect(duration(".5")).toBe(0.5);
    expect(limit("0")).toBe(0);
  });

  it("reject hex, octal, binary, exponents, Infinity, spaces and empty strings in every parser", () => {
    for (const bad of [
      "0x10",
      "0o10",
      "0b10",
      "1e3",
      "Infinity",
      " 5",
      "5 ",
      "",
      "+5",
      "5.",
      "1_000",
      "NaN",
    ]) {
      for (const parse of [seed, duration, limit]) expect(() => parse(bad), bad).toThrow(UserError);
    }
  });

  it("reject anything Number() would read differently from its decimal digits", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const decimal = /^-?(\d+(\.\d+)?|\.\d+)$/.test(text);
        let accepted = true;
        try {
          limit(text);
        } catch {
          accepted = false;
        }
        if (accepted) expect(decimal).toBe(true);
      }),
    );
  });

  it("enforce bounds: seed >= 0, duration > 0, limits >= 0", () => {
    expect(() => seed("-1")).toThrow("--seed");
    expect(() => duration("0")).toThrow("--duration");
    expect(() => limit("-0.5")).toThrow("--max-qps");
  });
});

describe("printable strips terminal control characters", () => {
  it("removes ESC, BEL, CR, NUL, C1 and bidi overrides, keeps ordinary text and Unicode", () => {
    expect(printable("a\u001b]0;pwned\u0007b\u001b[31mc\rd\u0000e\u009bf\u202eg")).toBe(
      "a]0;pwnedb[31mcdefg",
    );
    expect(printable("Zipf 1.0 — 25 % à l'heure ✓")).toBe("Zipf 1.0 — 25 % à l'heure ✓");
  });

  it("never leaves a control character (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the property under test
        expect(printable(s)).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e]/);
      }),
    );
  });
});

describe("flags end to end", () => {
  it("--duration 0x10 is rejected like --seed 0x10", async () => {
    for (const flag of ["--duration", "--seed", "--replications"]) {
      const r = await rrdnsInProcess([
        "run",
        "default",
        flag,
        "0x10",
        "--no-report",
        "--out",
        join(tmp, "x"),
      ]);
      expect(r.code, flag).toBe(2);
      expect(r.stderr).toContain(`${flag}: expected`);
    }
  });

  it("--format is checked by commander's choices: exit 2, the allowed words named", async () => {
    const r = await rrdnsInProcess(["run", "default", "--format", "xml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Allowed choices are table, json");
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('--out "" and output folders under /proc, /sys, /dev or inside a file are refused at once', async () => {
    const file = join(tmp, "a-file");
    writeFileSync(file, "x");
    const cases: [string, string][] = [
      ["", "--out: empty folder name"],
      ["/proc/self", "under /proc"],
      ["/sys/kernel/x", "under /sys"],
      ["/dev/shm/x", "under /dev"],
      [file, "is a file, not a folder"],
      [join(file, "sub"), "is a file"],
    ];
    for (const [out, message] of cases) {
      const started = Date.now();
      const r = await rrdnsInProcess(["run", "default", "--out", out, "--no-report"]);
      expect(r.code, out).toBe(2);
      expect(r.stderr, out).toContain(message);
      expect(r.stderr).not.toContain("ENOENT on");
      // Refused before simulating, and never hanging (the default scenario takes longer).
      expect(Date.now() - started, out).toBeLessThan(10_000);
    }
    expect((await rrdnsInProcess(["report", "x.json", "--out", ""])).stderr).toContain(
      "--out: empty folder name",
    );
  });

  it("validate and error messages print file names and scenario text without control characters", async () => {
    const body = `name: ok
duration: 60
servers: [ {address: 10.0.0.2} ]
dns: { ttl: 60 }
resolvers: { count: 1 }
clients: { rate: 1 }
`;
    const file = join(tmp, "evil\u001b]0;owned\u0007.yaml");
    writeFileSync(file, body);
    const r = await rrdnsInProcess(["validate", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("evil]0;owned.yaml: ok");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: what must not be printed
    const control = /[\u0000-\u0009\u000b-\u001f\u007f]/;
    expect(r.stdout).not.toMatch(control);
    const bad = join(tmp, "bad-key.yaml");
    writeFileSync(bad, `${body}"x\\e[2J\\e]0;t\\a": 1\n`);
    const e = await rrdnsInProcess(["validate", bad]);
    expect(e.code).toBe(2);
    // Escaped visibly (as \x1b), so the user sees what the key really holds.
    expect(e.stderr).toContain("unknown field 'x\\x1b[2J\\x1b]0;t\\x07'");
    expect(e.stderr).not.toMatch(control);
    expect((await rrdnsInProcess(["list"])).stdout).not.toMatch(control);
  });
});

describe("rrdns schema --results", () => {
  it("prints the JSON Schema of results.json from src/metrics", async () => {
    const r = await rrdnsInProcess(["schema", "--results"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(resultsJsonSchema());
    expect(r.stdout).toContain("scenarioSpec");
    expect(r.stdout).not.toBe((await rrdnsInProcess(["schema"])).stdout);
  });
});
