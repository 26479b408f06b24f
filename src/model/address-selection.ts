/*
 * RFC 6724 destination address selection, rule 9 (longest matching prefix),
 * as glibc's getaddrinfo applies it to IPv4 addresses on the client's own
 * subnet. Used by the `sorted` client selection policy.
 */

/** Parses dotted-quad IPv4 into an unsigned 32-bit integer. */
export function ipv4ToInt(address: string): number {
  return address.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** Length of the common leading bit string of two IPv4 addresses (RFC 6724 rule 9's CommonPrefixLen). */
export function commonPrefixLength(a: number, b: number): number {
  const x = (a ^ b) >>> 0;
  return x === 0 ? 32 : Math.clz32(x);
}

/**
 * Stable sort of an answer by descending prefix match with the client's own
 * address, as glibc's getaddrinfo does for addresses on the client's subnet:
 * the same server comes first whatever order DNS gave.
 */
export function sortByPrefix(answer: Int32Array, len: number, prefixLength: Int32Array): void {
  // Insertion sort: lists are short and it is stable and allocation-free.
  for (let i = 1; i < len; i++) {
    const item = answer[i]!;
    const key = prefixLength[item]!;
    let j = i - 1;
    while (j >= 0 && prefixLength[answer[j]!]! < key) {
      answer[j + 1] = answer[j]!;
      j--;
    }
    answer[j + 1] = item;
  }
}
