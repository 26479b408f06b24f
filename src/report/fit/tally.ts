import type { Validation } from "./types.js";

/** A validation's rows counted: what the CLI's last line and the report's verdict say. */
export interface ValidationTally {
  /** Rows that test something: neither context rows nor degenerate ones. */
  readonly counted: number;
  readonly passed: number;
  /** Equal on both sides by construction: counted neither as a pass nor as a miss. */
  readonly degenerate: number;
  /** The missed rows' metrics, in table order. */
  readonly misses: readonly string[];
}

export function validationTally(v: Validation): ValidationTally {
  const counted = v.rows.filter((r) => !r.extra && !r.degenerate);
  return {
    counted: counted.length,
    passed: counted.filter((r) => r.pass).length,
    degenerate: v.rows.filter((r) => r.degenerate).length,
    misses: counted.filter((r) => !r.pass).map((r) => r.metric),
  };
}
