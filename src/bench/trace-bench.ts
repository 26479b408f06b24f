/**
 * Trace replay throughput (issue 14): generates a Combined Log Format log
 * of RRDNS_TRACE_BENCH_LINES lines (default 10 million; 50,000 hosts, a few
 * heavy, a few seconds out of order) in a temp folder, with a copy of its
 * first tenth and a gzipped copy, replays each end to end (both passes: host
 * scan and replay; the tenth also with `content`, browser caches
 * revalidating every path) in a child process of its own (so its peak RSS is the
 * replay's alone, not the generator's), prints lines per second, heap and
 * peak RSS, and deletes the folder. A last run replays the plain log to
 * servers with capacity (8 workers each, about 3% busy: every request an
 * event through the FIFO queues), the cost of queueing a trace. The lines are read by the CLI's own
 * reader (cli/trace-lines.ts readLineChunks: the gzip inflated on a thread of its own), so the
 * gzip/plain ratio is the one a user gets.
 */

import { execFileSync } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import { readLineChunks } from "../cli/trace-lines.js";
import { replayTrace } from "../run/index.js";
import { scenarioSchema } from "../scenario/index.js";

const LINES = Number(process.env.RRDNS_TRACE_BENCH_LINES ?? 10_000_000);
const HOSTS = 50_000;
const RATE = 1000; // lines per trace second
const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

/** Writes the log to `path`, and its first LINES / 10 lines to `tenth`. */
async function generate(path: string, tenth: string): Promise<void> {
  const out = createWriteStream(path);
  const small = createWriteStream(tenth);
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
    if (chunk.length === 50_000 || i === LINES - 1 || i === LINES / 10 - 1) {
      const text = `${chunk.join("\n")}\n`;
      if (i < LINES / 10) small.write(text);
      if (!out.write(text)) await new Promise<void>((done) => out.once("drain", () => done()));
      chunk = [];
    }
  }
  await new Promise<void>((done) => out.end(() => done()));
  await new Promise<void>((done) => small.end(() => done()));
}

/**
 * CPU seconds of this process's main thread alone (Linux: /proc), or NaN:
 * the gunzip thread works beside it, so on an idle machine the replay's wall
 * time is about this thread's CPU time, whatever else the machine runs.
 */
function mainThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime (fields 14 and 15 of stat), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function replay(path: string, gz: boolean, lines: number, mode: string): Promise<void> {
  const scenario = scenarioSchema.parse({
    name: "trace-bench",
    duration: lines / RATE + 10,
    start: "cold",
    servers: [2, 3, 4, 5].map((i) => ({ address: `10.0.0.${i}` })),
    dns: { ttl: 60, order: "cyclic" },
    resolvers: { count: 1000, skew: 1, behaviour: "rotate" },
    clients: { rate: 0, trace: { file: path, thinkTime: 30 } },
    ...(mode === "capacity"
      ? { service: { workers: 8, serviceTime: { distribution: "exponential", mean: 0.001 } } }
      : {}),
    // Browser caches revalidating every request's path: one server's copies skewed.
    ...(mode === "content" ? { content: { skewed: ["10.0.0.5"] } } : {}),
  });
  globalThis.gc?.();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const mainStart = mainThreadCpu();
  const { summary } = await replayTrace(scenario, () => readLineChunks(path));
  const seconds = (performance.now() - start) / 1000;
  // Every thread's CPU (the gunzip thread's too): on a shared machine, what the wall time hides.
  const used = process.cpuUsage(cpuStart);
  const cpu = (used.user + used.system) / 1e6;
  const main = mainThreadCpu() - mainStart;
  globalThis.gc?.();
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  const rss = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${gz ? "gzip" : "plain"}${mode ? ` + ${mode}` : ""}  ${(statSync(path).size / 2 ** 20).toFixed(0)} MiB  ${summary.validLines.toLocaleString("en-US")} lines (${summary.hosts.toLocaleString("en-US")} hosts) in ${seconds.toFixed(2)} s (CPU ${cpu.toFixed(1)} s, main thread ${main.toFixed(1)} s): ${(summary.validLines / seconds / 1e6).toFixed(2)} M lines/s, heap after ${heap.toFixed(0)} MiB, peak RSS ${rss.toFixed(0)} MiB\n`,
  );
}

if (process.argv[2] === "--replay") {
  // The child: one replay, one line of output.
  const path = process.argv[3]!;
  await replay(path, path.endsWith(".gz"), Number(process.argv[4]), process.argv[5] ?? "");
} else {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-trace-bench-"));
  try {
    const plain = join(dir, "access.log");
    const tenth = join(dir, "tenth.log");
    await generate(plain, tenth);
    await pipeline(
      createReadStream(plain),
      createGzip({ level: 1 }),
      createWriteStream(`${plain}.gz`),
    );
    process.stdout.write(`trace replay, ${LINES.toLocaleString("en-US")} generated CLF lines:\n`);
    const self = fileURLToPath(import.meta.url);
    const seconds: Record<string, number> = {};
    for (const [path, lines, mode] of [
      [tenth, LINES / 10, ""],
      [tenth, LINES / 10, "content"],
      [plain, LINES, ""],
      [`${plain}.gz`, LINES, ""],
      [plain, LINES, "capacity"],
    ] as const) {
      const out = execFileSync(
        process.execPath,
        ["--expose-gc", self, "--replay", path, String(lines), mode],
        { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
      );
      process.stdout.write(out);
      if (lines === LINES && mode === "") seconds[path] = Number(/ in ([\d.]+) s /.exec(out)?.[1]);
    }
    // The same lines both ways: the speed ratio is the ratio of times.
    const ratio = seconds[plain]! / seconds[`${plain}.gz`]!;
    process.stdout.write(
      `gzip at ${(100 * ratio).toFixed(0)}% of the plain speed (issue 26: at least 70%)\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
