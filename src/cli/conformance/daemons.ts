import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The real DNS software of the conformance harness: config files written
 * into a temporary folder, every daemon in the foreground on 127.0.0.1 and
 * an unprivileged port, forwarding only to the local BIND, and stopped by
 * its own PID (also when the harness fails or is interrupted).
 */
export const LOOPBACK = "127.0.0.1";

export const BINARIES = {
  named: "/usr/sbin/named",
  unbound: "/usr/sbin/unbound",
  dnsmasq: "/usr/sbin/dnsmasq",
  pdns_recursor: "/usr/sbin/pdns_recursor",
  kresd: "/usr/sbin/kresd",
} as const;

/** Binaries that are not installed (the harness needs all of them). */
export function missingBinaries(): string[] {
  return Object.entries(BINARIES)
    .filter(([, path]) => !existsSync(path))
    .map(([name]) => name);
}

export const ZONE_ADDRESSES = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"];

/** The test zones: `*.t1.<z>`, `*.t5.<z>` and `*.t60.<z>` (TTL 1, 5, 60), four A records each. */
function zoneFile(zone: string): string {
  const records = (label: string, ttl: number) =>
    ZONE_ADDRESSES.map((a) => `${label} ${ttl} IN A ${a}`).join("\n");
  return `$TTL 60
@ IN SOA ns.${zone}. hostmaster.${zone}. 1 3600 600 86400 1
@ IN NS ns.${zone}.
ns IN A ${LOOPBACK}
${records("*.t1", 1)}
${records("*.t5", 5)}
${records("*.t60", 60)}
`;
}

/**
 * cyc.example answers in BIND's cyclic order, rnd.example in random order,
 * fix.example always in the same order (`order none`; BIND's `order fixed`
 * is compiled out of Debian's build), so what a resolver does to the order
 * of the answer that fetched can be read off.
 */
export const ZONES = {
  cyclic: "cyc.example",
  random: "rnd.example",
  fixed: "fix.example",
} as const;

function namedConf(dir: string, port: number): string {
  // Once any rrset-order statement exists, unmatched names are no longer
  // random (measured: fixed order), so random is stated explicitly.
  return `options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  listen-on port ${port} { ${LOOPBACK}; };
  listen-on-v6 { none; };
  recursion no;
  querylog yes;
  rrset-order {
    name "*.${ZONES.cyclic}" order cyclic;
    name "*.${ZONES.fixed}" order none;
    order random;
  };
};
controls { };
logging {
  channel queries_file { file "${dir}/queries.log"; print-time iso8601-utc; };
  category queries { queries_file; };
  channel main_file { file "${dir}/named.log"; print-time yes; severity info; };
  category default { main_file; };
};
zone "${ZONES.cyclic}" { type primary; file "${dir}/cyc.zone"; };
zone "${ZONES.random}" { type primary; file "${dir}/rnd.zone"; };
zone "${ZONES.fixed}" { type primary; file "${dir}/fix.zone"; };
`;
}

export interface Clamp {
  readonly min: number;
  readonly max: number;
}

/** One resolver instance: its setting id (SettingSpec.id) and how to start it. */
export interface ResolverSpec {
  readonly setting: string;
  readonly clamp: Clamp | undefined;
  readonly port: number;
  command(dir: string, upstreamPort: number): { file: string; args: string[] };
}

function resolverSpec(
  setting: string,
  port: number,
  clamp: Clamp | undefined,
  command: ResolverSpec["command"],
): ResolverSpec {
  return { setting, clamp, port, command };
}

/** The daemon's own folder for the instance on `port` (created). */
function ownFolder(dir: string, daemon: string, port: number): string {
  const own = join(dir, `${daemon}-${port}`);
  mkdirSync(own, { recursive: true });
  return own;
}

function unbound(setting: string, port: number, extra: string, clamp?: Clamp): ResolverSpec {
  return resolverSpec(setting, port, clamp, (dir, upstreamPort) => {
    const conf = join(dir, `unbound-${port}.conf`);
    const clampLines = clamp
      ? `  cache-min-ttl: ${clamp.min}\n  cache-max-ttl: ${clamp.max}\n`
      : "";
    writeFileSync(
      conf,
      `server:
  interface: ${LOOPBACK}@${port}
  port: ${port}
  do-ip6: no
  do-not-query-localhost: no
  username: ""
  chroot: ""
  directory: "${dir}"
  pidfile: "${dir}/unbound-${port}.pid"
  use-syslog: no
  logfile: ""
  verbosity: 0
  access-control: 127.0.0.0/8 allow
${clampLines}${extra}forward-zone:
  name: "."
  forward-addr: ${LOOPBACK}@${upstreamPort}
`,
    );
    return { file: BINARIES.unbound, args: ["-d", "-c", conf] };
  });
}

function dnsmasq(setting: string, port: number, clamp?: Clamp, extra: string[] = []): ResolverSpec {
  return resolverSpec(setting, port, clamp, (dir, upstreamPort) => {
    const args = [
      "--keep-in-foreground",
      "--conf-file=/dev/null",
      `--listen-address=${LOOPBACK}`,
      `--port=${port}`,
      "--bind-interfaces",
      "--no-resolv",
      "--no-hosts",
      `--server=${LOOPBACK}#${upstreamPort}`,
      "--user=root",
      `--pid-file=${dir}/dnsmasq-${port}.pid`,
      "--log-facility=-",
    ];
    if (clamp) args.push(`--min-cache-ttl=${clamp.min}`, `--max-cache-ttl=${clamp.max}`);
    args.push(...extra);
    return { file: BINARIES.dnsmasq, args };
  });
}

function pdns(setting: string, port: number, clamp?: Clamp): ResolverSpec {
  return resolverSpec(setting, port, clamp, (dir, upstreamPort) => {
    const own = ownFolder(dir, "pdns", port);
    writeFileSync(join(own, "recursor.conf"), "");
    const args = [
      `--config-dir=${own}`,
      `--socket-dir=${own}`,
      `--local-address=${LOOPBACK}`,
      `--local-port=${port}`,
      // One forward per test zone: with "." forwarded, PowerDNS follows the NS
      // records in BIND's authority section to port 53 and SERVFAILs (measured).
      `--forward-zones=${Object.values(ZONES)
        .map((z) => `${z}=${LOOPBACK}:${upstreamPort}`)
        .join(",")}`,
      "--daemon=no",
      "--write-pid=yes",
      // The default dont-query list holds 127.0.0.0/8, our only upstream.
      "--dont-query=",
      // BIND serves no root, so validation would fail every answer.
      "--dnssec=off",
      "--disable-syslog",
      "--loglevel=3",
    ];
    if (clamp) args.push(`--minimum-ttl-override=${clamp.min}`, `--max-cache-ttl=${clamp.max}`);
    return { file: BINARIES.pdns_recursor, args };
  });
}

function knot(setting: string, port: number, clamp?: Clamp): ResolverSpec {
  return resolverSpec(setting, port, clamp, (dir, upstreamPort) => {
    const own = ownFolder(dir, "knot", port);
    const conf = join(own, "kresd.conf");
    const clampLines = clamp ? `cache.min_ttl(${clamp.min})\ncache.max_ttl(${clamp.max})\n` : "";
    writeFileSync(
      conf,
      `net.listen('${LOOPBACK}', ${port}, { kind = 'dns' })
cache.open(10 * 1024 * 1024, 'lmdb://${own}/cache')
-- BIND serves no root: without this, every answer fails DNSSEC validation.
trust_anchors.remove('.')
${clampLines}policy.add(policy.all(policy.FORWARD('${LOOPBACK}@${upstreamPort}')))
`,
    );
    return { file: BINARIES.kresd, args: ["--noninteractive", "-c", conf, own] };
  });
}

/** One instance of every setting the harness compares, plain (no clamp), on `port`. */
export function plainSpec(setting: string, port: number): ResolverSpec {
  switch (setting) {
    case "unbound":
      return unbound("unbound", port, "");
    case "unbound-no-rr":
      return unbound("unbound-no-rr", port, "  rrset-roundrobin: no\n");
    case "unbound-serve-expired":
      return unbound("unbound-serve-expired", port, "  serve-expired: yes\n");
    case "dnsmasq":
      return dnsmasq("dnsmasq", port);
    case "dnsmasq-stale":
      return dnsmasq("dnsmasq-stale", port, undefined, ["--use-stale-cache"]);
    case "pdns-recursor":
      return pdns("pdns-recursor", port);
    case "knot-resolver":
      return knot("knot-resolver", port);
    default:
      throw new Error(`no daemon for setting ${setting}`);
  }
}

/** Every resolver instance of the harness, ports counted from `base`. */
export function resolverSpecs(base: number, clamp: Clamp): ResolverSpec[] {
  return [
    unbound("unbound", base + 1, ""),
    unbound("unbound-no-rr", base + 2, "  rrset-roundrobin: no\n"),
    unbound("unbound-serve-expired", base + 3, "  serve-expired: yes\n"),
    dnsmasq("dnsmasq", base + 4),
    pdns("pdns-recursor", base + 5),
    knot("knot-resolver", base + 6),
    dnsmasq("dnsmasq-stale", base + 7, undefined, ["--use-stale-cache"]),
    unbound("unbound", base + 11, "", clamp),
    dnsmasq("dnsmasq", base + 14, clamp),
    pdns("pdns-recursor", base + 15, clamp),
    knot("knot-resolver", base + 16, clamp),
  ];
}

/** Processes started by this harness, stopped by PID on exit whatever happens. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of running) if (child.pid !== undefined) safeKill(child.pid, "SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      for (const child of running) if (child.pid !== undefined) safeKill(child.pid, "SIGKILL");
      process.exit(130);
    });
  }
}

function safeKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Starts one daemon in the foreground, its output in `<dir>/<name>.out`. */
export function startDaemon(dir: string, name: string, file: string, args: string[]): ChildProcess {
  installExitHook();
  const out = openSync(join(dir, `${name}.out`), "a");
  const child = spawn(file, args, { cwd: dir, stdio: ["ignore", out, out] });
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

/** Stops a daemon by its PID: SIGTERM, then SIGKILL after 3 s. */
export async function stopDaemon(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  safeKill(child.pid, "SIGTERM");
  const timer = setTimeout(() => child.pid !== undefined && safeKill(child.pid, "SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
  running.delete(child);
}

export function writeBindFiles(dir: string, port: number): string {
  writeFileSync(join(dir, "cyc.zone"), zoneFile(ZONES.cyclic));
  writeFileSync(join(dir, "rnd.zone"), zoneFile(ZONES.random));
  writeFileSync(join(dir, "fix.zone"), zoneFile(ZONES.fixed));
  const conf = join(dir, "named.conf");
  writeFileSync(conf, namedConf(dir, port));
  return conf;
}

export function startBind(dir: string, conf: string): ChildProcess {
  return startDaemon(dir, "named", BINARIES.named, ["-f", "-c", conf]);
}

/** Software versions, one short string each. */
export function versions(): string[] {
  // Some print their version on stderr (PowerDNS), so read both streams.
  const run = (file: string, args: string[]) => {
    const r = spawnSync(file, args, { encoding: "utf8" });
    return `${r.stdout ?? ""}${r.stderr ?? ""}`;
  };
  const pick = (text: string, re: RegExp) => text.match(re)?.[1] ?? "?";
  return [
    `BIND ${pick(run(BINARIES.named, ["-v"]), /BIND (\S+)/)}`,
    `Unbound ${pick(run(BINARIES.unbound, ["-V"]), /Version (\S+)/)}`,
    `dnsmasq ${pick(run(BINARIES.dnsmasq, ["-v"]), /version (\S+)/)}`,
    `PowerDNS Recursor ${pick(run(BINARIES.pdns_recursor, ["--version"]), /Recursor (\S+)/)}`,
    `Knot Resolver ${pick(run(BINARIES.kresd, ["--version"]), /version (\S+)/)}`,
  ];
}
