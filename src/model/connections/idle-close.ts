import { geometric, type Rng, standardNormal } from "../../engine/index.js";

/** Gaps summed one by one up to this many; a normal approximation of their sum beyond. */
const EXACT_GAPS = 64;

/**
 * Seconds until a connection carrying a Poisson stream of `rate` requests per
 * second first sits idle for `timeout` seconds: a geometric number of gaps
 * shorter than the timeout (each an exponential truncated to [0, timeout)),
 * then the timeout itself. Infinity when an idle gap is practically impossible
 * (probability below 1e-12 per gap), so busy connections never pay for it.
 */
export function idleCloseDelay(rng: Rng, rate: number, timeout: number): number {
  if (!(rate > 0)) return timeout;
  const pIdle = Math.exp(-rate * timeout);
  if (pIdle < 1e-12) return Number.POSITIVE_INFINITY;
  const gaps = geometric(rng, pIdle);
  const keep = 1 - pIdle;
  if (gaps <= EXACT_GAPS) {
    let sum = 0;
    // Inversion of the exponential truncated to [0, timeout).
    for (let i = 0; i < gaps; i++) sum += -Math.log(1 - rng() * keep) / rate;
    return sum + timeout;
  }
  const mean = 1 / rate - (timeout * pIdle) / keep;
  const second =
    (2 / (rate * rate) - pIdle * (timeout * timeout + (2 * timeout) / rate + 2 / (rate * rate))) /
    keep;
  const variance = Math.max(0, second - mean * mean);
  const sum = gaps * mean + Math.sqrt(gaps * variance) * standardNormal(rng);
  return Math.max(0, sum) + timeout;
}
