import {
  type AccessLogRecording,
  ATTEMPT_ERROR,
  type VisitRecording,
} from "../../metrics/index.js";
import type { OnError } from "../../scenario/index.js";
import { OFFER_DROPPED, OFFER_REFUSED, type ServerFleet } from "./fleet.js";

/** `offerAttempt`: the server refused at once; the client's `onError` runs now. */
export const ERRED_NOW = -1;
/** `offerAttempt`: dropped, or answered later than the client waits; `onError` runs at t + timeout. */
export const ERRED_AT_TIMEOUT = -2;

/**
 * One attempt at a live server with capacity at time t, the same for the
 * rate model's visits (RequestFlow) and a trace's or session workload's
 * requests (CapacityReplay): the attempt is queued at `host` (the address
 * `server` or the host that took it over), a refusal or timeout is recorded
 * and logged (503 at the refusal, 499 when the late answer leaves), and the
 * answer time is returned (≥ t), or ERRED_NOW / ERRED_AT_TIMEOUT.
 */
export function offerAttempt(
  fleet: ServerFleet,
  rec: VisitRecording,
  accessLog: AccessLogRecording | undefined,
  server: number,
  host: number,
  client: number,
  t: number,
  timeout: number,
): number {
  const end = fleet.offer(host, t);
  if (end === OFFER_REFUSED) {
    rec.erredAttempt(server, t, ATTEMPT_ERROR.REFUSED);
    accessLog?.unanswered(host, t, client, 503);
    return ERRED_NOW;
  }
  if (end === OFFER_DROPPED) {
    rec.erredAttempt(server, t, ATTEMPT_ERROR.DROPPED);
    return ERRED_AT_TIMEOUT;
  }
  // The client gives up at t + timeout (the same sum schedules its error), so
  // an answer at exactly that time is in time: `end - t > timeout` would
  // decide the tie by the rounding of end - t, differently for every t.
  if (end > t + timeout) {
    rec.erredAttempt(server, t, ATTEMPT_ERROR.TIMED_OUT);
    accessLog?.unanswered(host, end, client, 499);
    return ERRED_AT_TIMEOUT;
  }
  return end;
}

/** What the client does after a refusal or timeout (`errorAction`). */
export const GIVE_UP = 0;
export const NEXT_ADDRESS = 1;
export const RETRY_LATER = 2;

/**
 * The client's `onError` within its retry budget: give the request up, try
 * the answer's next address now (when there is one), or the same address
 * after `retryDelay`. Both callers count the retry (rec.retry) on the last two.
 */
export function errorAction(
  onError: OnError,
  retriesSoFar: number,
  retries: number,
  hasNextAddress: boolean,
): number {
  if (onError === "give-up" || retriesSoFar >= retries) return GIVE_UP;
  if (onError === "next") return hasNextAddress ? NEXT_ADDRESS : GIVE_UP;
  return RETRY_LATER;
}
