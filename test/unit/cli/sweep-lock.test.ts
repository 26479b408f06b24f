import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../../cli-helpers.js";

/*
 * The sweep lock against a real signal, in a child process (a signal's
 * default action ends the process, so it cannot be tried in the test's
 * own). The child runs src/cli/sweep-lock.ts, bundled from its source, and
 * says "locked" from inside withSweepLock's work: the point where `rrdns
 * sweep` has taken the lock and not yet reached executePlan. The test sends
 * the signal only then, so the step it checks is hit every time.
 */

const dir = mkdtempSync(join(tmpdir(), "rrdns-sweep-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The lock and the signal guard it registers with (signal-exit.ts), bundled as one module.
const entry = join(dir, "entry.ts");
writeFileSync(
  entry,
  ["sweep-lock", "signal-exit"]
    .map((m) => `export * from ${JSON.stringify(join(ROOT, `src/cli/${m}.ts`))};`)
    .join("\n"),
);
const module = join(dir, "sweep-lock.mjs");
buildSync({
  entryPoints: [entry],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: module,
  logLevel: "silent",
});

/** The child's script: `work` is the body of withSweepLock's work, `lock` its lock file. */
function child(
  name: string,
  work: string,
): Promise<{
  code: number | null;
  signal: string | null;
  out: string;
  holder: unknown;
  pid: number | undefined;
}> {
  const script = join(dir, `${name}.mjs`);
  writeFileSync(
    script,
    `import { existsSync } from "node:fs";
import * as sweepLock from ${JSON.stringify(module)};
const lock = ${JSON.stringify(join(dir, `${name}.lock`))};
setInterval(() => {}, 1000); // alive until a signal ends it
await sweepLock.withSweepLock(lock, async () => {
  ${work}
  process.stdout.write("locked\\n");
  await new Promise(() => {});
});
`,
  );
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    let holder: unknown = null;
    p.stdout.on("data", (d: Buffer) => {
      out += d;
      if (out === "locked\n") {
        holder = JSON.parse(readFileSync(join(dir, `${name}.lock`), "utf8"));
        p.kill("SIGINT");
      }
    });
    p.on("exit", (code, signal) => resolve({ code, signal, out, holder, pid: p.pid }));
  });
}

describe("withSweepLock: a signal while the lock is held", () => {
  it("before any handler is set: the lock is released and the process ends by the signal", async () => {
    // Before the fix the lock was taken with no handler set: SIGINT's default action ended
    // the process there and left the lock file behind.
    const r = await child("bare", "");
    expect(r.out).toBe("locked\n");
    // The child held the lock when the signal was sent.
    expect(r.holder).toEqual({ pid: r.pid, host: hostname() });
    expect(r.signal).toBe("SIGINT");
    expect(existsSync(join(dir, "bare.lock"))).toBe(false);
  });

  it("with a plan's handler: the handler gets the signal, and the lock stays until it releases it", async () => {
    const r = await child(
      "handed",
      `sweepLock.takeSignals((signal) => {
    process.stdout.write("stopping on " + signal + ", lock " + (existsSync(lock) ? "kept" : "gone") + "\\n");
    sweepLock.releaseAllSweepLocks();
    process.exit(3);
  });`,
    );
    expect(r.out).toBe("locked\nstopping on SIGINT, lock kept\n");
    expect(r.holder).toEqual({ pid: r.pid, host: hostname() });
    expect(r.code).toBe(3);
    expect(existsSync(join(dir, "handed.lock"))).toBe(false);
  });
});
