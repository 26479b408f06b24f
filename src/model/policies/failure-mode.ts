import type { FailureMode } from "../../scenario/index.js";

/** What a connection attempt to a dead server costs, and which mode wins where outages overlap. */
export interface FailureModePolicy {
  /** Connect timeouts a failed attempt costs the client before it can go on (0: fails at once). */
  readonly connectTimeouts: number;
  /**
   * Where outages of different modes overlap on one server, the mode with the
   * highest precedence holds: a host that drops packets is not rescued by a
   * refused port elsewhere in the same window.
   */
  readonly precedence: number;
}

/** Every failure mode a scenario can name (`failures[].mode`): adding one is adding a line here. */
export const FAILURE_MODE_POLICIES: Readonly<Record<FailureMode, FailureModePolicy>> = {
  // Packets to the address vanish: the client waits its whole connect timeout.
  blackhole: { connectTimeouts: 1, precedence: 2 },
  // The host answers with a reset: the attempt fails at once.
  refused: { connectTimeouts: 0, precedence: 1 },
};
