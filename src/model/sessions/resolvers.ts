import { AliasTable, RandomStreams, zipfWeights } from "../../engine/index.js";
import { expectedVisitsOver, type Scenario, type SessionSpec } from "../../scenario/index.js";
import { resolverWeights } from "../resolver-population.js";
import type { HostResolvers } from "../trace/host-resolvers.js";
import { meanCount, meanObjects } from "./draws.js";

/** Where each class's clients start in the one client index space (classes in order). */
export function classOffsets(spec: SessionSpec): Int32Array {
  const offsets = new Int32Array(spec.classes.length + 1);
  spec.classes.forEach((c, i) => {
    offsets[i + 1] = offsets[i]! + c.clients;
  });
  return offsets;
}

/** Expected requests of one session of the class: E[pages] × (1 + E[objects]). */
export function meanRequestsPerSession(c: SessionSpec["classes"][number]): number {
  return meanCount(c.pages, 1) * (1 + meanObjects(c));
}

/**
 * Which caching resolver each session client uses, for the whole run. When
 * some class is `shared`, resolvers 0 .. resolvers.count-1 are the scenario's
 * shared ones (drawn by the resolvers' Zipf or explicit weights, from the
 * class's stream "sessions/<class>/resolvers"); every client of an `own`
 * class gets one more resolver of its own after them, in client order.
 * `shares`: each resolver's expected share of the requests (the class's mean
 * session rate × requests per session, split by the clients' Zipf weights),
 * for the results' resolver statistics.
 */
export function mapSessionResolvers(s: Scenario, spec: SessionSpec, seed: number): HostResolvers {
  const anyShared = spec.classes.some((c) => c.resolver === "shared");
  if (anyShared) return mapResolvers(s, spec, seed, true);
  // Without a shared class no draw is made: the map is a function of the
  // classes and the duration alone, the same for every seed and for every
  // world that differs in what serves the requests (the fit validation's
  // hundreds of played runs, each 93,000 clients on the shared log). Its
  // arrays are only read.
  const key = JSON.stringify([spec.classes, s.duration]);
  let map = ownMaps.get(key);
  if (map === undefined) {
    map = mapResolvers(s, spec, seed, false);
    if (ownMaps.size >= 8) ownMaps.clear();
    ownMaps.set(key, map);
  }
  return map;
}

/** Maps of session workloads without a shared class, by classes and duration. */
const ownMaps = new Map<string, HostResolvers>();

function mapResolvers(
  s: Scenario,
  spec: SessionSpec,
  seed: number,
  anyShared: boolean,
): HostResolvers {
  const offsets = classOffsets(spec);
  const total = offsets[spec.classes.length]!;
  const weights = anyShared ? resolverWeights(s) : new Float64Array(0);
  const table = anyShared ? new AliasTable(weights) : undefined;
  const streams = new RandomStreams(seed);
  const resolverOfHost = new Int32Array(total);
  let next = weights.length;
  spec.classes.forEach((c, k) => {
    const from = offsets[k]!;
    if (c.resolver === "shared") {
      const rng = streams.stream(`sessions/${c.name}/resolvers`);
      for (let i = 0; i < c.clients; i++) resolverOfHost[from + i] = table!.sample(rng);
    } else for (let i = 0; i < c.clients; i++) resolverOfHost[from + i] = next++;
  });
  const resolverCount = Math.max(1, next);
  const shares = new Float64Array(resolverCount);
  let sum = 0;
  spec.classes.forEach((c, k) => {
    // With return visits the rate counts visits: each brings 1 / (1 − q) sessions.
    const sessionsPerVisit = 1 / (1 - (c.revisit?.probability ?? 0));
    const requests =
      expectedVisitsOver(c.rate, s.duration) * sessionsPerVisit * meanRequestsPerSession(c);
    if (!(requests > 0)) return;
    const zipf = zipfWeights(c.clients, c.skew);
    for (let i = 0; i < c.clients; i++) {
      const w = requests * zipf[i]!;
      shares[resolverOfHost[offsets[k]! + i]!]! += w;
      sum += w;
    }
  });
  if (sum > 0) for (let r = 0; r < resolverCount; r++) shares[r]! /= sum;
  return { resolverOfHost, resolverCount, shares };
}
