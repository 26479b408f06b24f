/**
 * A minimal DNS message codec (RFC 1035) for A queries: enough to send one
 * question and read the answer's A records in wire order with their TTLs.
 * Pure bytes in, bytes out: the socket lives in src/cli.
 */

export const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

export interface ARecord {
  readonly address: string;
  /** Seconds, as the server sent it. */
  readonly ttl: number;
}

export interface DnsResponse {
  readonly id: number;
  readonly rcode: number;
  /** Truncated (TC bit): the client should retry over TCP. */
  readonly truncated: boolean;
  /** A records of the answer section, in wire order (CNAME chains are followed by position). */
  readonly answers: readonly ARecord[];
}

const TYPE_A = 1;
const CLASS_IN = 1;

/** Encodes a recursive query for the A records of `name` (RD set, no EDNS). */
export function encodeQuery(id: number, name: string): Uint8Array {
  const labels = name.replace(/\.$/, "").split(".");
  const qname: number[] = [];
  for (const label of labels) {
    const bytes = new TextEncoder().encode(label);
    if (bytes.length === 0 || bytes.length > 63) throw new RangeError(`bad label in ${name}`);
    qname.push(bytes.length, ...bytes);
  }
  qname.push(0);
  if (qname.length > 255) throw new RangeError(`name too long: ${name}`);
  const header = [id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
  return Uint8Array.from([...header, ...qname, 0, TYPE_A, 0, CLASS_IN]);
}

/** Skips a (possibly compressed) name starting at `offset`; returns the offset after it. */
function skipName(buf: Uint8Array, offset: number): number {
  let i = offset;
  for (;;) {
    if (i >= buf.length) throw new RangeError("name runs past the message");
    const len = buf[i]!;
    if (len === 0) return i + 1;
    if ((len & 0xc0) === 0xc0) return i + 2;
    i += len + 1;
  }
}

/** Decodes a response; throws RangeError on a malformed message. */
export function decodeResponse(buf: Uint8Array): DnsResponse {
  if (buf.length < 12) throw new RangeError("message shorter than a DNS header");
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const id = view.getUint16(0);
  const flags = view.getUint16(2);
  const qdcount = view.getUint16(4);
  const ancount = view.getUint16(6);
  let offset = 12;
  for (let q = 0; q < qdcount; q++) offset = skipName(buf, offset) + 4;
  const answers: ARecord[] = [];
  for (let a = 0; a < ancount; a++) {
    offset = skipName(buf, offset);
    if (offset + 10 > buf.length) throw new RangeError("record header runs past the message");
    const type = view.getUint16(offset);
    const cls = view.getUint16(offset + 2);
    const ttl = view.getUint32(offset + 4);
    const rdlength = view.getUint16(offset + 8);
    offset += 10;
    if (offset + rdlength > buf.length) throw new RangeError("record data runs past the message");
    if (type === TYPE_A && cls === CLASS_IN && rdlength === 4) {
      answers.push({ address: Array.from(buf.subarray(offset, offset + 4)).join("."), ttl });
    }
    offset += rdlength;
  }
  return { id, rcode: flags & 0x0f, truncated: (flags & 0x0200) !== 0, answers };
}
