/** A bundled scenario as the page carries it: its file name and YAML text. */
export interface Lesson {
  readonly name: string;
  readonly text: string;
}

/**
 * A lesson's claim and its pointer to the chart that shows it: the sentence
 * that first says "look", and everything after it, is what to look at; the
 * sentences before it are the claim. A sentence ends at . ! or ? followed by
 * a space, so "1.5 times" and "dns.ttl" do not end one.
 */
export function splitClaim(description: string): { claim: string; lookAt: string } {
  const look = /\blook\b/i.exec(description);
  if (!look) return { claim: description.trim(), lookAt: "" };
  let start = 0;
  for (const end of description.slice(0, look.index).matchAll(/[.!?]\s+/g))
    start = end.index + end[0].length;
  return { claim: description.slice(0, start).trim(), lookAt: description.slice(start).trim() };
}
