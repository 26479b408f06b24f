import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

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

/** stderr without the `wrote <path>` lines every command that writes files prints there. */
export function messages(stderr: string): string {
  return stderr.replace(/^(\S+: )?wrote .*\n/gm, "");
}
