import type { ClientMeasurement, ClientProtocol, ClientRequest } from "./client-types.js";

/**
 * One runtime's requests, as the backends recorded them, reduced to what the
 * rows judge: the split before the scale-out, the time to pick up the added
 * address, the time to leave the removed one, and connections per server.
 * Pure: the same requests give the same measurement.
 */
export function measureClient(
  runtime: string,
  requests: readonly ClientRequest[],
  errors: number,
  protocol: ClientProtocol,
): ClientMeasurement {
  const servers = protocol.initial + 1;
  const added = protocol.initial;
  const removed = 0;
  const perServer = new Array<number>(servers).fill(0);
  const splitBefore = new Array<number>(servers).fill(0);
  const connectionsPerServer = new Array<number>(servers).fill(0);
  const connectionsBefore = new Array<number>(servers).fill(0);
  const clientServers = Array.from({ length: protocol.clients }, () => new Set<number>());
  // A connection counts where and when it served its first request.
  const seen = new Set<string>();
  let firstAdded = Number.POSITIVE_INFINITY;
  let lastRemoved = Number.NEGATIVE_INFINITY;
  for (const r of requests) {
    if (r.server < 0 || r.server >= servers) continue;
    perServer[r.server]!++;
    const key = `${r.server}/${r.conn}`;
    const fresh = !seen.has(key);
    if (fresh) {
      seen.add(key);
      connectionsPerServer[r.server]!++;
    }
    if (r.t < protocol.addAt) {
      splitBefore[r.server]!++;
      if (fresh) connectionsBefore[r.server]!++;
      clientServers[r.client]?.add(r.server);
    }
    if (r.server === added && r.t >= protocol.addAt && r.t < firstAdded) firstAdded = r.t;
    if (r.server === removed && r.t > lastRemoved) lastRemoved = r.t;
  }
  return {
    runtime,
    requests: perServer.reduce((a, b) => a + b, 0),
    errors,
    perServer,
    connectionsPerServer,
    splitBefore,
    connectionsBefore,
    serversPerClientBefore: clientServers.map((s) => s.size),
    connectionsAtOnceBefore: connectionsAtOnce(
      requests.filter((r) => r.t < protocol.addAt),
      protocol.clients,
    ),
    pickUp: Number.isFinite(firstAdded) ? round1(firstAdded - protocol.addAt) : null,
    leave: Number.isFinite(lastRemoved)
      ? round1(lastRemoved - protocol.removeAt)
      : -protocol.removeAt,
    leaveCensored: lastRemoved >= protocol.duration - 1,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Shares of a count vector (all zero stays all zero). */
export function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total === 0 ? 0 : c / total));
}

/**
 * Whether counts over the first n servers are even within z standard errors
 * of a multinomial with `draws` independent draws (requests for round robin,
 * connections when each connection picks its server). The largest gap and
 * its tolerance are returned for the table.
 */
export function evenWithin(
  counts: readonly number[],
  n: number,
  draws: number,
  z: number,
): { ok: boolean; gap: number; tolerance: number } {
  const s = shares(counts.slice(0, n));
  const p = 1 / n;
  const tolerance = draws > 0 ? z * Math.sqrt((p * (1 - p)) / draws) : 1;
  const outside = counts.slice(n).some((c) => c > 0);
  const gap = Math.max(...s.map((x) => Math.abs(x - p)));
  return { ok: !outside && draws > 0 && gap <= tolerance, gap, tolerance };
}

/**
 * Per client, the most connections it was using at one time: a connection
 * is in use from its first to its last request, and the largest number of
 * these spans that overlap is counted (one for a client that holds one
 * connection and replaces it, n for one that spreads over n).
 */
export function connectionsAtOnce(requests: readonly ClientRequest[], clients: number): number[] {
  const spans = Array.from({ length: clients }, () => new Map<string, [number, number]>());
  for (const r of requests) {
    const m = spans[r.client];
    if (!m) continue;
    const key = `${r.server}/${r.conn}`;
    const s = m.get(key);
    if (s) {
      s[0] = Math.min(s[0], r.t);
      s[1] = Math.max(s[1], r.t);
    } else m.set(key, [r.t, r.t]);
  }
  return spans.map((m) => {
    // Starts before ends at the same instant: touching spans overlap.
    const events = [...m.values()].flatMap(([a, b]) => [
      [a, 1],
      [b, -1],
    ]);
    events.sort((x, y) => x[0]! - y[0]! || y[1]! - x[1]!);
    let open = 0;
    let most = 0;
    for (const [, d] of events) {
      open += d!;
      most = Math.max(most, open);
    }
    return most;
  });
}
