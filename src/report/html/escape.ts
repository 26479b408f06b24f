/**
 * Escaping for the HTML report. Scenario names, descriptions and addresses
 * come from files anyone can write, so every piece of text goes through
 * escapeHtml, and data handed to scripts through jsonForScript.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * JSON safe inside a <script> element. A script element ends at the first
 * `</script` whatever the JavaScript around it, and `<!--` switches the
 * parser into a mode where a later `<script` changes where it ends; writing
 * every `<`, `>` and `&` as a \\u escape leaves JSON.parse the same value and
 * the HTML parser nothing to find. U+2028/2029 are escaped for old engines.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * Third-party JavaScript made safe to inline: the same two sequences, with
 * their `<` written as `\x3C`, which means `<` in the only places they can
 * occur in valid code (strings, template literals, regular expressions) and
 * is harmless in comments. (The bundles we ship contain neither today.)
 */
export function inlineScript(code: string): string {
  return code.replace(/<(\/script|!--)/gi, "\\x3C$1");
}
