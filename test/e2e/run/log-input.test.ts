import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CLI, ROOT, rrdnsInProcess } from "../../cli-helpers.js";
import { SAMPLE_LOG, sampleLines } from "../../trace-helpers.js";

/*
 * Issue 22's rows about inputs, end to end through the built CLI: every
 * failure is one line naming the file (and line, or how far reading got),
 * exit 2, no stack trace; every bound is refused before the work starts.
 */

const dir = mkdtempSync(join(tmpdir(), "rrdns-log-input-"));
const noTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |Error: /);

function traceScenario(file: string): string {
  const path = join(dir, `replay-${file.replace(/\W/g, "_")}.yaml`);
  writeFileSync(
    path,
    `name: t\nduration: 600\nstart: cold\nservers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }]\ndns: { ttl: 30 }\nresolvers: { count: 20 }\nclients: { rate: 0, trace: { file: ${file} } }\n`,
  );
  return path;
}

describe("row 5: a truncated or corrupt gzip is a clear error, exit 2, in every reader", () => {
  const whole = readFileSync(SAMPLE_LOG);
  const truncated = join(dir, "truncated.log.gz");
  writeFileSync(truncated, whole.subarray(0, 100_000));
  const corrupt = join(dir, "corrupt.log.gz");
  const bytes = Buffer.from(whole);
  bytes.fill(0xff, 50_000, 50_004);
  writeFileSync(corrupt, bytes);

  const commands: [string, (f: string) => string[]][] = [
    ["logs stats", (f) => ["logs", "stats", f]],
    ["logs merge", (f) => ["logs", "merge", f, "-o", join(dir, "merged.log")]],
    ["fit", (f) => ["fit", f]],
    [
      "run (trace replay)",
      (f) => ["run", traceScenario(f), "--out", join(dir, "out"), "--no-report"],
    ],
  ];
  for (const [name, args] of commands)
    it(`${name}: names the file, the zlib error and how far it got`, async () => {
      const t = await rrdnsInProcess(args(truncated));
      expect(t.code).toBe(2);
      expect(t.stderr).toMatch(
        /truncated\.log\.gz: truncated or corrupt gzip \(Z_BUF_ERROR: unexpected end of file\) after [\d.]+ MB of text, \d+ whole line\(s\)/,
      );
      noTrace(t.stderr);
      const c = await rrdnsInProcess(args(corrupt));
      expect(c.code).toBe(2);
      expect(c.stderr).toMatch(/corrupt\.log\.gz: truncated or corrupt gzip \(Z_DATA_ERROR/);
      noTrace(c.stderr);
    });
});

describe("row 11: no newline, and gzip bombs: bounded before the work", () => {
  it("a 50 MB file without a newline is refused at its first line in a moment (MAX_LINE_BYTES)", async () => {
    const file = join(dir, "one-line.log");
    writeFileSync(file, Buffer.alloc(50 * 1024 * 1024, 0x61));
    const began = Date.now();
    const r = await rrdnsInProcess(["logs", "stats", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/one-line\.log:1:1: line longer than 65536 bytes \(MAX_LINE_BYTES\)/);
    expect(Date.now() - began).toBeLessThan(20_000);
  }, 30_000);

  it("a gzip of 200 MB of newlines (200 kB) is refused at MAX_GZIP_RATIO", async () => {
    const file = join(dir, "bomb.gz");
    // 200 gzip members of 1 MiB of newlines each (as `cat` joins gzips): the bomb in 6 ms, not 1 s of deflate.
    const member = gzipSync(Buffer.alloc(1024 * 1024, 0x0a), { level: 9 });
    writeFileSync(file, Buffer.concat(Array.from({ length: 200 }, () => member)));
    const r = await rrdnsInProcess(["logs", "stats", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /bomb\.gz: expands to more than 100 times its [\d.]+ kB \(MAX_GZIP_RATIO\): refused as a likely gzip bomb \(after 6\d\.\d MB of text/,
    );
  }, 60_000);
});

describe("row 10: --replications capped in every command (MAX_REPLICATIONS)", () => {
  const cases: [string, string[]][] = [
    ["plan", ["plan", "retry-storm", "--slo", "p99<1s", "--replications", "1000000000"]],
    ["fit --validate", ["fit", SAMPLE_LOG, "--validate", "--replications", "100000000"]],
    ["ttl", ["ttl", "default", "--replications", "10001"]],
    ["run", ["run", "default", "--replications", "10001"]],
  ];
  for (const [name, args] of cases)
    it(`${name}: refused when the flag is read`, async () => {
      const r = await rrdnsInProcess(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /--replications: \d+ replications is more than the limit of 10000 \(MAX_REPLICATIONS\)/,
      );
    });
});

describe("row 4: one line dated a century off", () => {
  const lines = sampleLines();
  const withLine = (name: string, from: string, to: string) => {
    const copy = lines.slice();
    copy[5000] = copy[5000]!.replace(from, to);
    const file = join(dir, name);
    writeFileSync(file, copy.join("\n"));
    return file;
  };

  it("2115: the line is malformed and skipped; fit --no-observe writes a scenario its own validate accepts", async () => {
    const file = withLine("y2115.log", "/2015:", "/2115:");
    const out = join(dir, "y2115.yaml");
    const r = await rrdnsInProcess(["fit", file, "--no-observe", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/9,999 valid, 1 malformed skipped/);
    expect(readFileSync(out, "utf8")).toMatch(/^duration: \d{1,6}$/m); // 3.5 days, not 3155673604
    expect((await rrdnsInProcess(["validate", out])).code).toBe(0);
  }, 120_000);

  it("2095: refused before the fit's work, naming the line and the one it is far from", async () => {
    const file = withLine("y2095.log", "/2015:", "/2095:");
    const r = await rrdnsInProcess(["fit", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /y2095\.log:5001:1: dated 2095-05-\d\dT[\d:]+Z, \d+ days after line \d+ .*MAX_LOG_SPAN/,
    );
  });
});

describe("row 15 (end to end)", () => {
  it("validate A B C checks every file, reports each bad one, exit 2", async () => {
    const bad1 = join(dir, "bad1.yaml");
    const bad2 = join(dir, "bad2.yaml");
    writeFileSync(bad1, "name: a\nduration: -1\nservers: [{address: 10.0.0.1}]\ndns: {ttl: 60}\n");
    writeFileSync(
      bad2,
      "name: b\nduration: 60\nservers: [{address: 10.0.0.1}]\ndns: {ttl: 1e300}\n",
    );
    const r = await rrdnsInProcess(["validate", bad1, "default", bad2]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/default\.yaml: ok/);
    expect(r.stderr).toMatch(/bad1\.yaml:2:\d+: duration/);
    expect(r.stderr).toMatch(/bad2\.yaml:4:\d+: dns\.ttl: at most 2147483647 s \(MAX_TTL/);
  });

  it("ttl --ttls 1e300 is refused, naming the limit", async () => {
    const r = await rrdnsInProcess([
      "ttl",
      "default",
      "--ttls",
      "60,1e300",
      "--out",
      join(dir, "ttl"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dns\.ttl: at most 2147483647 s \(MAX_TTL/);
  });

  it("a trace replay whose from is after its to exits 2", async () => {
    const file = join(dir, "ft.log");
    writeFileSync(file, sampleLines().slice(0, 50).join("\n"));
    const path = join(dir, "ft.yaml");
    writeFileSync(
      path,
      `name: t\nduration: 600\nservers: [{ address: 10.0.0.1 }]\ndns: { ttl: 30 }\nclients: { rate: 0, trace: { file: ft.log, from: "2015-05-18T00:00:00Z", to: "2015-05-17T00:00:00Z" } }\n`,
    );
    const r = await rrdnsInProcess(["run", path, "--out", join(dir, "ft"), "--no-report"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /clients\.trace\.from: "2015-05-18T00:00:00Z" is not before clients\.trace\.to/,
    );
  });

  it("probe: a truncated (TC) answer is said to be truncated, not 'no A records'", async () => {
    // A resolver that sets TC and sends no records (as BIND does when the answer is too big for UDP).
    const server = createSocket("udp4");
    server.on("message", (msg, peer) => {
      const reply = Buffer.from(msg);
      reply[2] = 0x83; // QR, TC, RD
      reply[3] = 0x80; // RA, NOERROR
      server.send(reply, peer.port, peer.address);
    });
    await new Promise<void>((done) => server.bind(0, "127.0.0.1", done));
    const port = server.address().port;
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [CLI, "probe", `127.0.0.1:${port}`, "big.example", "--queries", "2"],
        {
          cwd: ROOT,
        },
      );
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ code: code ?? -1, stderr }));
    });
    server.close();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /truncated its answer for big\.example \(TC bit: 0 of its A records fit a UDP datagram/,
    );
    expect(r.stderr).toMatch(/no retry over TCP/);
    expect(r.stderr).not.toMatch(/no A records/);
  });
});
