/**
 * Reads BIND's query log (`querylog yes`, `print-time iso8601-utc`) and
 * returns the times (seconds since the epoch) at which upstream queries for
 * one name and type arrived. Names compare case-insensitively because Knot
 * Resolver randomises the case of its queries (DNS 0x20).
 */
export function upstreamQueryTimes(logText: string, name: string, type = "A"): number[] {
  const wanted = `query: ${name.toLowerCase()} in ${type.toLowerCase()} `;
  const times: number[] = [];
  for (const line of logText.split("\n")) {
    if (!line.toLowerCase().includes(wanted)) continue;
    const stamp = line.slice(0, line.indexOf(" "));
    const t = Date.parse(stamp);
    if (Number.isFinite(t)) times.push(t / 1000);
  }
  return times;
}

/**
 * Collapses retries (queries closer than `gap` seconds, e.g. a resolver's
 * parallel or repeated sends) into one fetch, keeping the first time.
 */
export function distinctFetches(times: readonly number[], gap = 0.3): number[] {
  const out: number[] = [];
  for (const t of [...times].sort((a, b) => a - b)) {
    if (out.length === 0 || t - out[out.length - 1]! >= gap) out.push(t);
  }
  return out;
}

/** Mean interval between consecutive fetches, or null with fewer than two. */
export function meanInterval(fetches: readonly number[]): number | null {
  if (fetches.length < 2) return null;
  return (fetches[fetches.length - 1]! - fetches[0]!) / (fetches.length - 1);
}
