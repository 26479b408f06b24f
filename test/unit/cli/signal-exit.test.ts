import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { onSignalExit, takeSignals } from "../../../src/cli/signal-exit.js";
import { ROOT } from "../../cli-helpers.js";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const listeners = () => SIGNALS.map((s) => process.listenerCount(s));

describe("the signal guard in this process (no signal sent: the guard's listeners and hand-over)", () => {
  it("is set exactly while a clean-up is registered or a handler holds the signals", () => {
    const before = listeners();
    const forgetA = onSignalExit(() => {});
    const forgetB = onSignalExit(() => {});
    expect(listeners()).toEqual(before.map((n) => n + 1)); // one guard, however many clean-ups
    forgetA();
    expect(listeners()).toEqual(before.map((n) => n + 1));
    forgetB();
    forgetB(); // twice: no harm
    expect(listeners()).toEqual(before);
    const give = takeSignals(() => {});
    expect(listeners()).toEqual(before.map((n) => n + 1));
    give();
    expect(listeners()).toEqual(before);
  });

  it("gives the signals back to the handler before, when a nested one is done", () => {
    const before = listeners();
    const got: string[] = [];
    const giveOuter = takeSignals((s) => got.push(`outer ${s}`));
    const giveInner = takeSignals((s) => got.push(`inner ${s}`));
    process.emit("SIGINT", "SIGINT");
    giveInner();
    process.emit("SIGTERM", "SIGTERM");
    giveOuter();
    expect(got).toEqual(["inner SIGINT", "outer SIGTERM"]);
    expect(listeners()).toEqual(before);
  });
});

/*
 * A real signal, in a child process (its default action ends the process):
 * src/cli/signal-exit.ts bundled from its source, two clean-ups registered
 * (a sweep's lock and a staged output, as files), then the signal.
 */
const dir = mkdtempSync(join(tmpdir(), "rrdns-signal-exit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const module = join(dir, "signal-exit.mjs");
buildSync({
  entryPoints: [join(ROOT, "src/cli/signal-exit.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: module,
  logLevel: "silent",
});

function child(signal: NodeJS.Signals): Promise<{ signal: string | null; out: string }> {
  const lock = join(dir, `${signal}.lock`);
  const staging = join(dir, `${signal}.staging`);
  writeFileSync(lock, "");
  mkdirSync(staging, { recursive: true });
  const script = join(dir, `${signal}.mjs`);
  writeFileSync(
    script,
    `import { rmSync } from "node:fs";
import { onSignalExit } from ${JSON.stringify(module)};
setInterval(() => {}, 1000); // alive until a signal ends it
onSignalExit(() => rmSync(${JSON.stringify(lock)}));
onSignalExit(() => rmSync(${JSON.stringify(staging)}, { recursive: true }));
process.stdout.write("ready\\n");
`,
  );
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (d: Buffer) => {
      out += d;
      if (out === "ready\n") p.kill(signal);
    });
    p.on("exit", (_code, s) => resolve({ signal: s, out }));
  });
}

describe("a signal ends the process: every clean-up runs, then it dies by that signal", () => {
  for (const signal of SIGNALS)
    it(signal, async () => {
      const r = await child(signal);
      expect(r.out).toBe("ready\n");
      expect(r.signal).toBe(signal);
      expect(existsSync(join(dir, `${signal}.lock`))).toBe(false);
      expect(existsSync(join(dir, `${signal}.staging`))).toBe(false);
    });
});
