import { LOOKUP, type LookupOutcome } from "../lookup-outcome.js";

/** What a resolver does when its record has expired and the authoritative server is unreachable. */
export type AuthDownReaction = "no-answer" | "servfail" | "stale";

export interface AuthDownPolicy {
  /** Answers from the expired record (RFC 8767 serve-stale) while it is younger than the stale limit. */
  readonly servesStale: boolean;
  /** How the lookup ends when no (stale) answer is given. */
  readonly failure: LookupOutcome;
}

/** Every reaction a behaviour can name: adding one is adding a line here. */
export const AUTH_DOWN_POLICIES: Readonly<Record<AuthDownReaction, AuthDownPolicy>> = {
  // Unbound's default, dnsmasq: silence; the client's stub resolver times out.
  "no-answer": { servesStale: false, failure: LOOKUP.NO_ANSWER },
  // PowerDNS Recursor, Knot: SERVFAIL at once.
  servfail: { servesStale: false, failure: LOOKUP.SERVFAIL },
  // serve-expired / use-stale-cache; when even the stale record is too old, no answer.
  stale: { servesStale: true, failure: LOOKUP.NO_ANSWER },
};
