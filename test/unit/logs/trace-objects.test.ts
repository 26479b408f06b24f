import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  LineParser,
  TraceFeed,
  type TraceFormat,
  TraceObjects,
  TraceReader,
  TraceScan,
} from "../../../src/logs/index.js";

/*
 * The trace reader hands each replayed request's object id to the feed, off
 * the parse it makes anyway; the content model used to parse the line again
 * and intern its path. The oracle here is that old way, line by line: a
 * parser that has seen every line so far, `path(line)`, ids in order of
 * first appearance.
 */

const T0 = Date.UTC(2015, 4, 18) / 1000;
const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

function clfDate(t: number): string {
  const d = new Date(t * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Requests as logs write them, odd ones included: query strings, no protocol, `-`, escaped quotes, an empty path, non-ASCII. */
const REQUESTS = [
  "GET /a HTTP/1.1",
  "GET /a?x=1&y=2 HTTP/1.1",
  "GET /a?x=1 HTTP/1.0",
  "GET /ab HTTP/1.1",
  "GET /a",
  "HEAD /a HTTP/1.1",
  "-",
  "GET  HTTP/1.0",
  'GET /q\\"uote HTTP/1.1',
  "GET /caf\u00e9/%20x HTTP/1.1",
  "GET /a#frag HTTP/1.1",
  "POST /form?a=b&c=%22 HTTP/2.0",
  "garbage",
];

interface Entry {
  readonly host: number;
  readonly dt: number;
  readonly request: number;
  readonly path: string;
  readonly bytes: number;
  readonly kind: "ok" | "malformed" | "blank";
}

const entry = fc.record({
  host: fc.integer({ min: 0, max: 5 }),
  dt: fc.integer({ min: -3, max: 4 }),
  request: fc.integer({ min: 0, max: REQUESTS.length - 1 }),
  path: fc.constantFrom("/a", "/a?x=1", "/ab", "", "/b c", "/\u00e9"),
  bytes: fc.integer({ min: 0, max: 5000 }),
  kind: fc.constantFrom<Entry["kind"]>("ok", "ok", "ok", "ok", "ok", "ok", "malformed", "blank"),
});

function logLines(format: TraceFormat, entries: readonly Entry[]): string[] {
  const lines = format === "clf" ? [] : [["time", "host", "bytes", "path"].join(sep(format))];
  let t = T0;
  for (const e of entries) {
    t += Math.max(e.dt, 0);
    const time = t + Math.min(e.dt, 0); // a little out of order, within the window
    if (e.kind === "blank") lines.push("");
    else if (e.kind === "malformed") lines.push(`10.0.0.${e.host} - - [not a date] "GET /x" 200`);
    else if (format === "clf")
      lines.push(
        `10.0.0.${e.host} - - [${clfDate(time)}] "${REQUESTS[e.request]}" 200 ${e.bytes} "-" "agent"`,
      );
    else lines.push([time, `10.0.0.${e.host}`, e.bytes, e.path].join(sep(format)));
  }
  return lines;
}

function sep(format: TraceFormat): string {
  return format === "tsv" ? "\t" : ",";
}

/** The old way: every path interned on its own parse, in order of first appearance. */
function oracle(format: TraceFormat, lines: readonly string[]) {
  const parser = new LineParser(format);
  const ids = new Map<string, number>();
  for (const line of lines)
    if (parser.parse(line)) {
      const path = parser.path(line);
      if (!ids.has(path)) ids.set(path, ids.size);
    }
  return (line: string) => {
    expect(parser.parse(line)).toBe(true);
    return ids.get(parser.path(line))!;
  };
}

/** Both passes as replayTrace runs them; the feed drained into (line, object) pairs. */
function readObjects(
  format: TraceFormat,
  lines: readonly string[],
  how: "lines" | "chunk",
  keepLines: boolean,
): { lines: string[]; objects: number[]; count: number } {
  const scan = new TraceScan(format);
  const objects = new TraceObjects();
  const onValid = objects.scanned.bind(objects);
  const text = lines.join("\n");
  if (how === "chunk") scan.chunk(text, onValid);
  else
    for (const line of lines) {
      const valid = scan.parser.valid;
      scan.line(line);
      if (scan.parser.valid > valid) onValid(line, scan.parser);
    }
  const feed = new TraceFeed();
  const clock = {
    origin: scan.first,
    speedup: 1,
    duration: Number.POSITIVE_INFINITY,
    to: Infinity,
  };
  const reader = new TraceReader(format, 5, scan.hostIndex, clock, feed, objects);
  if (how === "chunk") reader.chunk(text, keepLines);
  else for (const line of lines) reader.line(line);
  reader.flush();
  const out = { lines: [] as string[], objects: [] as number[], count: objects.count };
  while (feed.available) {
    feed.take();
    out.lines.push(feed.line);
    out.objects.push(feed.object);
  }
  return out;
}

describe("object ids handed over by the trace reader", () => {
  for (const format of ["clf", "tsv", "csv"] as const)
    it(`${format}: every replayed request carries the id of its own line's path, read in place or line by line`, () => {
      fc.assert(
        fc.property(fc.array(entry, { minLength: 1, maxLength: 120 }), (entries) => {
          const lines = logLines(format, entries);
          const idOf = oracle(format, lines);
          const byLine = readObjects(format, lines, "lines", true);
          const distinct = new Set(byLine.lines.map(idOf)).size;
          expect(byLine.objects).toEqual(byLine.lines.map(idOf));
          expect(byLine.count).toBeGreaterThanOrEqual(distinct);
          // In place (the CLI's way), with and without the lines kept.
          const inPlace = readObjects(format, lines, "chunk", true);
          expect(inPlace.lines).toEqual(byLine.lines);
          expect(inPlace.objects).toEqual(byLine.objects);
          const bare = readObjects(format, lines, "chunk", false);
          expect(bare.objects).toEqual(byLine.objects);
          expect(bare.lines.every((line) => line === "")).toBe(true);
        }),
        { numRuns: 150 },
      );
    });

  it("odd CLF requests: paths as requestPath reads them, distinct ids for /a, /a?x=1, /ab and the empty path", () => {
    const lines = REQUESTS.map(
      (request, i) => `10.0.0.1 - - [${clfDate(T0 + i)}] "${request}" 200 ${i} "-" "agent"`,
    );
    const got = readObjects("clf", lines, "chunk", true);
    const parser = new LineParser("clf");
    const paths = got.lines.map((line) => (parser.parse(line) ? parser.path(line) : "?"));
    expect(paths).toEqual([
      "/a",
      "/a?x=1&y=2",
      "/a?x=1",
      "/ab",
      "/a",
      "/a",
      "",
      "",
      '/q\\"uote',
      "/caf\u00e9/%20x",
      "/a#frag",
      "/form?a=b&c=%22",
      "",
    ]);
    expect(got.objects).toEqual([0, 1, 2, 3, 0, 0, 4, 4, 5, 6, 7, 8, 4]);
  });
});

describe("trace objects", () => {
  it("interns TSV paths in order of first appearance, sized by the largest bytes logged", () => {
    const o = new TraceObjects();
    const parser = new LineParser("tsv");
    const lines = [
      "time\thost\tbytes\tpath",
      "1000\th1\t50\t/a",
      "1001\th2\t900\t/a",
      "1002\th1\t7\t/b",
      "1003\th1\t3\t/a",
    ];
    for (const line of lines) if (parser.parse(line)) o.scanned(line, parser);
    expect(o.count).toBe(2);
    expect([o.size(0), o.size(1)]).toEqual([900, 7]);
    const replay = new LineParser("tsv");
    const ids = lines.map((line) => (replay.parse(line) ? o.objectOf(line, replay) : null));
    expect(ids).toEqual([null, 0, 0, 1, 0]);
    expect(replay.parse("1004\th1\t1\t/unseen") && o.objectOf("", replay)).toBe(-1);
  });
});
