import { type ChildProcess, spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { startDaemon, stopDaemon } from "../conformance/daemons.js";
import { sleep } from "../conformance/udp-client.js";
import { countQueries, DNSMASQ, TEST_NAME } from "./authority.js";
import { type Backend, recorder, startHttpBackend } from "./backends.js";
import { nginxOnceConf, startNginx, tail } from "./external.js";
import { type NamespaceConfig, NSCD, NSSWITCH_CONF, nscdConf, RESOLV_CONF } from "./namespace.js";
import { runSystemLookupClients } from "./node-clients.js";

/**
 * Runs inside `unshare --net --mount --pid --fork --kill-child` as the
 * namespaces' PID 1 (namespace.ts): makes the private loopback and files,
 * starts dnsmasq on 127.0.0.1:53, nscd or nginx when the runtime needs them,
 * the runtime's backends, then its clients over the harness's schedule.
 * Prints `ready` before the start and `{"errors":N}` after writing the
 * recorded requests to `<dir>/requests.json`. Exit 1 with a message on any
 * setup failure; when this process ends, the kernel ends every process of
 * its PID namespace.
 */

function must(file: string, args: string[]): void {
  const r = spawnSync(file, args, { encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(`${file} ${args.join(" ")}: ${r.stderr || r.error?.message || r.status}`);
}

/**
 * Puts `text` at `path` for this mount namespace only. A path that is a
 * symlink (resolv.conf often is) is followed: into /run, which is already
 * the private tmpfs, the file is written there; elsewhere it is bind-mounted.
 */
function privateFile(dir: string, path: string, text: string): void {
  let target = path;
  if (existsSync(path) && lstatSync(path).isSymbolicLink())
    target = resolve(dirname(path), readlinkSync(path));
  if (target.startsWith("/run/")) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    return;
  }
  const own = join(dir, path.replaceAll("/", "_"));
  writeFileSync(own, text);
  must("/bin/mount", ["--bind", own, target]);
}

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what} not up after ${ms} ms`);
    await sleep(50);
  }
}

async function main(configFile: string): Promise<number> {
  const c = JSON.parse(readFileSync(configFile, "utf8")) as NamespaceConfig;
  const daemons: ChildProcess[] = [];
  const backends: Backend[] = [];
  let poll: NodeJS.Timeout | undefined;
  try {
    must(c.ip, ["link", "set", "lo", "up"]);
    // A fresh /run hides the machine's nscd socket (/var/run/nscd/socket) from
    // this namespace, so glibc here talks to our nscd or to none.
    must("/bin/mount", ["-t", "tmpfs", "tmpfs", "/run"]);
    mkdirSync("/run/nscd", { recursive: true });
    privateFile(c.dir, "/etc/resolv.conf", RESOLV_CONF);
    privateFile(c.dir, "/etc/nsswitch.conf", NSSWITCH_CONF);
    // The answer: the harness's hosts file, re-read on SIGHUP when it changes.
    const dnsLog = join(c.dir, "dnsmasq.log");
    const dns = startDaemon(c.dir, "dnsmasq", DNSMASQ, [
      "--keep-in-foreground",
      "--conf-file=/dev/null",
      "--no-resolv",
      "--no-hosts",
      "--no-poll",
      `--addn-hosts=${c.hostsFile}`,
      `--local-ttl=${c.ttl}`,
      "--port=53",
      "--listen-address=127.0.0.1",
      "--bind-interfaces",
      "--local=/rrdns.test/",
      "--user=root",
      `--pid-file=${join(c.dir, "dnsmasq.pid")}`,
      "--log-queries",
      `--log-facility=${dnsLog}`,
    ]);
    daemons.push(dns);
    let answer = readFileSync(c.hostsFile, "utf8");
    poll = setInterval(() => {
      const now = readFileSync(c.hostsFile, "utf8");
      if (now !== answer && dns.pid !== undefined) {
        answer = now;
        process.kill(dns.pid, "SIGHUP");
      }
    }, 100);
    await sleep(300);
    if (dns.exitCode !== null)
      throw new Error(`dnsmasq exited: ${tail(join(c.dir, "dnsmasq.out"))}`);
    if (c.kind === "nscd") {
      writeFileSync(join(c.dir, "nscd.conf"), nscdConf(c.dir));
      const nscd = startDaemon(c.dir, "nscd", NSCD, ["-F", "-f", join(c.dir, "nscd.conf")]);
      daemons.push(nscd);
      await until(
        "nscd",
        () => nscd.exitCode === null && existsSync("/run/nscd/socket"),
        5000,
      ).catch((e: Error) => {
        throw new Error(
          `${e.message}: ${tail(join(c.dir, "nscd.out"))}${tail(join(c.dir, "nscd.log"))}`,
        );
      });
    }
    const rec = recorder(() => c.startMs);
    for (const [server, address] of c.addresses.entries())
      backends.push(await startHttpBackend(address, server, c.port, c.requestsPerConnection, rec));
    if (c.kind === "nginx-once") {
      // nginx resolves the upstream's name now, through getaddrinfo: the
      // initial answer is all it will ever use.
      const nginx = startNginx(c.dir, nginxOnceConf(c.dir, c.front, TEST_NAME, c.port, c.clients));
      daemons.push(nginx);
      await sleep(500);
      if (nginx.exitCode !== null)
        throw new Error(`nginx exited at start: ${tail(join(c.dir, "nginx", "error.log"))}`);
    }
    process.stdout.write("ready\n");
    const timing = { startMs: c.startMs, endMs: c.endMs, intervalMs: c.intervalMs };
    const errors =
      c.kind === "nginx-once"
        ? await runSystemLookupClients("127.0.0.1", c.front, c.clients, timing)
        : await runSystemLookupClients(TEST_NAME, c.port, c.clients, timing);
    writeFileSync(join(c.dir, "requests.json"), JSON.stringify(rec.requests));
    const queries = existsSync(dnsLog) ? countQueries(readFileSync(dnsLog, "utf8"), TEST_NAME) : 0;
    process.stdout.write(`dns queries (A): ${queries}\n`);
    process.stdout.write(`${JSON.stringify({ errors })}\n`);
    return 0;
  } finally {
    if (poll) clearInterval(poll);
    for (const d of daemons.reverse()) await stopDaemon(d);
    for (const b of backends) await b.close();
  }
}

const file = process.argv[2];
if (!file) {
  process.stderr.write("namespace-runner: missing config file argument\n");
  process.exitCode = 2;
} else {
  main(file).then(
    (code) => {
      process.exitCode = code;
    },
    (e: Error) => {
      process.stderr.write(`namespace-runner: ${e.message}\n`);
      process.exitCode = 1;
    },
  );
}
