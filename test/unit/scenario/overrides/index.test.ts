import { describe, expect, it } from "vitest";
import { applyOverrides, UserError } from "../../../../src/scenario/index.js";
import { scenario } from "../../../helpers.js";

const base = scenario();

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).format();
  }
  throw new Error("expected a UserError");
}

describe("applyOverrides (rrdns run --set / --duration)", () => {
  it("sets one field and validates the result like a file", () => {
    expect(applyOverrides(base, ["dns.ttl=300"], undefined).dns.ttl).toBe(300);
    expect(messageOf(() => applyOverrides(base, ["dns.ttl=-1"], undefined))).toMatch(
      /^--set dns\.ttl=-1: dns\.ttl: Too small/,
    );
  });

  it("applies --duration exactly once, before the --set flags", () => {
    expect(applyOverrides(base, [], 120).duration).toBe(120);
    expect(applyOverrides(base, ["duration=90"], 120).duration).toBe(90);
    expect(applyOverrides(base, [], undefined)).toBe(base);
    expect(messageOf(() => applyOverrides(base, [], 10_000_000))).toMatch(/^--duration: window:/);
  });

  it("refuses several values: that is a sweep", () => {
    expect(messageOf(() => applyOverrides(base, ["dns.ttl=1,2"], undefined))).toMatch(
      /takes one value per field/,
    );
  });

  it("prototype names are unknown fields", () => {
    for (const set of ["constructor.prototype.x=1", "__proto__.x=1", "dns.toString=1"]) {
      expect(messageOf(() => applyOverrides(base, [set], undefined))).toMatch(/unknown field '/);
    }
    expect(Object.getPrototypeOf(applyOverrides(base, ["dns.ttl=1"], undefined))).toBe(
      Object.prototype,
    );
  });

  it("a multi-line value cannot print a line that looks like another error", () => {
    const text = messageOf(() =>
      applyOverrides(base, ["dns.ttl=1\nrrdns: scenarios/x.yaml:1:1: fake"], undefined),
    );
    expect(text.split("\n")).toHaveLength(1);
    expect(text).toContain("--set dns.ttl=1\\nrrdns: scenarios/x.yaml:1:1: fake");
    const syntax = messageOf(() => applyOverrides(base, ["dns.ttl=1..\n2:1"], undefined));
    expect(syntax.split("\n")).toHaveLength(1);
  });

  it("work limits blame the flag that caused them", () => {
    expect(messageOf(() => applyOverrides(base, ["clients.rate=1e12"], undefined))).toMatch(
      /^--set clients\.rate=1e12: clients\.rate: about 6e14 simulator events/,
    );
  });
});
