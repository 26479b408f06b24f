import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../../src/logs/index.js";
import { UserError } from "../../../src/scenario/index.js";

describe("line splitter: byte chunks → lines", () => {
  const decode = (b: Uint8Array) => Buffer.from(b).toString("utf8");
  /** What the reader did before: the whole text split on "\n", a final empty piece dropped. */
  const reference = (text: string) => {
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    return lines;
  };

  it("gives the lines of the whole text however it is cut, multi-byte characters included (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "b", "\n", "\r", "é", "€", "😀", " "), { maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
        (chars, cuts) => {
          const text = chars.join("");
          const bytes = Buffer.from(text, "utf8");
          const s = new LineSplitter(decode);
          const got: string[] = [];
          let at = 0;
          for (let k = 0; at < bytes.length; k++) {
            const end = Math.min(bytes.length, at + cuts[k % cuts.length]!);
            got.push(...(s.push(bytes.subarray(at, end)) ?? []));
            at = end;
          }
          got.push(...(s.end() ?? []));
          expect(got).toEqual(reference(text));
        },
      ),
    );
  });

  it("copies what it carries: the caller may reuse its chunk", () => {
    const s = new LineSplitter(decode);
    const chunk = Buffer.from("one\ntw");
    expect(s.push(chunk)).toEqual(["one"]);
    chunk.fill(0x78);
    expect(s.push(Buffer.from("o\n"))).toEqual(["two"]);
    expect(s.end()).toBeUndefined();
  });
});

/*
 * Issue 22's rows about the inputs that drive work (moved from
 * test/unit/model/log-input-bounds.test.ts): each test failed on the code
 * before the fix (a hang, a silent wrong answer or an acceptance) and passes now.
 */

const caught = (f: () => unknown): UserError => {
  try {
    f();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("no UserError");
};

describe("row 11: the line splitter is linear and bounds a line's length", () => {
  const decode = (b: Uint8Array) => Buffer.from(b).toString("latin1");

  it("carries a long line's bytes without re-copying them on every chunk (16 MB in 2 KB chunks, in well under a second's work)", () => {
    // The old splitter joined its carry with each chunk: 8,192 chunks of one
    // 16 MB line copied 68 GB (minutes); now each byte is copied once.
    const s = new LineSplitter(decode, "big.log", 32 * 1024 * 1024);
    const chunk = new Uint8Array(2048).fill(0x61);
    const began = performance.now();
    for (let i = 0; i < 8192; i++) expect(s.pushText(chunk)).toBeUndefined();
    const text = s.pushText(Uint8Array.of(0x0a, 0x62));
    expect(text?.length).toBe(8192 * 2048);
    expect(s.end()).toEqual(["b"]);
    expect(s.lines).toBe(2);
    expect(performance.now() - began).toBeLessThan(5000);
  }, 10_000);

  it("refuses a line longer than MAX_LINE_BYTES, naming file:line, whether it arrives whole or in pieces", () => {
    const lines = "a\nb\nc\n";
    const whole = new LineSplitter(decode, "x.log", 10);
    const e1 = caught(() => whole.pushText(Buffer.from(`${lines}${"z".repeat(11)}\nd\n`)));
    expect(e1.message).toBe(
      "x.log:4:1: line longer than 10 bytes (MAX_LINE_BYTES): not a text log, or one without newlines",
    );
    const pieces = new LineSplitter(decode, "x.log", 10);
    pieces.pushText(Buffer.from(lines));
    pieces.pushText(Buffer.from("zzzzzz"));
    expect(() => pieces.pushText(Buffer.from("zzzzz"))).toThrow(/^x\.log:4:1: line longer/);
    // Exactly the limit is a line.
    const ok = new LineSplitter(decode, "x.log", 10);
    expect(ok.push(Buffer.from(`${"z".repeat(10)}\n`))).toEqual(["z".repeat(10)]);
    // A line inside one chunk, between two newlines, counts too.
    const inner = new LineSplitter(decode, "x.log", 10);
    expect(() => inner.pushText(Buffer.from(`a\n${"z".repeat(11)}\nb\n`))).toThrow(/x\.log:2:1/);
  });
});
