/**
 * Text from a scenario or a results file made safe to print to a terminal:
 * C0 and C1 control characters (ESC, CSI, BEL, backspace, carriage return,
 * ...) are removed, so a name or description cannot move the cursor, recolour
 * or retitle the terminal, or overwrite earlier lines. Tabs and newlines
 * become spaces (a name is one line; descriptions are re-wrapped anyway).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const BREAKS = /[\t\n]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, "").replace(BREAKS, " ");
}
