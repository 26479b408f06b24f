import { type ChildProcess, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startDaemon, stopDaemon } from "../conformance/daemons.js";
import { GO_CLIENT, JAVA_CLIENT } from "./sources.js";

/**
 * The clients and proxies that are separate programs: a Go and a Java
 * client (built in the temp folder), nginx and HAProxy (configured there).
 * All are started by the harness, on loopback, and stopped by PID.
 */
export const PROGRAMS = {
  go: "/usr/bin/go",
  java: "/usr/bin/java",
  javac: "/usr/bin/javac",
  nginx: "/usr/sbin/nginx",
  haproxy: "/usr/sbin/haproxy",
} as const;

export function missing(...names: (keyof typeof PROGRAMS)[]): (keyof typeof PROGRAMS)[] {
  return names.filter((n) => !existsSync(PROGRAMS[n]));
}

/** Builds the Go client; returns the binary's path. */
export function buildGo(dir: string): string {
  const src = join(dir, "go");
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, "main.go"), GO_CLIENT);
  const out = join(src, "rrdns-client");
  const r = spawnSync(PROGRAMS.go, ["build", "-o", out, "main.go"], {
    cwd: src,
    encoding: "utf8",
    env: { ...process.env, GO111MODULE: "off", GOFLAGS: "", GOPROXY: "off", CGO_ENABLED: "0" },
  });
  if (r.status !== 0) throw new Error(`go build failed: ${r.stderr}`);
  return out;
}

/** Compiles the Java client; returns its class folder. */
export function buildJava(dir: string): string {
  const src = join(dir, "java");
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, "RrdnsClient.java"), JAVA_CLIENT);
  const r = spawnSync(PROGRAMS.javac, ["-d", src, join(src, "RrdnsClient.java")], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`javac failed: ${r.stderr}`);
  return src;
}

/**
 * A client program that prints `ready`, waits for the start, runs, and
 * prints `{"errors":N}`: started now (stopped by PID with the daemons if the
 * harness fails), settled when it exits. Its output goes to `<dir>/<name>.out`.
 */
export function runProgram(
  dir: string,
  name: string,
  file: string,
  args: string[],
): { child: ChildProcess; ready: Promise<void>; errors: Promise<number> } {
  const child = startDaemon(dir, name, file, args);
  const outFile = join(dir, `${name}.out`);
  const ready = new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (child.exitCode !== null || child.signalCode !== null || tail(outFile).includes("ready")) {
        clearInterval(poll);
        resolve();
      }
    }, 100);
  });
  const errors = new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      const out = tail(outFile);
      const m = out.match(/\{"errors":(\d+)\}/);
      if (code === 0 && m) resolve(Number(m[1]));
      else reject(new Error(`${name} exited ${code}: ${out.slice(-400)}`));
    });
  });
  return { child, ready, errors };
}

/**
 * An nginx that proxies 127.0.0.1:`front` to its upstream with keep-alive on
 * both sides; `upstream` is what it resolves the name with (the lines before
 * the server block) and `target` the proxy_pass address.
 */
function nginxProxyConf(dir: string, front: number, upstream: string, target: string): string {
  const t = (x: string) => join(dir, "nginx", x);
  mkdirSync(t(""), { recursive: true });
  return `worker_processes 1;
master_process off;
daemon off;
pid ${t("nginx.pid")};
error_log ${t("error.log")} warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${t("body")};
  proxy_temp_path ${t("proxy")};
  fastcgi_temp_path ${t("fastcgi")};
  uwsgi_temp_path ${t("uwsgi")};
  scgi_temp_path ${t("scgi")};
${upstream}
  server {
    listen 127.0.0.1:${front};
    keepalive_requests 100000;
    location / {
${target}
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

export function nginxConf(
  dir: string,
  front: number,
  dnsPort: number,
  name: string,
  port: number,
  valid: number,
): string {
  // proxy_pass with a variable is how open-source nginx 1.22 looks a name up
  // again while running (through `resolver`, every `valid` seconds); a
  // literal name would be resolved once at start-up by getaddrinfo.
  return nginxProxyConf(
    dir,
    front,
    `  resolver 127.0.0.1:${dnsPort} valid=${valid}s ipv6=off;
  resolver_timeout 2s;`,
    `      set $backend ${name};
      proxy_pass http://$backend:${port};`,
  );
}

/**
 * nginx resolving its upstream once, at start-up: a literal name in an
 * `upstream` block and no `resolver` directive, so the name goes through
 * getaddrinfo (the system's resolver) when the configuration is read, and
 * every address of that answer becomes a round-robin peer for good
 * (the `nginx` preset). Upstream keep-alive is on, as the preset assumes.
 */
export function nginxOnceConf(
  dir: string,
  front: number,
  name: string,
  port: number,
  clients: number,
): string {
  return nginxProxyConf(
    dir,
    front,
    `  upstream be {
    server ${name}:${port};
    keepalive ${clients * 2};
  }`,
    "      proxy_pass http://be;",
  );
}

export function haproxyConf(
  front: number,
  dnsPort: number,
  name: string,
  port: number,
  holdValid: number,
  slots: number,
): string {
  // server-template makes `slots` servers that the resolver fills from the
  // answer; `hold valid` is the re-resolution period of a valid answer and
  // `hold obsolete 0s` drops an address as soon as an answer lacks it.
  return `global
  maxconn 512
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  timeout http-keep-alive 30s
resolvers local
  nameserver ns1 127.0.0.1:${dnsPort}
  accepted_payload_size 512
  resolve_retries 3
  timeout resolve 1s
  timeout retry 1s
  hold valid ${holdValid}s
  hold obsolete 0s
frontend fe
  bind 127.0.0.1:${front}
  default_backend be
backend be
  balance roundrobin
  http-reuse always
  server-template s ${slots} ${name}:${port} resolvers local resolve-prefer ipv4 init-addr none
`;
}

export function startNginx(dir: string, conf: string): ChildProcess {
  const file = join(dir, "nginx.conf");
  writeFileSync(file, conf);
  return startDaemon(dir, "nginx", PROGRAMS.nginx, [
    "-p",
    join(dir, "nginx"),
    "-e",
    join(dir, "nginx", "error.log"),
    "-c",
    file,
  ]);
}

export function startHaproxy(dir: string, conf: string): ChildProcess {
  const file = join(dir, "haproxy.cfg");
  writeFileSync(file, conf);
  return startDaemon(dir, "haproxy", PROGRAMS.haproxy, ["-db", "-f", file]);
}

export { stopDaemon };

/** A daemon's own log, for an error message. */
export function tail(file: string): string {
  try {
    return readFileSync(file, "utf8").slice(-600);
  } catch {
    return "";
  }
}
