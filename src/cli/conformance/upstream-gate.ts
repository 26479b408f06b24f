import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { LOOPBACK } from "./daemons.js";

/**
 * How the authority looks to one resolver during an outage:
 * - `closed`: nothing listens on its port for the resolver (the kernel
 *   answers ICMP port unreachable, as when BIND is stopped);
 * - `black-holed`: the port takes the packets and never answers (a host
 *   that drops them, a firewall's DROP).
 */
export type GateMode = "open" | "closed" | "black-holed";

/** TCP/UDP port 1 (tcpmux): nothing listens on it on loopback; a closed gate is connected to it. */
const UNUSED_PORT = 1;

/**
 * A UDP relay on loopback between one resolver and BIND, so each resolver
 * instance gets its own outage (closed or black-holed, any length) while BIND
 * keeps running and logs every query that passes. Query IDs are rewritten to
 * the relay's own so replies find their sender whatever source port the
 * resolver used; traffic stays on 127.0.0.1.
 */
export class UpstreamGate {
  private listener: Socket | undefined;
  private readonly upstream: Socket;
  private mode: GateMode = "open";
  private nextId = 1;
  /** Relay ID → the resolver's ID and address (bounded: IDs wrap at 65535). */
  private readonly pending = new Map<number, { id: number; port: number; address: string }>();

  constructor(
    readonly port: number,
    private readonly authorityPort: number,
  ) {
    this.upstream = createSocket("udp4");
    this.upstream.on("message", (msg) => this.fromAuthority(msg));
    this.upstream.on("error", () => {});
  }

  /** Binds the relay's port (once), or ends an outage. */
  async open(): Promise<void> {
    if (!this.listener) {
      await new Promise<void>((r) => this.upstream.bind(0, LOOPBACK, () => r()));
      const s = createSocket("udp4");
      s.on("message", (msg, from) => this.fromResolver(msg, from));
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.bind(this.port, LOOPBACK, () => resolve());
      });
      s.on("error", () => {});
      this.listener = s;
    } else if (this.mode === "closed") {
      this.listener.disconnect();
    }
    this.mode = "open";
  }

  /**
   * Starts an outage. `closed` connects the relay's socket to a port nobody
   * uses: Linux then delivers it nothing from the resolver and, with no
   * other socket on the port, answers ICMP port unreachable, exactly as for
   * a stopped BIND, while the port stays ours (unbinding it would let any
   * daemon's random source port take it before the return). `black-holed`
   * keeps receiving and drops every packet.
   */
  async cut(mode: Exclude<GateMode, "open">): Promise<void> {
    this.mode = mode;
    this.pending.clear();
    if (mode === "closed" && this.listener) {
      const s = this.listener;
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.connect(UNUSED_PORT, LOOPBACK, () => {
          s.off("error", reject);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.listener?.close();
    this.listener = undefined;
    this.upstream.close();
  }

  private fromResolver(msg: Buffer, from: RemoteInfo): void {
    if (this.mode !== "open" || msg.length < 12) return; // black-holed: read and discard
    const relayId = this.nextId;
    this.nextId = (this.nextId % 0xffff) + 1;
    this.pending.set(relayId, { id: msg.readUInt16BE(0), port: from.port, address: from.address });
    const out = Buffer.from(msg);
    out.writeUInt16BE(relayId, 0);
    this.upstream.send(out, this.authorityPort, LOOPBACK);
  }

  private fromAuthority(msg: Buffer): void {
    if (this.mode !== "open" || msg.length < 12 || !this.listener) return;
    const to = this.pending.get(msg.readUInt16BE(0));
    if (!to) return;
    this.pending.delete(msg.readUInt16BE(0));
    const out = Buffer.from(msg);
    out.writeUInt16BE(to.id, 0);
    this.listener.send(out, to.port, to.address);
  }
}
