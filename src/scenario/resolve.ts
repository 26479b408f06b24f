import type { OnError, Overflow, Scenario, SESSION_PRE_ROLLS, SessionSpec } from "./schema.js";

/*
 * resolve(): a validated scenario with every default the schema leaves
 * unset filled in, the only place such defaults are applied. The schema
 * leaves them unset (rather than defaulting them in zod) so that results
 * echo a scenario without capacity or sessions as its file wrote it; the
 * model, the run and the metrics read the resolved scenario instead.
 */

/** How clients treat servers with capacity when the scenario does not say (clients.timeout, onError, retries, retryDelay). */
export const CLIENT_DEFAULTS: Readonly<ClientErrorHandling> = {
  timeout: 30,
  onError: "next",
  retries: 2,
  retryDelay: 1,
};

/** A server's queueing parameters when neither the server nor the scenario's `service` block sets them. */
export const SERVER_DEFAULTS = {
  workers: 1,
  /** Unlimited waiting room. */
  queue: Number.POSITIVE_INFINITY,
  overflow: "refuse",
  speed: 1,
} as const satisfies Omit<ServerQueueing, "serviceTime">;

/** How a client handles a request refused or timed out at a server with capacity. */
export interface ClientErrorHandling {
  /** Seconds a client waits for an answer from a live server. */
  readonly timeout: number;
  readonly onError: OnError;
  /** Most extra attempts per request after refusals or timeouts. */
  readonly retries: number;
  /** Seconds before a retry to the same address. */
  readonly retryDelay: number;
}

export type ServiceTimeSpec = NonNullable<Scenario["servers"][number]["serviceTime"]>;

/** One server's queueing parameters, defaulted (servers with capacity). */
export interface ServerQueueing {
  readonly workers: number;
  /** Most requests waiting (Infinity: unlimited). */
  readonly queue: number;
  readonly overflow: Overflow;
  readonly speed: number;
  readonly serviceTime: ServiceTimeSpec;
}

/** What a session workload runs before t = 0. */
export type SessionPreRoll = (typeof SESSION_PRE_ROLLS)[number];

/** A session workload with its pre-roll decided. */
export type ResolvedSessions = SessionSpec & { readonly preRoll: SessionPreRoll };

/** The clients, their handling of errors at servers with capacity defaulted. */
export type ResolvedClients = Omit<Scenario["clients"], keyof ClientErrorHandling | "sessions"> &
  ClientErrorHandling & { readonly sessions?: ResolvedSessions | undefined };

/** A scenario with every default applied; still a Scenario, so resolve(resolve(s)) is resolve(s). */
export type ResolvedScenario = Omit<Scenario, "clients"> & {
  readonly clients: ResolvedClients;
  /** Per server, its queueing parameters when the servers have capacity; undefined: they have none (the fast path). */
  readonly queueing: readonly ServerQueueing[] | undefined;
};

/** The scenario with every default applied: clients, servers and their service models, sessions. */
export function resolve(s: Scenario): ResolvedScenario {
  const { sessions, ...c } = s.clients;
  const clients: ResolvedClients = {
    ...c,
    ...clientErrorHandling(c),
    ...(sessions ? { sessions: { ...sessions, preRoll: sessionPreRoll(s, sessions) } } : {}),
  };
  return { ...s, clients, queueing: hasServiceModel(s) ? serverQueueing(s) : undefined };
}

/** The clients' handling of errors at servers with capacity: what the scenario says, else CLIENT_DEFAULTS. */
export function clientErrorHandling(c: Partial<ClientErrorHandling>): ClientErrorHandling {
  return {
    timeout: c.timeout ?? CLIENT_DEFAULTS.timeout,
    onError: c.onError ?? CLIENT_DEFAULTS.onError,
    retries: c.retries ?? CLIENT_DEFAULTS.retries,
    retryDelay: c.retryDelay ?? CLIENT_DEFAULTS.retryDelay,
  };
}

/** Whether the scenario models servers with capacity (requests as events); otherwise the fast path runs. */
export function hasServiceModel(s: Scenario): boolean {
  return (
    s.service !== undefined ||
    s.servers.some((sv) => sv.workers !== undefined || sv.serviceTime !== undefined)
  );
}

/** What a session workload runs before t = 0: `clients.sessions.preRoll`, else by `start` (steady: warm, cold: none). */
export function sessionPreRoll(s: Scenario, spec: SessionSpec): SessionPreRoll {
  return spec.preRoll ?? (s.start === "steady" ? "warm" : "none");
}

/** Every server's queueing parameters: its own, else the `service` block's, else SERVER_DEFAULTS (the cross-check makes sure each has a service time). */
function serverQueueing(s: Scenario): ServerQueueing[] {
  const d = s.service ?? {};
  return s.servers.map((sv) => {
    const serviceTime = sv.serviceTime ?? d.serviceTime;
    if (!serviceTime) throw new RangeError(`server ${sv.address} has no service time`);
    return {
      workers: sv.workers ?? d.workers ?? SERVER_DEFAULTS.workers,
      queue: sv.queue ?? d.queue ?? SERVER_DEFAULTS.queue,
      overflow: sv.overflow ?? d.overflow ?? SERVER_DEFAULTS.overflow,
      speed: sv.speed ?? SERVER_DEFAULTS.speed,
      serviceTime,
    };
  });
}
