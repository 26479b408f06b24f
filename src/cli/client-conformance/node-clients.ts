import { promises as dnsPromises, type LookupAddress } from "node:dns";
import { Agent, type RequestOptions, request } from "node:http";
import { PING_SERVICE } from "./backends.js";

/**
 * The clients that run inside the harness's Node process: @grpc/grpc-js
 * channels and Node's http.Agent. Each client is a bounded loop, one request
 * at a time, `interval` seconds apart, from `startMs` to `endMs`; it returns
 * how many requests failed.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function loop(timing: LoopTiming, once: () => Promise<void>): Promise<number> {
  await sleep(timing.startMs - Date.now());
  let errors = 0;
  while (Date.now() < timing.endMs) {
    try {
      await once();
    } catch (e) {
      errors++;
      timing.onError?.(e as Error);
    }
    await sleep(timing.intervalMs);
  }
  return errors;
}

type Grpc = typeof import("@grpc/grpc-js");

/** The generic client's one method (makeGenericClientConstructor adds it untyped). */
interface PingClient {
  ping(
    request: Buffer,
    options: { deadline: number },
    callback: (e: Error | null, response?: Buffer) => void,
  ): void;
}

/**
 * Loads @grpc/grpc-js with its alternative resolver on: a `dns://host:port/`
 * authority in the target then sends the queries to that server (the
 * default resolver would call getaddrinfo, the system's, which cannot be
 * pointed at loopback). grpc-js reads the variable when it is loaded.
 */
export async function loadGrpc(): Promise<Grpc> {
  process.env.GRPC_NODE_USE_ALTERNATIVE_RESOLVER = "true";
  return await import("@grpc/grpc-js");
}

export interface LoopTiming {
  readonly startMs: number;
  readonly endMs: number;
  readonly intervalMs: number;
  /** Told of every failed request (the harness logs them). */
  readonly onError?: (e: Error) => void;
}

/**
 * `clients` gRPC channels, each with its own subchannel pool (grpc-js shares
 * subchannels between channels by default, which would make them one client),
 * created at the start so that their first resolution is at second 0.
 */
export async function runGrpcClients(
  grpc: Grpc,
  policy: "pick_first" | "round_robin",
  target: string,
  clients: number,
  timing: LoopTiming,
): Promise<number> {
  const Client = grpc.makeGenericClientConstructor(PING_SERVICE, "Ping");
  await sleep(timing.startMs - Date.now());
  const runs = Array.from({ length: clients }, async (_, id) => {
    const c = new Client(target, grpc.credentials.createInsecure(), {
      "grpc.service_config": JSON.stringify({ loadBalancingConfig: [{ [policy]: {} }] }),
      "grpc.use_local_subchannel_pool": 1,
    });
    const payload = Buffer.from([id]);
    try {
      return await loop(
        timing,
        () =>
          new Promise<void>((resolve, reject) =>
            (c as unknown as PingClient).ping(payload, { deadline: Date.now() + 5000 }, (e) =>
              e ? reject(e) : resolve(),
            ),
          ),
      );
    } finally {
      c.close();
    }
  });
  return (await Promise.all(runs)).reduce((a, b) => a + b, 0);
}

function get(
  agent: Agent,
  host: string,
  port: number,
  client: number,
  lookup: unknown,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const options = { host, port, path: "/", agent, headers: { "x-client": String(client) } };
    const req = request(
      { ...options, timeout: 5000, ...(lookup ? { lookup } : {}) } as RequestOptions,
      (res) => {
        res.resume();
        res.once("end", () => resolve());
        res.once("error", reject);
      },
    );
    req.once("error", reject);
    req.once("timeout", () => req.destroy(new Error("timeout")));
    req.end();
  });
}

/**
 * Node's http.Agent with keep-alive, one socket per client (maxSockets 1),
 * each new socket looking the name up: the `lookup` option sends the query
 * to the harness's DNS (a dns.Resolver with setServers), in place of
 * dns.lookup's getaddrinfo, and hands net.connect the addresses in the
 * answer's order, as getaddrinfo would (no sorting among IPv4 loopback).
 */
export function runNodeAgentClients(
  dnsServer: string,
  host: string,
  port: number,
  clients: number,
  timing: LoopTiming,
): Promise<number> {
  const resolver = new dnsPromises.Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([dnsServer]);
  const lookup = (
    hostname: string,
    options: { all?: boolean },
    callback: (e: Error | null, a: string | LookupAddress[], f?: number) => void,
  ) => {
    resolver.resolve4(hostname).then(
      (list) =>
        options.all
          ? callback(
              null,
              list.map((address) => ({ address, family: 4 })),
            )
          : callback(null, list[0] ?? "", 4),
      (e: Error) => callback(e, ""),
    );
  };
  return runAgentClients(host, port, clients, timing, lookup);
}

/**
 * Node's http.Agent as above, but with no `lookup` option. Given a name, every
 * new socket calls dns.lookup, that is glibc's getaddrinfo (through nscd when
 * one runs), reading /etc/resolv.conf and /etc/nsswitch.conf: only used so
 * inside the harness's own namespaces (namespace.ts), where those files are
 * private. Given an address (the clients of a proxy, nginx or HAProxy), there
 * is no DNS on the client side at all.
 */
export function runSystemLookupClients(
  host: string,
  port: number,
  clients: number,
  timing: LoopTiming,
): Promise<number> {
  return runAgentClients(host, port, clients, timing, undefined);
}

async function runAgentClients(
  host: string,
  port: number,
  clients: number,
  timing: LoopTiming,
  lookup: unknown,
): Promise<number> {
  const runs = Array.from({ length: clients }, async (_, id) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      return await loop(timing, () => get(agent, host, port, id, lookup));
    } finally {
      agent.destroy();
    }
  });
  return (await Promise.all(runs)).reduce((a, b) => a + b, 0);
}
