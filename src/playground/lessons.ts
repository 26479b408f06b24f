/** A bundled scenario as the page carries it: its file name and YAML text. */
export interface Lesson {
  readonly name: string;
  readonly text: string;
}

/**
 * A lesson's claim and its pointer to the chart that shows it: the
 * description's sentences from the first that says "look" on are what to
 * look at; the ones before are the claim.
 */
export function splitClaim(description: string): { claim: string; lookAt: string } {
  const sentences = description.match(/[^.!?]+[.!?]+(\s+|$)|[^.!?]+$/g) ?? [];
  const at = sentences.findIndex((s) => /\blook\b/i.test(s));
  if (at < 0) return { claim: description.trim(), lookAt: "" };
  return {
    claim: sentences.slice(0, at).join("").trim(),
    lookAt: sentences.slice(at).join("").trim(),
  };
}
