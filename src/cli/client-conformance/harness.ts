import type { ChildProcess } from "node:child_process";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  allClientRows,
  CLIENT_SPECS,
  type ClientMeasurement,
  type ClientProtocol,
  type ClientRequest,
  type ConformanceRow,
  connectionsAtOnceDetail,
  measureClient,
} from "../../conformance/index.js";
import { stopDaemon } from "../conformance/daemons.js";
import { DNSMASQ, OWN_NAMES, startAuthority, TEST_NAME } from "./authority.js";
import {
  BACKEND_ADDRESSES,
  type Backend,
  type Recorder,
  recorder,
  startGrpcBackend,
  startHttpBackend,
} from "./backends.js";
import {
  buildGo,
  buildJava,
  haproxyConf,
  missing,
  nginxConf,
  PROGRAMS,
  runProgram,
  startHaproxy,
  startNginx,
  tail,
} from "./external.js";
import { NAMESPACED, NSCD, namespacesUnavailable, startNamespaced } from "./namespace.js";
import {
  type LoopTiming,
  loadGrpc,
  runGrpcClients,
  runNodeAgentClients,
  runSystemLookupClients,
} from "./node-clients.js";

/**
 * The real-client harness: dnsmasq serves the test name from loopback, the
 * backends listen on 127.0.0.10–13, every runtime's clients run side by side
 * for the protocol's duration, and the answer changes under them: address 3
 * is added at `addAt`, address 0 removed at `removeAt` (its server stays up,
 * so only the DNS tells a client to leave). Everything is started from a
 * temp folder and stopped by PID, also on failure.
 */
export interface ClientHarnessOptions {
  readonly protocol: ClientProtocol;
  /** First port: DNS at base, runtime k's backends at base+10+k, proxies at base+30/31. */
  readonly basePort: number;
  /** Runtime ids to run (default: all whose programs are installed). */
  readonly only?: readonly string[];
  readonly log?: (line: string) => void;
  /** Hands each runtime's raw requests over after the run (for debugging; not saved). */
  readonly onRequests?: (id: string, requests: readonly ClientRequest[]) => void;
}

export interface ClientHarnessResult {
  readonly versions: string[];
  readonly skipped: Record<string, string>;
  readonly measurements: Record<string, ClientMeasurement>;
  readonly rows: ConformanceRow[];
}

const DEBIAN_PACKAGE: Record<keyof typeof PROGRAMS, string> = {
  go: "golang-go",
  java: "openjdk-17-jdk-headless",
  javac: "openjdk-17-jdk-headless",
  nginx: "nginx",
  haproxy: "haproxy",
};

/** Why a runtime cannot run here (a missing program, no namespaces), or undefined. */
export function unavailable(id: string): string | undefined {
  if (NAMESPACED[id]) {
    if (NAMESPACED[id] === "nscd" && !existsSync(NSCD))
      return `${NSCD} not installed (apt-get install nscd)`;
    if (NAMESPACED[id] === "nginx-once" && missing("nginx").length > 0)
      return `${PROGRAMS.nginx} not installed (apt-get install nginx)`;
    return namespacesUnavailable();
  }
  const need: Record<string, (keyof typeof PROGRAMS)[]> = {
    "go-http": ["go"],
    "jvm-httpclient": ["java", "javac"],
    "nginx-valid": ["nginx"],
    haproxy: ["haproxy"],
  };
  const gone = missing(...(need[id] ?? []));
  if (gone.length === 0) return undefined;
  const packages = [...new Set(gone.map((g) => DEBIAN_PACKAGE[g]))];
  return `${gone.map((g) => PROGRAMS[g]).join(", ")} not installed (apt-get install ${packages.join(" ")})`;
}

/** dnsmasq serves the test name; without it nothing runs. */
export function authorityMissing(): boolean {
  return !existsSync(DNSMASQ);
}

function clientVersions(ran: readonly string[]): string[] {
  const run = (file: string, args: string[]) => {
    const r = spawnSync(file, args, { encoding: "utf8" });
    return `${r.stdout ?? ""}${r.stderr ?? ""}`;
  };
  const pick = (text: string, re: RegExp) => text.match(re)?.[1] ?? "?";
  const req = createRequire(import.meta.url);
  let grpcVersion = "?";
  try {
    grpcVersion = JSON.parse(
      readFileSync(req.resolve("@grpc/grpc-js/package.json"), "utf8"),
    ).version;
  } catch {
    // reported as "?"
  }
  const v = [
    `Node ${process.version}`,
    `@grpc/grpc-js ${grpcVersion}`,
    `dnsmasq ${pick(run(DNSMASQ, ["-v"]), /version (\S+)/)}`,
  ];
  if (ran.includes("go-http")) v.push(`Go ${pick(run(PROGRAMS.go, ["version"]), /go(\d[\d.]*)/)}`);
  if (ran.includes("jvm-httpclient"))
    v.push(`OpenJDK ${pick(run(PROGRAMS.java, ["-version"]), /version "([^"]+)"/)}`);
  if (ran.includes("glibc-getaddrinfo") || ran.includes("nscd-getaddrinfo"))
    v.push(`glibc ${pick(run("/usr/bin/ldd", ["--version"]), /\) (\d[\d.]*)/)}`);
  if (ran.includes("nginx-valid") || ran.includes("nginx-once"))
    v.push(`nginx ${pick(run(PROGRAMS.nginx, ["-v"]), /nginx\/(\S+)/)}`);
  if (ran.includes("haproxy"))
    v.push(`HAProxy ${pick(run(PROGRAMS.haproxy, ["-v"]), /version (\S+)/)}`);
  return v;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export async function runClientHarness(
  options: ClientHarnessOptions,
): Promise<ClientHarnessResult> {
  const { protocol, basePort } = options;
  const log = options.log ?? (() => {});
  const skipped: Record<string, string> = {};
  const ids = CLIENT_SPECS.map((s) => s.id).filter((id) => {
    if (options.only && !options.only.includes(id)) return false;
    const why = unavailable(id);
    if (why) {
      skipped[id] = why;
      log(`skipping ${id}: ${why}`);
    }
    return !why;
  });
  const dir = mkdtempSync(join(tmpdir(), "rrdns-clients-"));
  const backends: Backend[] = [];
  const daemons: ChildProcess[] = [];
  const addresses = BACKEND_ADDRESSES.slice(0, protocol.initial + 1);
  const initial = addresses.slice(0, protocol.initial);
  let startMs = Number.POSITIVE_INFINITY;
  const recs = new Map<string, Recorder>(
    ids.map((id) => [
      id,
      recorder(
        () => startMs,
        (m) => log(`${id}: ${m}`),
      ),
    ]),
  );
  const portOf = (id: string) => basePort + 10 + CLIENT_SPECS.findIndex((s) => s.id === id);
  const dnsPort = basePort;
  const authority = await startAuthority(dir, dnsPort, protocol.dnsTtl, initial, stopDaemon);
  const timers: NodeJS.Timeout[] = [];
  try {
    const grpc = await loadGrpc();
    // Backends: HTTP for every runtime but the gRPC ones.
    for (const id of ids.filter((x) => !NAMESPACED[x])) {
      const rec = recs.get(id)!;
      for (const [server, address] of addresses.entries()) {
        backends.push(
          id.startsWith("grpc-")
            ? await startGrpcBackend(grpc, address, server, portOf(id), protocol.grpcMaxAge, rec)
            : await startHttpBackend(
                address,
                server,
                portOf(id),
                protocol.requestsPerConnection,
                rec,
              ),
        );
      }
    }
    // Programs built before the clock starts.
    const goBinary = ids.includes("go-http") ? buildGo(dir) : "";
    const javaClasses = ids.includes("jvm-httpclient") ? buildJava(dir) : "";
    const nginxFront = basePort + 30;
    const haproxyFront = basePort + 31;
    if (ids.includes("nginx-valid"))
      daemons.push(
        startNginx(
          dir,
          nginxConf(
            dir,
            nginxFront,
            dnsPort,
            OWN_NAMES["nginx-valid"]!,
            portOf("nginx-valid"),
            protocol.nginxValid,
          ),
        ),
      );
    if (ids.includes("haproxy"))
      daemons.push(
        startHaproxy(
          dir,
          haproxyConf(
            haproxyFront,
            dnsPort,
            OWN_NAMES.haproxy!,
            portOf("haproxy"),
            protocol.haproxyHoldValid,
            addresses.length,
          ),
        ),
      );
    const proxies = daemons.length;
    // The start: far enough ahead for the JVMs (and the namespaces' runners,
    // with their dnsmasq, nscd or nginx) to be up on a loaded machine: a JVM
    // that starts late shifts its 30 s cache grid (seen with 6 s on 2 busy cores).
    const lead = 8000;
    startMs = Date.now() + lead;
    const endMs = startMs + protocol.duration * 1000;
    const base: LoopTiming = { startMs, endMs, intervalMs: protocol.interval * 1000 };
    const runs: Promise<[string, number]>[] = [];
    // A queries seen by each namespaced runtime's own DNS (the others: by name, in the authority's log).
    const dnsQueries = new Map<string, number>();
    const readies: Promise<void>[] = [];
    const settle = (id: string, p: Promise<number>) =>
      runs.push(p.then((e) => [id, e] as [string, number]));
    for (const id of ids) {
      const port = portOf(id);
      const n = protocol.clients;
      const timing: LoopTiming = {
        ...base,
        onError: (e) =>
          log(
            `${id}: a request failed at ${((Date.now() - startMs) / 1000).toFixed(1)} s: ${e.message}`,
          ),
      };
      if (id === "grpc-js-pick-first" || id === "grpc-js-round-robin")
        settle(
          id,
          runGrpcClients(
            grpc,
            id === "grpc-js-pick-first" ? "pick_first" : "round_robin",
            `dns://127.0.0.1:${dnsPort}/${TEST_NAME}:${port}`,
            n,
            timing,
          ),
        );
      else if (id === "node-agent")
        settle(
          id,
          runNodeAgentClients(`127.0.0.1:${dnsPort}`, OWN_NAMES["node-agent"]!, port, n, timing),
        );
      else if (id === "nginx-valid")
        settle(id, runSystemLookupClients("127.0.0.1", nginxFront, n, timing));
      else if (id === "haproxy")
        settle(id, runSystemLookupClients("127.0.0.1", haproxyFront, n, timing));
      else if (id === "go-http") {
        const p = runProgram(dir, "go-client", goBinary, [
          `127.0.0.1:${dnsPort}`,
          `http://${OWN_NAMES["go-http"]}.:${port}/`,
          String(n),
          String(timing.intervalMs),
          String(startMs),
          String(endMs),
        ]);
        readies.push(p.ready);
        daemons.push(p.child);
        settle(id, p.errors);
      } else if (NAMESPACED[id]) {
        const p = startNamespaced(dir, {
          id,
          kind: NAMESPACED[id],
          hostsFile: authority.hostsFile,
          ttl: protocol.dnsTtl,
          addresses,
          port,
          front: basePort + 32,
          clients: n,
          intervalMs: timing.intervalMs,
          startMs,
          endMs,
          requestsPerConnection: protocol.requestsPerConnection,
        });
        readies.push(p.ready);
        daemons.push(p.child);
        settle(
          id,
          p.errors.then((e) => {
            recs.get(id)!.requests.push(...p.requests());
            const queries = tail(join(dir, `ns-${id}.out`)).match(/dns queries \(A\): (\d+)/);
            if (queries) dnsQueries.set(id, Number(queries[1]));
            return e;
          }),
        );
      } else if (id === "jvm-httpclient") {
        const each = Array.from({ length: n }, (_, k) => {
          const p = runProgram(dir, `java-client-${k}`, PROGRAMS.java, [
            "-Xmx48m",
            "-XX:TieredStopAtLevel=1",
            `-Djdk.net.hosts.file=${authority.javaHosts}`,
            "-cp",
            javaClasses,
            "RrdnsClient",
            `http://${TEST_NAME}:${port}/`,
            String(k),
            String(timing.intervalMs),
            String(startMs),
            String(endMs),
          ]);
          readies.push(p.ready);
          daemons.push(p.child);
          return p.errors;
        });
        settle(
          id,
          Promise.all(each).then((e) => e.reduce((a, b) => a + b, 0)),
        );
      }
    }
    // Stray failures must not go unhandled while the schedule runs.
    const all = Promise.allSettled(runs);
    await Promise.race([Promise.all(readies), sleep(lead)]);
    if (Date.now() > startMs) log("warning: a client program was not ready by the start");
    for (const d of daemons.slice(0, proxies))
      if (d.exitCode !== null)
        throw new Error(
          `a proxy exited at start: ${tail(join(dir, "nginx", "error.log"))}${tail(join(dir, "haproxy.out"))}`,
        );
    log(
      `running ${ids.join(", ")} for ${protocol.duration} s (add ${addresses[protocol.initial]} at ${protocol.addAt} s, remove ${addresses[0]} at ${protocol.removeAt} s)`,
    );
    timers.push(setTimeout(() => authority.markStart(), startMs - Date.now()));
    timers.push(setTimeout(() => authority.markEnd(), endMs - Date.now()));
    timers.push(
      setTimeout(() => authority.set(addresses), startMs + protocol.addAt * 1000 - Date.now()),
    );
    timers.push(
      setTimeout(
        () => authority.set(addresses.slice(1)),
        startMs + protocol.removeAt * 1000 - Date.now(),
      ),
    );
    const settled = await all;
    const measurements: Record<string, ClientMeasurement> = {};
    for (const [k, s] of settled.entries()) {
      if (s.status === "rejected") {
        const id = ids[k] ?? "?";
        throw new Error(`${id}: ${(s.reason as Error).message}`);
      }
      const [id, errors] = s.value;
      options.onRequests?.(id, recs.get(id)!.requests);
      const measured = measureClient(id, recs.get(id)!.requests, errors, protocol);
      const own = OWN_NAMES[id];
      const queries = own ? authority.queries(own) : dnsQueries.get(id);
      measurements[id] = queries === undefined ? measured : { ...measured, dnsQueries: queries };
    }
    const versions = clientVersions(ids);
    const rows = allClientRows(measurements, protocol);
    // A client off its preset's connections at once (above or below): which connections, and when.
    for (const row of rows)
      if (row.metric === "connections at once per client" && row.verdict === "fail")
        for (const line of connectionsAtOnceDetail(
          recs.get(row.setting)?.requests ?? [],
          protocol,
          Number(row.simulated),
        ))
          log(`${row.setting} ${line}`);
    return { versions, skipped, measurements, rows };
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const d of daemons) await stopDaemon(d);
    for (const b of backends) await b.close();
    await authority.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
