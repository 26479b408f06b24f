import { describe, expect, it } from "vitest";
import {
  editDistance,
  suggestFields,
  suggestionText,
} from "../../../src/scenario/field-suggestion.js";
import { fieldsAt, settableFields } from "../../../src/scenario/schema-fields.js";

describe("did-you-mean for scenario fields", () => {
  it("edit distance counts insertions, deletions, substitutions and neighbour swaps as 1", () => {
    expect(editDistance("ttl", "ttl")).toBe(0);
    expect(editDistance("tll", "ttl")).toBe(1);
    expect(editDistance("tlt", "ttl")).toBe(1); // a swap, not two substitutions
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "")).toBe(3);
  });

  it("knows each object's fields from the schema, lists and unions included", () => {
    expect(fieldsAt(["dns"])).toEqual(expect.arrayContaining(["ttl", "order", "healthCheck"]));
    expect(fieldsAt(["servers", 0])).toEqual(expect.arrayContaining(["address", "capacity"]));
    // clients.rate is a number or a profile object: the profile's fields.
    expect(fieldsAt(["clients", "rate"])).toEqual(expect.arrayContaining(["profile", "steps"]));
  });

  it("suggests the nearest field at the same place, as a full path", () => {
    expect(suggestFields(["dns"], "tll")).toEqual(["dns.ttl"]);
    expect(suggestFields(["dns"], "TTL")).toEqual(["dns.ttl"]);
    expect(suggestFields(["servers", 0], "capasity")).toEqual(["servers[0].capacity"]);
    expect(suggestFields([], "seeed")).toEqual(["seed"]);
  });

  it("points a field put at the wrong level to where that name lives", () => {
    expect(suggestFields([], "ttl")).toContain("dns.ttl");
  });

  it("guesses nothing for a name far from every field", () => {
    expect(suggestFields(["dns"], "xyz")).toEqual([]); // 3 edits from ttl: too far for 3 letters
    expect(suggestFields(["dns"], "banana")).toEqual([]);
    expect(suggestionText(["dns"], ["banana"])).toBe("");
  });

  it("says it in the message's words", () => {
    expect(suggestionText(["dns"], ["tll"])).toBe(" (did you mean dns.ttl?)");
  });

  it("lists every single-valued field --set can change, with the words enums take", () => {
    const fields = new Map(settableFields().map((f) => [f.path, f.values]));
    expect(fields.get("dns.ttl")).toEqual([]);
    expect(fields.get("dns.order")).toEqual(expect.arrayContaining(["cyclic", "random"]));
    expect(fields.get("resolvers.behaviour")).toEqual(
      expect.arrayContaining(["rotate", "frozen", "unbound", "dnsmasq"]),
    );
    expect(fields.get("servers[0].capacity")).toEqual([]);
    expect(fields.has("servers")).toBe(false); // a list, not a value
  });
});

describe("no guess for a name that is not a typo", () => {
  it("a name with a control character in it gets none", () => {
    expect(suggestFields([], "dns\u0000")).toEqual([]);
    expect(suggestFields([], "dns")).toEqual(["dns"]);
  });
});
