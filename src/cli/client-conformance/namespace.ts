import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClientRequest } from "../../conformance/index.js";
import { runProgram } from "./external.js";

/**
 * The runtimes that read the machine's resolver configuration and cannot be
 * pointed at the harness's DNS any other way: glibc's getaddrinfo (no
 * cache), nscd (glibc with the name-service cache daemon) and nginx
 * resolving its upstream once at start-up. Each runs in namespaces of its
 * own (`unshare --net --mount --pid --fork --kill-child`): a private
 * loopback, where dnsmasq answers on 127.0.0.1:53 (resolv.conf cannot name
 * a port), and a private mount table, where /etc/resolv.conf and
 * /etc/nsswitch.conf are bind-mounted over and /run is a fresh tmpfs (nscd's
 * socket directory). Nothing outside the namespaces changes. The runner
 * (namespace-runner.ts) is the namespace's PID 1: when the harness stops
 * `unshare` by its PID, --kill-child kills the runner and the kernel every
 * process left in the PID namespace.
 */
export type NamespacedKind = "glibc" | "nscd" | "nginx-once";

export const NAMESPACED: Readonly<Record<string, NamespacedKind>> = {
  "glibc-getaddrinfo": "glibc",
  "nscd-getaddrinfo": "nscd",
  "nginx-once": "nginx-once",
};

export const UNSHARE = "/usr/bin/unshare";
export const UNSHARE_FLAGS = ["--net", "--mount", "--pid", "--fork", "--kill-child"] as const;
export const NSCD = "/usr/sbin/nscd";
/** iproute2's ip brings the private loopback up. */
const IP_CANDIDATES = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"];

export function ipBinary(): string | undefined {
  return IP_CANDIDATES.find((p) => existsSync(p));
}

/** What one namespaced run needs; written as JSON for the runner. */
export interface NamespaceConfig {
  readonly id: string;
  readonly kind: NamespacedKind;
  /** The runner's own folder (configuration files, logs, the recorded requests). */
  readonly dir: string;
  /** The harness's hosts file; the runner re-reads it into its dnsmasq when it changes. */
  readonly hostsFile: string;
  readonly ttl: number;
  readonly addresses: readonly string[];
  readonly port: number;
  readonly front: number;
  readonly clients: number;
  readonly intervalMs: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly requestsPerConnection: number;
  readonly ip: string;
}

let probed: string | undefined | null = null;

/**
 * Why the namespaces cannot be made here (no unshare, no ip, or the kernel
 * or the sandbox refuses), or undefined: a real probe, once per process,
 * that makes the same namespaces, brings loopback up and mounts a tmpfs.
 */
export function namespacesUnavailable(): string | undefined {
  if (probed !== null) return probed;
  const ip = ipBinary();
  if (!existsSync(UNSHARE)) probed = `${UNSHARE} not installed (apt-get install util-linux)`;
  else if (!ip) probed = "ip not installed (apt-get install iproute2)";
  else {
    const r = spawnSync(
      UNSHARE,
      [...UNSHARE_FLAGS, "/bin/sh", "-c", `${ip} link set lo up && mount -t tmpfs tmpfs /run`],
      { encoding: "utf8", timeout: 10_000 },
    );
    probed =
      r.status === 0
        ? undefined
        : `network/mount/PID namespaces not permitted here (${(r.stderr || r.error?.message || `unshare exit ${r.status}`).trim().split("\n")[0]})`;
  }
  return probed;
}

/** The runner's compiled file: next to this module in dist/, or dist/ seen from src/ (vitest). */
export function runnerPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, "namespace-runner.js");
  if (existsSync(sibling)) return sibling;
  return resolve(here, "../../../dist/cli/client-conformance/namespace-runner.js");
}

/**
 * Starts one namespaced runtime: the runner prints `ready` once its DNS,
 * backends (and nscd or nginx) are up, runs its clients over the schedule,
 * writes what its backends recorded and prints `{"errors":N}`. `requests`
 * reads the recording after the run.
 */
export function startNamespaced(
  harnessDir: string,
  config: Omit<NamespaceConfig, "dir" | "ip">,
): ReturnType<typeof runProgram> & { requests(): ClientRequest[] } {
  const dir = join(harnessDir, `ns-${config.id}`);
  mkdirSync(dir, { recursive: true });
  const full: NamespaceConfig = { ...config, dir, ip: ipBinary() ?? "ip" };
  const file = join(dir, "config.json");
  writeFileSync(file, JSON.stringify(full));
  const p = runProgram(harnessDir, `ns-${config.id}`, UNSHARE, [
    ...UNSHARE_FLAGS,
    process.execPath,
    runnerPath(),
    file,
  ]);
  return {
    ...p,
    requests: () => JSON.parse(readFileSync(join(dir, "requests.json"), "utf8")) as ClientRequest[],
  };
}

/** resolv.conf inside: the namespace's dnsmasq only, no search list. */
export const RESOLV_CONF = "nameserver 127.0.0.1\noptions timeout:1 attempts:2\n";
/** nsswitch.conf inside: hosts from DNS only (no /etc/hosts, no mDNS or other modules). */
export const NSSWITCH_CONF = "passwd: files\ngroup: files\nhosts: dns\n";

/**
 * nscd.conf inside: Debian's hosts settings (positive-time-to-live 3600,
 * negative 20, shared memory on) but no persistent file and no check of
 * /etc/hosts, and every other table off.
 */
export function nscdConf(dir: string): string {
  return `debug-level 0
logfile ${dir}/nscd.log
paranoia no
enable-cache passwd no
enable-cache group no
enable-cache services no
enable-cache netgroup no
enable-cache hosts yes
positive-time-to-live hosts 3600
negative-time-to-live hosts 20
suggested-size hosts 211
check-files hosts no
persistent hosts no
shared hosts yes
max-db-size hosts 33554432
`;
}
