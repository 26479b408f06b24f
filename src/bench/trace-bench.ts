/**
 * Trace replay throughput (issue 14): generates a Combined Log Format log
 * of RRDNS_TRACE_BENCH_LINES lines (default 10 million; 50,000 hosts, a few
 * heavy, a few seconds out of order) in a temp folder, gzips a copy, replays
 * both end to end (both passes: host scan and replay), prints lines per
 * second, heap and peak RSS, and deletes the folder.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import { createGunzip, createGzip } from "node:zlib";
import { replayTrace } from "../run/index.js";
import { scenarioSchema } from "../scenario/index.js";

const LINES = Number(process.env.RRDNS_TRACE_BENCH_LINES ?? 10_000_000);
const HOSTS = 50_000;
const RATE = 1000; // lines per trace second
const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

async function generate(path: string): Promise<void> {
  const out = createWriteStream(path);
  const t0 = Date.UTC(2015, 4, 17) / 1000;
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  const p = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  let chunk: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const t = Math.floor(t0 + i / RATE - (rand() < 0.1 ? 3 : 0));
    const d = new Date(t * 1000);
    const u = rand();
    const host =
      u < 0.2
        ? `66.249.${Math.floor(u * 50)}.1`
        : `10.${((i * 7919) % HOSTS) >> 8}.${(i * 7919) % 256}.9`;
    chunk.push(
      `${host} - - [${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000] "GET /page/${i % 1000} HTTP/1.1" 200 ${1000 + (i % 5000)} "-" "Mozilla/5.0"`,
    );
    if (chunk.length === 50_000) {
      if (!out.write(`${chunk.join("\n")}\n`))
        await new Promise<void>((done) => out.once("drain", () => done()));
      chunk = [];
    }
  }
  out.write(chunk.length > 0 ? `${chunk.join("\n")}\n` : "");
  await new Promise<void>((done) => out.end(() => done()));
}

async function* batches(path: string, gz: boolean): AsyncGenerator<string[]> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const source = gz ? file.pipe(createGunzip({ chunkSize: 1 << 18 })) : file;
  const decoder = new StringDecoder("utf8");
  let carry = "";
  for await (const chunk of source) {
    const text = carry + decoder.write(chunk as Buffer);
    const lines = text.split("\n");
    carry = lines.pop() ?? "";
    yield lines;
  }
  if (carry.length > 0) yield [carry];
}

async function replay(path: string, gz: boolean): Promise<void> {
  const scenario = scenarioSchema.parse({
    name: "trace-bench",
    duration: LINES / RATE + 10,
    start: "cold",
    servers: [2, 3, 4, 5].map((i) => ({ address: `10.0.0.${i}` })),
    dns: { ttl: 60, order: "cyclic" },
    resolvers: { count: 1000, skew: 1, behaviour: "rotate" },
    clients: { rate: 0, trace: { file: path, thinkTime: 30 } },
  });
  globalThis.gc?.();
  const start = performance.now();
  const { summary } = await replayTrace(scenario, () => batches(path, gz));
  const seconds = (performance.now() - start) / 1000;
  globalThis.gc?.();
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  const rss = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${gz ? "gzip" : "plain"}  ${(statSync(path).size / 2 ** 20).toFixed(0)} MiB  ${summary.validLines.toLocaleString("en-US")} lines (${summary.hosts.toLocaleString("en-US")} hosts) in ${seconds.toFixed(2)} s: ${(summary.validLines / seconds / 1e6).toFixed(2)} M lines/s, heap after ${heap.toFixed(0)} MiB, peak RSS ${rss.toFixed(0)} MiB\n`,
  );
}

const dir = mkdtempSync(join(tmpdir(), "rrdns-trace-bench-"));
try {
  const plain = join(dir, "access.log");
  await generate(plain);
  await pipeline(
    createReadStream(plain),
    createGzip({ level: 1 }),
    createWriteStream(`${plain}.gz`),
  );
  process.stdout.write(`trace replay, ${LINES.toLocaleString("en-US")} generated CLF lines:\n`);
  await replay(plain, false);
  await replay(`${plain}.gz`, true);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
