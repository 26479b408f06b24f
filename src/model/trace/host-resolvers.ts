import { getDomain } from "tldts";
import { AliasTable, RandomStreams } from "../../engine/index.js";
import type { Scenario, TraceResolverRule } from "../../scenario/index.js";
import { resolverWeights } from "../resolver-population.js";

/** Which caching resolver each trace host uses, and each resolver's share of the requests. */
export interface HostResolvers {
  readonly resolverOfHost: Int32Array;
  readonly resolverCount: number;
  readonly shares: Float64Array;
}

/**
 * The Public Suffix List the `subnet` rule groups names by: the one bundled
 * in tldts (each release ships the list of its day; no download at run
 * time), named in results so a run says which list it used. A test checks it
 * against the installed package.
 */
export const PUBLIC_SUFFIX_LIST = "tldts 7.6.4";

/**
 * The /24 of an IPv4 address, the /64 of an IPv6 one (ipv6Prefix64), or a
 * name's registrable domain by the Public
 * Suffix List, ICANN and private sections (one label below the longest
 * public suffix: `a.b.example.co.uk` → `example.co.uk`, not `co.uk`, so
 * `co.uk`, `ac.uk` or `ac.jp` do not lump different organisations; a host
 * under a private suffix such as `compute-1.amazonaws.com` is its own).
 * A name with no registrable domain (a bare suffix, `localhost`) is its own
 * key; lower case, so the grouping ignores the log's capitalisation.
 */
export function subnetKey(host: string): string {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return host.slice(0, host.lastIndexOf("."));
  if (host.includes(":")) return ipv6Prefix64(host) ?? host;
  const name = host.toLowerCase();
  return getDomain(name, { allowPrivateDomains: true, extractHostname: false }) ?? name;
}

/**
 * An IPv6 host's /64 (`2001:db8:0:1::/64`), or undefined when it is not an
 * IPv6 address. The /64 is IPv6's site subnet, as the /24 is IPv4's: an
 * interface identifier is the low 64 bits (RFC 4291), and privacy addresses
 * (RFC 8981) give one machine a new one every day, so per address one
 * machine would count as many clients, each with a resolver of its own.
 * An IPv4-mapped address (`::ffff:10.1.2.3`) is its IPv4 /24.
 */
function ipv6Prefix64(host: string): string | undefined {
  const address = host.replace(/%.*$/, "").toLowerCase(); // a zone index (fe80::1%eth0) is no part of it
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(address);
  if (mapped) return subnetKey(mapped[1]!);
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  // An embedded IPv4 tail (::1.2.3.4) is two groups.
  const width = (gs: string[]) => gs.length + (gs.at(-1)?.includes(".") ? 1 : 0);
  const missing = 8 - width(head) - width(tail);
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  const prefix = all.slice(0, 4);
  if (!prefix.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return `${prefix.map((g) => Number.parseInt(g, 16).toString(16)).join(":")}::/64`;
}

/**
 * Maps hosts onto resolvers by the stated rule:
 * - `host`: one resolver per host;
 * - `subnet`: one per /24 (IPv4), /64 (IPv6) or registrable domain (names, `subnetKey`);
 * - `heavy` (default): the `heavy` hosts with the most requests (proxies,
 *   crawlers) are resolvers of their own, and every other host is assigned
 *   to one of `resolvers.count` resolvers drawn by their Zipf (or explicit)
 *   weights, from the stream "trace-hosts", in order of first appearance.
 */
export function mapHostsToResolvers(
  s: Scenario,
  seed: number,
  hosts: readonly string[],
  counts: readonly number[],
  rule: TraceResolverRule,
): HostResolvers {
  const n = hosts.length;
  const resolverOfHost = new Int32Array(n);
  let resolverCount = 0;
  if (rule.rule === "host") {
    for (let i = 0; i < n; i++) resolverOfHost[i] = i;
    resolverCount = n;
  } else if (rule.rule === "subnet") {
    const keys = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const key = subnetKey(hosts[i]!);
      let r = keys.get(key);
      if (r === undefined) {
        r = keys.size;
        keys.set(key, r);
      }
      resolverOfHost[i] = r;
    }
    resolverCount = keys.size;
  } else {
    const heavy = Math.min(rule.heavy, n);
    // Heaviest first; ties by first appearance, so the order is a pure function of the trace.
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => counts[b]! - counts[a]! || a - b,
    );
    const own = new Uint8Array(n);
    for (let k = 0; k < heavy; k++) {
      resolverOfHost[order[k]!] = k;
      own[order[k]!] = 1;
    }
    const weights = resolverWeights(s);
    const table = new AliasTable(weights);
    const rng = new RandomStreams(seed).stream("trace-hosts");
    for (let i = 0; i < n; i++) if (!own[i]) resolverOfHost[i] = heavy + table.sample(rng);
    resolverCount = heavy + weights.length;
  }
  resolverCount = Math.max(1, resolverCount);
  const shares = new Float64Array(resolverCount);
  let total = 0;
  for (let i = 0; i < n; i++) {
    shares[resolverOfHost[i]!]! += counts[i]!;
    total += counts[i]!;
  }
  if (total > 0) for (let r = 0; r < resolverCount; r++) shares[r]! /= total;
  return { resolverOfHost, resolverCount, shares };
}
