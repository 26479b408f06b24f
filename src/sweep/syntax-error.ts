/**
 * A mistake in sweep syntax (a --set path or value list). Thrown by the pure
 * parsers, which do not know which flag they were given; the caller turns it
 * into a UserError naming the flag.
 */
export class SweepSyntaxError extends Error {
  override readonly name = "SweepSyntaxError";
}
