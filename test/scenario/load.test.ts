import { describe, expect, it } from "vitest";
import { loadScenario, UserError } from "../../src/scenario/index.js";

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
