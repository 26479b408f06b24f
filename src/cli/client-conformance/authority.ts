import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
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

/**
 * Runtimes that look up a name of their own (same addresses as TEST_NAME),
 * so the authority's query log tells their lookups apart: the DNS side of
 * their rows (how often they really ask), next to the servers' side.
 */
export const OWN_NAMES: Readonly<Record<string, string>> = {
  "node-agent": "node.rrdns.test",
  "go-http": "go.rrdns.test",
  "nginx-valid": "nginx.rrdns.test",
  haproxy: "haproxy.rrdns.test",
};

/** A queries for `name` in a dnsmasq query log (--log-queries). */
export function countQueries(log: string, name: string): number {
  const needle = `query[A] ${name} `;
  let n = 0;
  for (let at = log.indexOf(needle); at >= 0; at = log.indexOf(needle, at + needle.length)) n++;
  return n;
}
export const DNSMASQ = "/usr/sbin/dnsmasq";

export interface Authority {
  readonly port: number;
  readonly javaHosts: string;
  /** The answer in hosts format (what dnsmasq reads); the namespaced runtimes' own dnsmasq reads it too. */
  readonly hostsFile: string;
  /** Marks the start and the end of traffic: queries() counts between them. */
  markStart(): void;
  markEnd(): void;
  /** A queries for `name` between markStart() and markEnd() (or now). */
  queries(name: string): number;
  /** Publishes a new answer (addresses in any order). */
  set(addresses: readonly string[]): void;
  stop(): Promise<void>;
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

const NAMES = [TEST_NAME, ...Object.values(OWN_NAMES)].join(" ");
const hostsText = (addresses: readonly string[]) =>
  addresses.map((a) => `${a} ${NAMES}\n`).join("");

export async function startAuthority(
  dir: string,
  port: number,
  ttl: number,
  initial: readonly string[],
  stopDaemon: (child: ChildProcess) => Promise<void>,
): Promise<Authority> {
  const hosts = join(dir, "answer.hosts");
  const javaHosts = join(dir, "java.hosts");
  const queryLog = join(dir, "dnsmasq-queries.log");
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
    "--log-queries",
    `--log-facility=${queryLog}`,
  ]);
  let startOffset = 0;
  let endOffset = Number.POSITIVE_INFINITY;
  const logSize = () => (existsSync(queryLog) ? statSync(queryLog).size : 0);
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
    markStart() {
      startOffset = logSize();
    },
    markEnd() {
      endOffset = logSize();
    },
    queries(name) {
      if (!existsSync(queryLog)) return 0;
      const text = readFileSync(queryLog).subarray(startOffset, endOffset).toString("utf8");
      return countQueries(text, name);
    },
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
