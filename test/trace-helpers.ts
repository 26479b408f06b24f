import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { loadScenario, type Scenario } from "../src/scenario/index.js";
import { ROOT } from "./cli-helpers.js";

/**
 * The bundled real sample (10,000 Combined Log Format lines, 2015; Apache-2.0,
 * see data/README.md), shipped in the repository's data/ folder.
 */
export const SAMPLE_LOG = resolve(ROOT, "data/apache-combined-2015.log.gz");

/** The sample's lines (gunzipped in memory: it is small; the CLI streams). */
export function sampleLines(): string[] {
  return gunzipSync(readFileSync(SAMPLE_LOG)).toString("utf8").split("\n");
}

/** A Combined Log Format line at epoch second t, rendered in zone `zone` (minutes east of UTC). */
export function clf(host: string, t: number, zone = 0, path = "/", bytes = "512"): string {
  const local = new Date((t + zone * 60) * 1000);
  const months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
  const p = (n: number) => String(n).padStart(2, "0");
  const z = `${zone < 0 ? "-" : "+"}${p(Math.floor(Math.abs(zone) / 60))}${p(Math.abs(zone) % 60)}`;
  const date = `${p(local.getUTCDate())}/${months[local.getUTCMonth()]}/${local.getUTCFullYear()}:${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())} ${z}`;
  return `${host} - - [${date}] "GET ${path} HTTP/1.1" 200 ${bytes} "-" "agent/1.0"`;
}

/**
 * A log past the gunzip thread's threshold (1.2 MB gzipped, OFF_THREAD_MIN_BYTES
 * is 1 MiB): 100,000 Combined Log Format lines, 28 a second from
 * 2015-05-17 10:00 UTC (all within the hour), that meet the reader's edges:
 * CRLF lines, UTF-8 paths (é, an emoji) and, joined, no newline after the
 * last line; 11.6 MB, so several of the reader's 1 MiB chunks.
 */
export function largeLogText(): Buffer {
  const t0 = Date.UTC(2015, 4, 17, 10, 0, 0) / 1000;
  const lines = Array.from({ length: 100_000 }, (_, i) => {
    const path = i % 11 === 0 ? `/café/${i}/😀` : `/page/${i % 300}`;
    const host = `10.${i % 3}.${(i * 7) % 200}.${i % 97}`;
    const line = clf(host, t0 + Math.floor(i / 28), 0, path, String(100 + (i % 900)));
    return i % 5 === 0 ? `${line}\r` : line;
  });
  return Buffer.from(lines.join("\n"));
}

/** A cold three-server scenario replaying a trace (x.log, think time 30 s); `extra` adds to its trace block. */
export const traceScenario = (extra = ""): Scenario =>
  loadScenario(
    `name: t
duration: 1000
start: cold
servers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }, { address: 10.0.0.3 }]
dns: { ttl: 60, order: cyclic }
resolvers: { count: 5, behaviour: frozen }
clients:
  rate: 0
  trace: { file: x.log, thinkTime: 30${extra} }
`,
    "t.yaml",
  );
