import { SlotPool } from "./slot-pool.js";

/**
 * The state of the rate-driven visits under way with servers with capacity
 * (RateQueuedVisits), a slot each: a visit's requests are sequential, so its
 * slot holds its current request too.
 */
export class VisitSlots extends SlotPool {
  /** When the visit arrived (its bin for visit-level counts). */
  arrival = new Float64Array(0);
  /** When the current attempt reached its server (its bin for served requests). */
  sentAt = new Float64Array(0);
  /** The current request (0 .. requestsPerVisit − 1). */
  request = new Int32Array(0);
  /** Index in the answer of the address in use, and how many addresses the client will try. */
  index = new Int32Array(0);
  candidates = new Int32Array(0);
  /** The address in use, and the host that serves it (itself, or a takeover host). */
  server = new Int32Array(0);
  host = new Int32Array(0);
  /** Connect timeouts paid so far; retries used by the current request. */
  timeouts = new Int32Array(0);
  retries = new Int32Array(0);
  /** The first outage the visit met (blamed if it fails), −1 if none. */
  blamed = new Int32Array(0);
  /** Whether any request failed; whether the visit counts (arrived after the warm-up). */
  failed = new Uint8Array(0);
  counting = new Uint8Array(0);
  /** What the pending outcome event means (the step it resumes with). */
  outcome = new Uint8Array(0);
  /** The visit's answer: row slot * serverCount. */
  answer = new Int32Array(0);
  /** Who the access logs name as the visit's client (set with access logs only). */
  client = new Float64Array(0);
}
