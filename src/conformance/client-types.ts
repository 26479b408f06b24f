/**
 * The real-client harness (issue 29): what it measures and how it is run.
 * The servers, DNS and clients live in src/cli/client-conformance; this
 * layer only judges what they recorded.
 */

/** One request as a backend server saw it. */
export interface ClientRequest {
  /** Seconds since the run started. */
  readonly t: number;
  /** Index of the backend address (0 = first initial address; `added` is the last). */
  readonly server: number;
  /** Which of the runtime's clients sent it (0..clients-1). */
  readonly client: number;
  /** A connection id unique within the runtime: one per socket the backend accepted. */
  readonly conn: string;
}

/** The run's timing, shared by every runtime (all run side by side). */
export interface ClientProtocol {
  readonly name: "full" | "reduced";
  /** Seconds of traffic. */
  readonly duration: number;
  /** The added address enters the DNS answer at this second (scale-out). */
  readonly addAt: number;
  /** The removed address leaves the DNS answer at this second (scale-in); its server stays up. */
  readonly removeAt: number;
  /** Independent clients per runtime (each its own pool / process / channel). */
  readonly clients: number;
  /** Seconds each client waits between requests (one request at a time per client). */
  readonly interval: number;
  /** HTTP backends close a connection after this many requests (keep-alive limit, like nginx's keepalive_requests). */
  readonly requestsPerConnection: number;
  /** gRPC backends send GOAWAY at this connection age, seconds (grpc.max_connection_age_ms). */
  readonly grpcMaxAge: number;
  /** TTL of the test name's A records, seconds. */
  readonly dnsTtl: number;
  /** nginx `resolver … valid=` seconds. */
  readonly nginxValid: number;
  /** HAProxy `hold valid` seconds (its re-resolution period). */
  readonly haproxyHoldValid: number;
  /** Initial answer size (addresses 0..initial-1); address `initial` is the one added; address 0 is removed. */
  readonly initial: number;
}

export const CLIENT_REDUCED_PROTOCOL: ClientProtocol = {
  name: "reduced",
  duration: 75,
  addAt: 15,
  removeAt: 40,
  clients: 4,
  interval: 0.05,
  requestsPerConnection: 10,
  grpcMaxAge: 5,
  dnsTtl: 1,
  nginxValid: 5,
  haproxyHoldValid: 10,
  initial: 3,
};

export const CLIENT_FULL_PROTOCOL: ClientProtocol = {
  ...CLIENT_REDUCED_PROTOCOL,
  name: "full",
  duration: 140,
  addAt: 20,
  removeAt: 80,
  clients: 6,
};

/** What the analysis keeps of one runtime's run (saved with --json, re-judged with --from). */
export interface ClientMeasurement {
  readonly runtime: string;
  readonly requests: number;
  /** Failed requests the client reported (connect refused, timeouts). */
  readonly errors: number;
  /** Requests per server over the run. */
  readonly perServer: readonly number[];
  /** Connections opened per server over the run. */
  readonly connectionsPerServer: readonly number[];
  /** Requests per server in [0, addAt). */
  readonly splitBefore: readonly number[];
  /** Connections opened per server in [0, addAt). */
  readonly connectionsBefore: readonly number[];
  /** Per client, how many distinct servers it reached in [0, addAt). */
  readonly serversPerClientBefore: readonly number[];
  /** Per client, the most connections in use at one time in [0, addAt). */
  readonly connectionsAtOnceBefore: readonly number[];
  /** Seconds from the add to the first request at the added server; null = none by the end. */
  readonly pickUp: number | null;
  /** Seconds from the removal to the last request at the removed server (≤ 0: it had left already). */
  readonly leave: number;
  /** True when the removed server still had requests in the last second of the run. */
  readonly leaveCensored: boolean;
  /**
   * A queries for the test name that the runtime's own DNS answered over the
   * run (start-up included); only for runtimes with a DNS of their own (the
   * namespaced ones), absent for those that share the harness's.
   */
  readonly dnsQueries?: number;
}
