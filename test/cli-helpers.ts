import { execFileSync, spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = resolve(ROOT, "dist/cli/main.js");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI (built by test/build-dist.ts) and captures everything. */
export function rrdns(args: readonly string[], cwd = ROOT): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    // Below the test timeout (vitest.config.ts): a plan or a fit takes minutes on shared cores.
    timeout: 280_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI on a pseudo-terminal (script(1)); returns what the terminal showed. */
export function onTerminal(args: readonly string[]): string {
  return execFileSync(
    "script",
    ["-qec", [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(" "), "/dev/null"],
    // The bar from the first step, not after 0.4 s: the test does not hang on the machine's speed.
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, RRDNS_PROGRESS_DELAY_MS: "0" } },
  );
}

/*
 * The same call without a process: the built CLI's `main(argv)` (the code
 * `rrdns` runs, imported from dist/ by Node itself, see vitest.config.ts) in
 * the test's own process, with stdout and stderr captured as a pipe would
 * (no terminal: no progress bars), the exit code main returns, and the cwd
 * and environment of the call restored after it. It saves a process's start
 * (Node, then loading the CLI's modules: 0.3–0.45 CPU-s a call) for a test
 * that checks only what a command prints and writes. A test of signals, of
 * stdio as a real process, of a crash's exit 1 or of the installed binary
 * needs `rrdns`; test/e2e/cli/in-process.test.ts holds the two to the same
 * results. `env` adds to the environment for the call (HOME, say), as a
 * process started with it would see. Calls run one at a time (they share the
 * process's streams).
 */
export function rrdnsInProcess(
  args: readonly string[],
  cwd = ROOT,
  env: Readonly<Record<string, string>> = {},
): Promise<CliResult> {
  const call = queue.then(() => runInProcess(args, cwd, env));
  queue = call.catch(() => undefined);
  return call;
}

let queue: Promise<unknown> = Promise.resolve();
type Main = (argv: readonly string[]) => Promise<number>;
let loaded: Promise<Main> | undefined;

/** Each stream's own write and terminal properties, swapped for a capture during a call. */
const STREAM_KEYS = ["write", "isTTY", "columns", "rows"] as const;

function capture(stream: NodeJS.WriteStream, into: string[]): () => void {
  const saved = STREAM_KEYS.map(
    (key) => [key, Object.getOwnPropertyDescriptor(stream, key)] as const,
  );
  const write = (chunk: string | Uint8Array, encoding?: unknown, done?: unknown): boolean => {
    into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    const callback = typeof encoding === "function" ? encoding : done;
    if (typeof callback === "function") process.nextTick(callback as () => void);
    return true;
  };
  // A pipe, as spawnSync gives the process: no terminal and no width.
  for (const [key, value] of [
    ["write", write],
    ["isTTY", undefined],
    ["columns", undefined],
    ["rows", undefined],
  ] as const)
    Object.defineProperty(stream, key, { value, configurable: true, writable: true });
  return () => {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(stream, key, descriptor);
      else delete (stream as unknown as Record<string, unknown>)[key];
    }
  };
}

/**
 * Process events a command may listen to (signals while it writes, its exit):
 * a call must leave no listener behind. One left behind is removed before the
 * call fails, so it cannot act on a later test in the same worker.
 */
const EVENTS = [
  "SIGINT",
  "SIGTERM",
  "SIGHUP",
  "exit",
  "beforeExit",
  "uncaughtException",
  "unhandledRejection",
] as const;

async function runInProcess(
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>>,
): Promise<CliResult> {
  loaded ??= import(pathToFileURL(CLI).href).then((m: { main: Main }) => m.main);
  const main = await loaded;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const savedCwd = process.cwd();
  const savedEnv = { ...process.env };
  const savedExitCode = process.exitCode;
  // As a plain emitter: the events' listener types differ, and only their identity matters here.
  const emitter: NodeJS.EventEmitter = process;
  const listeners = EVENTS.map((e) => emitter.listeners(e));
  const restoreOut = capture(process.stdout, stdout);
  const restoreErr = capture(process.stderr, stderr);
  let code: number;
  try {
    process.chdir(cwd);
    Object.assign(process.env, env);
    process.exitCode = undefined;
    try {
      code = await main(args);
    } catch (error) {
      // A bug: the process would print the error and exit 1.
      stderr.push(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      code = 1;
    }
    // What a process would still do before it exits (callbacks of writes, a last timer tick).
    await new Promise((done) => setImmediate(done));
  } finally {
    restoreErr();
    restoreOut();
    process.exitCode = savedExitCode;
    process.chdir(savedCwd);
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  }
  const left: string[] = [];
  EVENTS.forEach((event, i) => {
    for (const listener of emitter.listeners(event))
      if (!listeners[i]!.includes(listener)) {
        emitter.off(event, listener as (...a: unknown[]) => void);
        left.push(event);
      }
  });
  if (left.length > 0)
    throw new Error(`rrdns ${args.join(" ")} left listeners of ${[...new Set(left)].join(", ")}`);
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}

/** stderr without the `wrote <path>` lines every command that writes files prints there. */
export function messages(stderr: string): string {
  return stderr.replace(/^(\S+: )?wrote .*\n/gm, "");
}
