import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeChunk } from "../../../src/cli/trace-lines.js";
import { DEFAULT_FIT_OPTIONS, fitLog } from "../../../src/fit/index.js";
import {
  LineSplitter,
  nextInput,
  SortedLogInput,
  type TraceFormat,
} from "../../../src/logs/index.js";
import { replayTrace } from "../../../src/run/index.js";
import { scenarioSchema, UserError } from "../../../src/scenario/index.js";
import { rrdnsInProcess } from "../../cli-helpers.js";

/**
 * Fuzzing the log readers: hostile lines (dates a century off or out of
 * range, zones of +9999, fields of 100 kB, invalid UTF-8, NULs, missing and
 * extra fields, numbers of 30 digits, binary) mixed into otherwise good
 * logs, cut into random chunks, through the same pipeline as the CLI (the
 * line splitter, then a trace replay's two passes, `fit`, and `logs
 * stats`/`merge`'s sorted inputs). Nothing may escape but a UserError that
 * names the log (file:line where there is a line), and no case may take
 * longer than CASE_BOUND_MS: a hang is a failure. A few logs, plain and
 * gzipped, run end to end through the built CLI.
 */

const FILE = "fuzz.log";
/** Logs per format; each has LINES lines (10,000+ hostile and good lines in all, in CI). */
const CASES = Number(process.env.RRDNS_FUZZ_LOG_CASES ?? 180);
const LINES = 20;
/** Fits are the costly part: one case in this many is also fitted. */
const FIT_EVERY = 3;
/** No case may take longer (the whole suite stays well under a minute on a loaded CI core). */
const CASE_BOUND_MS = 2000;

const T0 = Date.UTC(2015, 4, 17, 10, 5, 3) / 1000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

function clfDate(t: number): string {
  const d = new Date(t * 1000);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** What may be wrong with a line. */
const hostile = fc.oneof(
  // Dates: a century off either way, year 0 and 9999, a day 99, a month "Mai", seconds 61.
  fc
    .constantFrom("/2115:", "/1915:", "/0000:", "/9999:", "/2095:", "/1970:", "/2099:")
    .map((year) => ({ kind: "date" as const, edit: ["/2015:", year] as const })),
  fc
    .constantFrom(["17/", "99/"], ["/May/", "/Mai/"], [":03 ", ":61 "], [":10:", ":24:"])
    .map((edit) => ({ kind: "date" as const, edit: edit as readonly [string, string] })),
  // Zones.
  fc
    .constantFrom("+9999", "-9999", "+1460", "+1401", "-1400", "+0545", "+00:00", "Z", "", "+0")
    .map((zone) => ({ kind: "date" as const, edit: ["+0000", zone] as const })),
  // Huge and missing fields.
  fc.constantFrom(
    { kind: "huge-host" as const },
    { kind: "huge-path" as const },
    { kind: "huge-line" as const },
    { kind: "no-date" as const },
    { kind: "no-request" as const },
    { kind: "no-bytes" as const },
    { kind: "bytes-1e26" as const },
    { kind: "status-999" as const },
    { kind: "empty" as const },
  ),
  // Encodings: invalid UTF-8, NULs, control characters, a BOM, CR.
  fc
    .constantFrom("\uFFFD", "\u0000", "\u001b[2J", "\uFEFF", "\r", "\u00e9", "\ud83d", "\u2028")
    .map((text) => ({ kind: "insert" as const, text })),
  fc
    .uint8Array({ minLength: 1, maxLength: 12 })
    .map((bytes) => ({ kind: "bytes" as const, bytes })),
  fc.string({ unit: "binary", maxLength: 40 }).map((text) => ({ kind: "replace" as const, text })),
);

type Hostile = typeof hostile extends fc.Arbitrary<infer T> ? T : never;

const entry = fc.record({
  dt: fc.integer({ min: -5, max: 30 }),
  host: fc.integer({ min: 0, max: 9 }),
  bad: fc.option(hostile, { freq: 2 }),
  at: fc.nat(),
});

const logCase = fc.record({
  entries: fc.array(entry, { minLength: LINES, maxLength: LINES }),
  chunk: fc.integer({ min: 1, max: 400 }),
  newlineAtEnd: fc.boolean(),
});

/** One line's bytes: a good line with the hostile edit applied. */
function lineBytes(
  format: TraceFormat,
  t: number,
  host: number,
  bad: Hostile | null,
  at: number,
): Buffer {
  let line =
    format === "clf"
      ? `10.0.0.${host} - - [${clfDate(t)}] "GET /p${host}.html HTTP/1.1" 200 512 "-" "agent"`
      : [new Date(t * 1000).toISOString(), `10.0.0.${host}`, "512", "200", `/p${host}.html`].join(
          format === "tsv" ? "\t" : ",",
        );
  if (bad === null) return Buffer.from(line);
  const iso = format !== "clf";
  switch (bad.kind) {
    case "date":
      line = iso
        ? line.replace(/^2015-/, `${bad.edit[1].replace(/\D/g, "").padEnd(4, "0").slice(0, 4)}-`)
        : line.replace(bad.edit[0], bad.edit[1]);
      if (iso && bad.edit[0] === "+0000") line = line.replace("Z", bad.edit[1]);
      break;
    case "huge-host":
      line = `${"h".repeat(100_000)}${line}`;
      break;
    case "huge-path":
      line = line.replace(`/p${host}.html`, `/${"x".repeat(30_000)}`);
      break;
    case "huge-line":
      line = `${line} ${"y".repeat(70_000)}`;
      break;
    case "no-date":
      line = iso ? line.replace(/^[^\t,]*/, "") : line.replace(/\[[^\]]*\]/, "");
      break;
    case "no-request":
      line = iso ? line.split(/[\t,]/).slice(0, 2).join(",") : line.replace(/"GET[^"]*"/, "");
      break;
    case "no-bytes":
      line = line.replace("512", "");
      break;
    case "bytes-1e26":
      line = line.replace("512", "1".padEnd(27, "0"));
      break;
    case "status-999":
      line = line.replace("200", "999");
      break;
    case "empty":
      line = "";
      break;
    case "insert": {
      const i = at % (line.length + 1);
      line = line.slice(0, i) + bad.text + line.slice(i);
      break;
    }
    case "replace": {
      const i = at % (line.length + 1);
      line = line.slice(0, i) + bad.text + line.slice(i + bad.text.length);
      break;
    }
    case "bytes": {
      const b = Buffer.from(line);
      const i = at % (b.length + 1);
      // Raw bytes, any of them: invalid UTF-8 and stray newlines included.
      return Buffer.concat([b.subarray(0, i), Buffer.from(bad.bytes), b.subarray(i)]);
    }
  }
  return Buffer.from(line);
}

type LogCase = typeof logCase extends fc.Arbitrary<infer T> ? T : never;

function logBytes(format: TraceFormat, c: LogCase): Buffer {
  const parts: Buffer[] = [];
  if (format !== "clf")
    parts.push(
      Buffer.from(["time", "host", "bytes", "status", "path"].join(format === "tsv" ? "\t" : ",")),
    );
  let t = T0;
  for (const e of c.entries) {
    t += Math.max(0, e.dt);
    parts.push(lineBytes(format, t + Math.min(0, e.dt), e.host, e.bad, e.at));
  }
  const text = Buffer.concat(parts.flatMap((p) => [p, Buffer.from("\n")]));
  return c.newlineAtEnd ? text : text.subarray(0, text.length - 1);
}

/** The CLI's readLineChunks, in memory: random chunk sizes, the same splitter and decoder. */
function* chunks(bytes: Buffer, size: number): Generator<string> {
  const splitter = new LineSplitter(decodeChunk, FILE);
  for (let at = 0; at < bytes.length; at += size) {
    const text = splitter.pushText(bytes.subarray(at, at + size));
    if (text !== undefined) yield text;
  }
  const rest = splitter.end();
  if (rest !== undefined) yield rest[0]!;
}

const lines = (bytes: Buffer, size: number) => () =>
  (function* () {
    for (const text of chunks(bytes, size)) yield text.split("\n");
  })();

/** Runs `work`; only a UserError naming the log may come out. */
async function survives(work: () => unknown): Promise<"ok" | "refused"> {
  try {
    await work();
    return "ok";
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    expect(error.message).toMatch(/^fuzz\.log(:\d+:\d+)?: /);
    return "refused";
  }
}

function replayScenario(format: TraceFormat) {
  return scenarioSchema.parse({
    name: "fuzz",
    duration: 3600,
    start: "cold",
    servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }],
    dns: { ttl: 60 },
    resolvers: { count: 10 },
    clients: { rate: 0, trace: { file: FILE, format, thinkTime: 30 } },
  });
}

/** logs merge's k-way merge and logs stats' count, over the log and a good one. */
function mergeAndCount(format: TraceFormat, bytes: Buffer, other: Buffer, size: number): number {
  const inputs = [bytes, other].map((b) => {
    const input = new SortedLogInput(format, 60);
    for (const text of chunks(b, size)) input.feed(text.split("\n"));
    input.end();
    return input;
  });
  let merged = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (;;) {
    const i = nextInput(inputs);
    if (i < 0) break;
    const time = inputs[i]!.nextTime;
    expect(time).toBeGreaterThanOrEqual(previous);
    previous = time;
    inputs[i]!.shift();
    merged++;
  }
  expect(merged).toBe(inputs.reduce((n, x) => n + x.parser.valid - x.late, 0));
  return merged;
}

const FORMATS: TraceFormat[] = ["clf", "tsv", "csv"];

describe("log fuzz: hostile lines through the splitter, replay, fit and logs", () => {
  for (const format of FORMATS)
    it(`${format}: ${CASES} logs of ${LINES} lines, 0 crashes, no case over ${CASE_BOUND_MS} ms`, async () => {
      const good = logBytes(format, {
        entries: Array.from({ length: 30 }, (_, i) => ({ dt: 2, host: i % 5, bad: null, at: 0 })),
        chunk: 64,
        newlineAtEnd: true,
      });
      const outcome = { ok: 0, refused: 0, lines: 0, slowest: 0 };
      let n = 0;
      await fc.assert(
        fc.asyncProperty(logCase, async (c) => {
          const bytes = logBytes(format, c);
          const began = performance.now();
          outcome.lines += LINES;
          const results = [
            await survives(() => {
              for (const _ of chunks(bytes, c.chunk));
            }),
            await survives(() => replayTrace(replayScenario(format), lines(bytes, c.chunk))),
            await survives(() => mergeAndCount(format, bytes, good, c.chunk)),
          ];
          if (n++ % FIT_EVERY === 0)
            results.push(
              await survives(() =>
                fitLog(lines(bytes, c.chunk), { ...DEFAULT_FIT_OPTIONS, file: FILE, format }),
              ),
            );
          for (const r of results) outcome[r]++;
          const took = performance.now() - began;
          outcome.slowest = Math.max(outcome.slowest, took);
          expect(took).toBeLessThan(CASE_BOUND_MS);
        }),
        { numRuns: CASES },
      );
      // Both ways out were taken: the fuzz reaches past the first refusal.
      expect(outcome.ok).toBeGreaterThan(CASES / 2);
      expect(outcome.refused).toBeGreaterThan(CASES / 10);
      expect(outcome.lines).toBeGreaterThanOrEqual(CASES * LINES);
    }, 60_000);
});

describe("log fuzz: end to end through the CLI", () => {
  it("a few hostile logs, plain and gzipped: logs stats, logs merge, fit and run exit 0 or 2, never a stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rrdns-log-fuzz-"));
    const samples = fc.sample(logCase, { numRuns: 4, seed: 22 });
    for (const [k, c] of samples.entries()) {
      const bytes = logBytes("clf", c);
      const file = join(dir, k % 2 === 0 ? `f${k}.log` : `f${k}.log.gz`);
      writeFileSync(file, k % 2 === 0 ? bytes : gzipSync(bytes));
      const scenario = join(dir, `f${k}.yaml`);
      writeFileSync(
        scenario,
        `name: f\nduration: 600\nservers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }]\ndns: { ttl: 60 }\nclients: { rate: 0, trace: { file: ${file} } }\n`,
      );
      for (const args of [
        ["logs", "stats", file],
        ["logs", "merge", file, file, "-o", join(dir, `m${k}.log`)],
        ["fit", file, "-o", join(dir, `fit${k}.yaml`)],
        ["run", scenario, "--out", join(dir, `out${k}`), "--no-report"],
      ]) {
        const r = await rrdnsInProcess(args);
        expect([0, 2], `${args.join(" ")}: ${r.stderr}`).toContain(r.code);
        expect(r.stderr).not.toMatch(/\n\s+at |Error: /);
        if (r.code === 2) expect(r.stderr).toMatch(/^rrdns: .*f\d\.log/m);
      }
    }
  }, 120_000);
});
