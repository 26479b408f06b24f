import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rrdnsInProcess } from "../../cli-helpers.js";

const T0 = Date.UTC(2015, 4, 17, 10, 0, 0);
const months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
function clf(host: string, seconds: number): string {
  const d = new Date(T0 + seconds * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${host} - - [${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000] "GET / HTTP/1.1" 200 10`;
}

describe("rrdns run with clients.cache on a trace and on sessions", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-client-cache-"));
  // 40 hosts, each a single-request visit every 100 s for an hour (thinkTime 20 s).
  const lines: string[] = [];
  for (let k = 0; k < 36; k++) for (let h = 0; h < 40; h++) lines.push(clf(`10.9.0.${h}`, k * 100));
  writeFileSync(join(dir, "a.log"), `${lines.join("\n")}\n`);
  const scenario = (cache: string) => {
    const path = join(dir, `s-${cache.length}.yaml`);
    writeFileSync(
      path,
      `name: t\nduration: 3600\nstart: cold\nservers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }, { address: 10.0.0.3 }]\ndns: { ttl: 30 }\nresolvers: { count: 20, behaviour: rotate }\nclients: { rate: 0, ${cache}trace: { file: a.log, thinkTime: 20, resolvers: { rule: host } } }\nfragmentation: { sessionGap: 7200 }\n`,
    );
    return path;
  };

  it("replays with a client cache: 300 s lifetime, visits 100 s apart: one lookup in three; the chart marks the lifetime", async () => {
    const out = join(dir, "cached");
    const r = await rrdnsInProcess([
      "run",
      scenario("cache: { lifetime: 300 }, "),
      "--quiet",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.totals.visits).toBe(40 * 36);
    // Queries at visits 0, 3, 6, …: 12 of 36 per host.
    expect(results.dns.resolverLookups).toBe(40 * 12);
    expect(results.dns.clientCacheHits).toBe(40 * 24);
    // Two of three consecutive visits hit the client cache (same server); the third gets a rotated answer.
    expect(results.fragmentation.switchedPairs).toBe(40 * 11);
    const svg = readFileSync(join(out, "charts", "fragmentation.svg"), "utf8");
    expect(svg).toContain("client cache 300 s");
    const none = join(dir, "none");
    expect(
      (await rrdnsInProcess(["run", scenario(""), "--no-report", "--quiet", "--out", none])).code,
    ).toBe(0);
    const plain = JSON.parse(readFileSync(join(none, "results.json"), "utf8"));
    expect(plain.dns.resolverLookups).toBe(40 * 36);
    expect(plain.fragmentation.switchedPairs).toBe(40 * 35);
  });

  it("runs a session workload with client caches; a bad lifetime is exit 2 naming the field", async () => {
    const path = join(dir, "sessions.yaml");
    const text = (lifetime: string) =>
      `name: s\nduration: 1800\nstart: cold\nservers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }]\ndns: { ttl: 300 }\nresolvers: { count: 10 }\nclients:\n  rate: 0\n  cache: { lifetime: ${lifetime} }\n  sessions:\n    lookupGap: 300\n    classes:\n      - { name: b, clients: 200, skew: 0.5, rate: 0.2, pages: 3, thinkTime: 400, objects: 2, objectGap: 0.5 }\n`;
    writeFileSync(path, text("60"));
    const out = join(dir, "sessions");
    const r = await rrdnsInProcess(["run", path, "--no-report", "--quiet", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.dns.clientCacheHits + results.dns.resolverLookups).toBe(results.totals.visits);
    writeFileSync(path, text("-5"));
    const bad = await rrdnsInProcess(["run", path, "--no-report", "--quiet", "--out", out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/clients\.cache\.lifetime/);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
