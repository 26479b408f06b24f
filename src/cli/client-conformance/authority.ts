import type { ChildProcess } from "node:child_process";
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startDaemon } from "../conformance/daemons.js";

/**
 * The test name's authority: dnsmasq on 127.0.0.1 and an unprivileged port,
 * answering only from a hosts file (no upstream, no /etc/hosts, no
 * /etc/resolv.conf: anything else is refused or NXDOMAIN, so no client can
 * leak a query off loopback through it). Its A records change during the
 * run: the file is rewritten and dnsmasq re-reads it on SIGHUP. Answers
 * carry a TTL of `ttl` seconds, and dnsmasq shuffles the order of each one
 * (measured: every query a different order).
 *
 * The JVM cannot be pointed at a DNS server any more, so a second file in
 * hosts format (jdk.net.hosts.file) follows the same answer, rotated by one
 * every second, as a round-robin DNS server would.
 */
export const TEST_NAME = "svc.rrdns.test";
export const DNSMASQ = "/usr/sbin/dnsmasq";

export interface Authority {
  readonly port: number;
  readonly javaHosts: string;
  /** The answer in hosts format (what dnsmasq reads); the namespaced runtimes' own dnsmasq reads it too. */
  readonly hostsFile: string;
  /** Publishes a new answer (addresses in any order). */
  set(addresses: readonly string[]): void;
  stop(): Promise<void>;
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

const hostsText = (addresses: readonly string[]) =>
  addresses.map((a) => `${a} ${TEST_NAME}\n`).join("");

export async function startAuthority(
  dir: string,
  port: number,
  ttl: number,
  initial: readonly string[],
  stopDaemon: (child: ChildProcess) => Promise<void>,
): Promise<Authority> {
  const hosts = join(dir, "answer.hosts");
  const javaHosts = join(dir, "java.hosts");
  let current = [...initial];
  let turn = 0;
  writeAtomically(hosts, hostsText(current));
  writeAtomically(javaHosts, hostsText(current));
  const child = startDaemon(dir, "dnsmasq", DNSMASQ, [
    "--keep-in-foreground",
    "--conf-file=/dev/null",
    "--no-resolv",
    "--no-hosts",
    "--no-poll",
    `--addn-hosts=${hosts}`,
    `--local-ttl=${ttl}`,
    `--port=${port}`,
    "--listen-address=127.0.0.1",
    "--bind-interfaces",
    "--local=/rrdns.test/",
    "--user=root",
    `--pid-file=${join(dir, "dnsmasq.pid")}`,
    "--log-facility=-",
  ]);
  const rotate = setInterval(() => {
    turn++;
    const k = current.length === 0 ? 0 : turn % current.length;
    writeAtomically(javaHosts, hostsText([...current.slice(k), ...current.slice(0, k)]));
  }, 1000);
  await new Promise((r) => setTimeout(r, 300));
  if (child.exitCode !== null) throw new Error(`dnsmasq exited at start (see ${dir}/dnsmasq.out)`);
  return {
    port,
    javaHosts,
    hostsFile: hosts,
    set(addresses) {
      current = [...addresses];
      writeAtomically(hosts, hostsText(current));
      writeAtomically(javaHosts, hostsText(current));
      if (child.pid !== undefined) process.kill(child.pid, "SIGHUP");
    },
    async stop() {
      clearInterval(rotate);
      await stopDaemon(child);
    },
  };
}
