import { printable } from "./printable.js";

/**
 * Tells the user where a file or folder went: on stderr, like every other
 * message, so stdout carries only results (`--format json > results.json`
 * stays valid JSON, a pipe gets only the table).
 */
export function wrote(what: string): void {
  process.stderr.write(`wrote ${printable(what)}\n`);
}
