/** A streamed output file (access logs, merged logs): its entry hashes what is on disk, and its failures end the write as one line. */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { OutputFile } from "../../../../src/cli/output/output-file.js";
import { UserError } from "../../../../src/scenario/index.js";

const tmp = mkdtempSync(join(tmpdir(), "rrdns-output-file-"));
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("OutputFile", () => {
  it("plain and gzipped: the manifest entry is the SHA-256 and size of the bytes on disk", async () => {
    for (const gzip of [false, true]) {
      const path = join(tmp, `a${gzip ? ".gz" : ""}`);
      const f = new OutputFile(path, gzip, "-o a");
      for (let i = 0; i < 2000; i++) await f.write(`line ${i} ${"é".repeat(i % 7)}\n`);
      const entry = await f.end("a");
      const bytes = readFileSync(path);
      expect(entry).toEqual({ path: "a", sha256: sha(bytes), bytes: bytes.length });
      expect(await f.end("a")).toEqual(entry);
      const text = gzip ? gunzipSync(bytes).toString() : bytes.toString();
      expect(text.split("\n")).toHaveLength(2001);
    }
  });

  it("a write waiting for the file to drain ends when the file fails, with one line naming it", async () => {
    const f = new OutputFile(join(tmp, "no-such-folder", "x.log"), false, "-o x.log");
    // 1 MiB fills the stream's buffer: the write waits for a drain that never comes.
    const failed = f.write("x".repeat(1 << 20));
    await expect(failed).rejects.toThrow("-o x.log: cannot write (ENOENT: no such file or folder)");
    await expect(f.end("x.log")).rejects.toBeInstanceOf(UserError);
  });

  it("never opens a file that is already there (O_EXCL): a staged name is always its own", async () => {
    const path = join(tmp, "taken");
    writeFileSync(path, "someone's\n");
    const f = new OutputFile(path, true, "--access-logs d/taken");
    await expect(
      (async () => {
        for (let i = 0; i < 100; i++) await f.write("y".repeat(1 << 16));
        await f.end("taken");
      })(),
    ).rejects.toThrow("--access-logs d/taken: cannot write (EEXIST");
    expect(readFileSync(path, "utf8")).toBe("someone's\n");
  });
});
