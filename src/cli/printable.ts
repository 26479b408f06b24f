/**
 * Terminal control characters (C0 except tab, DEL, C1) and the Unicode
 * bidirectional overrides: text from a scenario file that contains them could
 * recolour, move the cursor, retitle the window or reorder what a reader sees.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every terminal control character removed, safe to print on one line. */
export function printable(text: string): string {
  return text.replace(CONTROL, "");
}
