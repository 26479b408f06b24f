import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { OFF_THREAD_MIN_BYTES } from "../../../src/cli/trace-lines.js";
import { rrdnsInProcess } from "../../cli-helpers.js";
import { largeLogText } from "../../trace-helpers.js";

/*
 * Issue 26: `rrdns run` inflates a gzipped log of 1 MiB or more
 * (OFF_THREAD_MIN_BYTES) on a thread of its own (dist/cli/gunzip-worker.js),
 * a smaller one in its own thread; the replay must see no difference. The
 * same log, plain in one folder and gzipped (two members) under the same
 * name in another, gives byte-identical results and access logs. The log
 * spans several of the reader's 1 MiB chunks (more than the gunzip thread
 * has buffers), with CRLF lines, UTF-8 paths and a last line without newline
 * (largeLogText).
 */

const dir = mkdtempSync(join(tmpdir(), "rrdns-trace-gzip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = largeLogText();
const lines = text.toString("utf8").split("\n");

const scenario = (log: string) =>
  `name: gz\nduration: 3600\nstart: cold\nservers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }, { address: 10.0.0.3 }]\ndns: { ttl: 60 }\nresolvers: { count: 50, behaviour: rotate }\nclients: { rate: 0, trace: { file: ${log}, thinkTime: 30 } }\n`;

async function runIn(
  folder: string,
  log: Buffer,
): Promise<{ results: string; logs: Record<string, string> }> {
  const at = join(dir, folder);
  mkdirSync(at);
  writeFileSync(join(at, "access.log"), log);
  writeFileSync(join(at, "s.yaml"), scenario("access.log"));
  const out = join(at, "out");
  const r = await rrdnsInProcess([
    "run",
    join(at, "s.yaml"),
    "--no-report",
    "--quiet",
    "--out",
    out,
    "--access-logs",
    join(at, "logs"),
  ]);
  expect(r.code, r.stderr).toBe(0);
  const logs: Record<string, string> = {};
  for (const name of readdirSync(join(at, "logs"))
    .filter((n) => n.endsWith(".log"))
    .sort())
    logs[name] = readFileSync(join(at, "logs", name), "utf8");
  return { results: readFileSync(join(out, "results.json"), "utf8"), logs };
}

describe("rrdns run replays a gzipped log exactly as its plain copy", () => {
  it("the same results.json and access logs, byte for byte", async () => {
    expect(text.length).toBeGreaterThan(5 * 2 ** 20);
    const plain = await runIn("plain", text);
    const cut = Math.floor(text.length / 3) + 5; // inside a line
    const gzipped = Buffer.concat([gzipSync(text.subarray(0, cut)), gzipSync(text.subarray(cut))]);
    expect(gzipped.length).toBeGreaterThanOrEqual(OFF_THREAD_MIN_BYTES);
    const gz = await runIn("gz", gzipped);
    expect(JSON.parse(plain.results).totals.requests).toBe(lines.length);
    expect(gz.results).toBe(plain.results);
    expect(Object.keys(gz.logs)).toEqual(["10.0.0.1.log", "10.0.0.2.log", "10.0.0.3.log"]);
    expect(gz.logs).toEqual(plain.logs);
    // The logs carry the lines as read: the UTF-8 paths whole.
    expect(Object.values(plain.logs).join("")).toContain("/café/0/😀");
  });
});
