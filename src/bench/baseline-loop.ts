import { AliasTable, RandomStreams, zipfWeights } from "../engine/index.js";

/**
 * A hand-tuned, single-purpose loop for the bench's reference workload: no
 * engine, no metrics beyond per-server counts, no failure handling. It is the
 * yardstick the engine's throughput is quoted against (a ratio is stable on a
 * noisy shared machine; absolute visits/s are not).
 */
export function baselineLoop(visits: number, rate: number, ttl: number): Float64Array {
  const servers = 4;
  const resolvers = 1000;
  const streams = new RandomStreams(1);
  const arrivals = streams.stream("arrivals");
  const choice = streams.stream("resolver-choice");
  const table = new AliasTable(zipfWeights(resolvers, 1));
  const expires = new Float64Array(resolvers).fill(-1);
  const first = new Int32Array(resolvers);
  const rotation = new Int32Array(resolvers);
  const counts = new Float64Array(servers);
  let authCounter = 0;
  let t = 0;
  for (let v = 0; v < visits; v++) {
    t += -Math.log(1 - arrivals()) / rate;
    const r = table.sample(choice);
    if (t < expires[r]!) {
      // Even resolvers rotate, odd ones are frozen.
      const server = (r & 1) === 0 ? (first[r]! + rotation[r]!++) % servers : first[r]!;
      counts[server]!++;
    } else {
      first[r] = authCounter++ % servers;
      rotation[r] = 1;
      expires[r] = t + ttl;
      counts[first[r]!]!++;
    }
  }
  return counts;
}
