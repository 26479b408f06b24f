import { describe, expect, it } from "vitest";
import { loadScenario, UserError } from "../../../src/scenario/index.js";

const valid = `name: t
duration: 100
servers:
  - address: 10.0.0.2
  - address: 10.0.0.4
dns: { ttl: 60, order: cyclic }
clients: { rate: 10 }
`;

function problems(text: string) {
  try {
    loadScenario(text, "s.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).problems;
  }
  throw new Error("expected a UserError");
}

describe("loadScenario", () => {
  it("fills in documented defaults", () => {
    const s = loadScenario(valid, "s.yaml");
    expect(s.resolvers.count).toBe(1000);
    expect(s.resolvers.skew).toBe(1);
    expect(s.resolvers.behaviour).toBe("rotate");
    expect(s.clients.selection).toBe("first");
    expect(s.clients.requestsPerVisit).toBe(1);
    expect(s.window).toBe(60);
    expect(s.failures).toEqual([]);
  });

  it("names file, line, column and field of a bad value", () => {
    const [p] = problems(valid.replace("ttl: 60", "ttl: -5"));
    expect(p).toMatchObject({ file: "s.yaml", line: 6, column: 13, field: "dns.ttl" });
  });

  it("points at an unknown key", () => {
    const [p] = problems(
      valid.replace("  - address: 10.0.0.4", "  - address: 10.0.0.4\n    weight: 3"),
    );
    expect(p).toMatchObject({ line: 6, column: 5, field: "servers[1].weight" });
    expect(p!.message).toContain("unknown field 'weight'");
  });

  it("reports a missing required field at its parent", () => {
    const ps = problems(valid.replace("clients: { rate: 10 }\n", ""));
    expect(ps.map((p) => p.field)).toContain("clients");
  });

  it("reports YAML syntax errors with their position", () => {
    const [p] = problems("name: t\nservers: [\n");
    expect(p!.message).toMatch(/YAML syntax error/);
    expect(p!.line).toBeGreaterThan(0);
  });

  it("checks fields against each other", () => {
    const ps = problems(`${valid}failures: [ {server: 10.9.9.9, at: 1, duration: 2} ]\n`);
    expect(ps[0]).toMatchObject({ field: "failures[0].server", line: 8 });
    const mix = problems(
      `${valid}resolvers: { behaviour: [ {behaviour: frozen, share: 0.5}, {behaviour: rotate, share: 0.2} ] }\n`,
    );
    expect(mix[0]!.message).toContain("sum to 1");
  });

  it("rejects inputs that would overflow or never finish, with the field named", () => {
    const huge = problems(`${valid}resolvers: { weights: [1e308, 1e308] }\n`);
    expect(huge[0]).toMatchObject({ field: "resolvers.weights" });
    const storm = problems(`${valid}failures: [ {server: all, mtbf: 0.000001, mttr: 0.000001} ]\n`);
    expect(storm[0]).toMatchObject({ field: "failures[0].mtbf" });
  });

  it("rejects a document that is not a mapping", () => {
    expect(problems("- 1\n- 2\n")[0]!.message).toContain("mapping");
  });
});

describe("hostile or huge input is refused cleanly", () => {
  const anchored = valid.replace("ttl: 60", "ttl: &t 60");

  it("a hundred references to one anchor are fine", () => {
    const failures = Array.from({ length: 150 }, () => "  - *f\n").join("");
    const text = `${valid}failures:\n  - &f {server: 10.0.0.2, at: 1, duration: 2}\n${failures}`;
    expect(loadScenario(text, "s.yaml").failures).toHaveLength(151);
    const refs = `${anchored}description: x\nwarmup: *t\n`;
    expect(loadScenario(refs, "s.yaml").warmup).toBe(60);
  });

  it("a billion-laughs document is refused quickly, at the first alias", () => {
    let text = `${valid}x0: &a0 [lol]\n`;
    for (let i = 1; i < 12; i++)
      text += `x${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(",")}]\n`;
    const started = performance.now();
    const [p] = problems(text);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(p).toMatchObject({ file: "s.yaml", line: 9, column: 10 });
    expect(p!.message).toMatch(/aliases expand to more than 10000/);
  });

  it("deep nesting and oversized documents are refused before the parser runs out", () => {
    expect(problems(`${valid}x: ${"[".repeat(101)}\n`)[0]!.message).toMatch(
      /^101 levels of nesting; a scenario file may have at most 100$/,
    );
    expect(problems(`${valid}x: ${"- ".repeat(101)}1\n`)[0]!.message).toMatch(/101 levels/);
    // 100 levels are still parsed (and refused as an unknown field, not as nesting).
    expect(problems(`${valid}x: ${"[".repeat(100)}${"]".repeat(100)}\n`)[0]!.message).toBe(
      "unknown field 'x'",
    );
    const keys = Array.from({ length: 600_000 }, (_, i) => `k${i}: 1`).join(", ");
    expect(problems(`${valid}x: {${keys}}\n`)[0]!.message).toMatch(
      /lines, commas and colons; a scenario file may have at most 1100000/,
    );
  });

  it("duplicate keys are found in linear time and located", () => {
    const [p] = problems(`${valid}name: again\n`);
    expect(p).toMatchObject({ line: 8, column: 1 });
    expect(p!.message).toBe("YAML syntax error: Map keys must be unique");
  });

  it("a missing field says so, instead of 'received undefined'", () => {
    const [p] = problems(valid.replace("name: t\n", ""));
    expect(p).toMatchObject({ field: "name", message: "missing required field" });
    const wrong = problems(valid.replace("name: t", "name: 5"))[0]!;
    expect(wrong.message).toMatch(/expected string, received number/);
  });

  it("a key with a NUL or an escape sequence is named as it is, escaped", () => {
    const ps = problems(valid.replace("dns:", "dns\0:"));
    const unknown = ps.find((p) => p.message.startsWith("unknown"))!;
    expect(unknown.message).toBe("unknown field 'dns\\x00'");
    const error = new UserError(ps);
    expect(error.format()).not.toContain("\0");
    const evil = problems(`${valid}"\\e[31mred\\nrrdns: fake": 1\n`);
    const text = new UserError(evil).format();
    expect(text).toContain("'\\x1b[31mred\\nrrdns: fake'");
    expect(text.split("\n")).toHaveLength(1);
    expect(text).not.toContain("\u001b");
  });

  it("prototype names are unknown fields, not inherited members", () => {
    const [p] = problems(`${valid}constructor: { prototype: 1 }\n`);
    expect(p!.message).toBe("unknown field 'constructor'");
    expect(problems(`${valid}toString: 1\n`)[0]!.message).toBe("unknown field 'toString'");
  });

  it("work beyond the limits is refused with the estimate, located in the file", () => {
    const [p] = problems(valid.replace("rate: 10", "rate: 1e12"));
    expect(p).toMatchObject({ line: 7, field: "clients.rate" });
    expect(p!.message).toMatch(/about 1e14 simulator events .* at most 2e9/);
  });
});
