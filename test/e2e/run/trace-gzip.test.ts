import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { rrdnsInProcess } from "../../cli-helpers.js";

/*
 * Issue 26: `rrdns run` inflates a gzipped log on a thread of its own
 * (dist/cli/gunzip-worker.js); the replay must not see the difference. The
 * same log, plain in one folder and gzipped (two members) under the same
 * name in another, gives byte-identical results and access logs. The log
 * spans several of the reader's 1 MiB chunks (more than the gunzip thread
 * has buffers), with CRLF lines, UTF-8 paths and a last line without newline.
 */

const dir = mkdtempSync(join(tmpdir(), "rrdns-trace-gzip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2015, 4, 17, 10, 0, 0);
const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
const p = (n: number) => String(n).padStart(2, "0");

function clf(i: number): string {
  const d = new Date(T0 + Math.floor(i / 14) * 1000);
  const time = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  const path = i % 11 === 0 ? `/café/${i}/😀` : `/page/${i % 300}`;
  return `10.${i % 3}.${(i * 7) % 200}.${i % 97} - - [${time}] "GET ${path} HTTP/1.1" 200 ${100 + (i % 900)} "-" "Mozilla/5.0 (X11; Linux x86_64)"${i % 5 === 0 ? "\r" : ""}`;
}

const lines = Array.from({ length: 48_000 }, (_, i) => clf(i));
const text = Buffer.from(lines.join("\n")); // no newline after the last line

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
    const gz = await runIn(
      "gz",
      Buffer.concat([gzipSync(text.subarray(0, cut)), gzipSync(text.subarray(cut))]),
    );
    expect(JSON.parse(plain.results).totals.requests).toBe(lines.length);
    expect(gz.results).toBe(plain.results);
    expect(Object.keys(gz.logs)).toEqual(["10.0.0.1.log", "10.0.0.2.log", "10.0.0.3.log"]);
    expect(gz.logs).toEqual(plain.logs);
    // The logs carry the lines as read: the UTF-8 paths whole.
    expect(Object.values(plain.logs).join("")).toContain("/café/0/😀");
  });
});
