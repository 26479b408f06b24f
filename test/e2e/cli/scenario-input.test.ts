import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES } from "../../../src/scenario/index.js";
import { rrdns, rrdnsInProcess } from "../../cli-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "rrdns-input-"));
const valid =
  "name: t\nduration: 100\nservers: [ {address: 10.0.0.2} ]\ndns: { ttl: &t 60 }\nclients: { rate: 1 }\n";

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("scenario files the CLI refuses with exit 2, never a stack trace", () => {
  it("150 references to one anchor validate; billion laughs exits 2", async () => {
    const refs = file(
      "refs.yaml",
      `${valid}failures: [${Array(150).fill("{server: 10.0.0.2, at: *t, duration: 1}").join(", ")}]\n`,
    );
    expect(await rrdnsInProcess(["validate", refs])).toMatchObject({ code: 0 });
    let lol = `${valid}x0: &a0 [lol]\n`;
    for (let i = 1; i < 12; i++)
      lol += `x${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(",")}]\n`;
    const r = await rrdnsInProcess(["validate", file("lol.yaml", lol)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lol\.yaml:7:10: YAML aliases expand to more than 10000/);
  });

  it("devices, FIFOs and oversized files are refused before reading", () => {
    // A real process: were the refusal to fail, reading /dev/zero or the FIFO would block the test's.
    expect(rrdns(["validate", "/dev/zero"])).toMatchObject({
      code: 2,
      stderr: "rrdns: /dev/zero: not a regular file\n",
    });
    const fifo = join(dir, "fifo");
    spawnSync("mkfifo", [fifo]);
    expect(rrdns(["validate", fifo]).code).toBe(2);
    const big = join(dir, "big.yaml");
    writeFileSync(big, Buffer.alloc(MAX_FILE_BYTES + 1, 0x23));
    const r = rrdns(["validate", big]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/16777217 bytes; scenario files are at most 16 MiB/);
    mkdirSync(join(dir, "folder.yaml"));
    expect(rrdns(["validate", join(dir, "folder.yaml")]).stderr).toMatch(/not a regular file/);
  });

  it("rate 1e12 is refused with the estimate instead of running forever", async () => {
    const r = await rrdnsInProcess([
      "run",
      file("fast.yaml", valid.replace("rate: 1", "rate: 1e12")),
      "--no-report",
      "--out",
      join(dir, "o"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fast\.yaml:5:18: clients\.rate: about 1e14 simulator events/);
  });
});
