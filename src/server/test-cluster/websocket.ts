// A small RFC 6455 WebSocket server endpoint (handshake, framing, masking, fragmentation,
// ping/pong, close) for the test cluster's pod exec. Written here rather than taken from a package
// so the server controls every byte on the wire (abrupt cuts for fault tests, no compression).
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const MAX_MESSAGE = 64 * 1024 * 1024;

export interface WsHandshakeProblem {
  status: number;
  message: string;
}

/** Checks an upgrade request; returns the chosen subprotocol or a problem to answer with. */
export function checkUpgrade(req: IncomingMessage, supported: readonly string[]): { protocol: string } | WsHandshakeProblem {
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  if (upgrade !== 'websocket') return { status: 400, message: `Upgrade request required (got Upgrade: ${upgrade || 'none'}; this server speaks WebSocket only, not SPDY)` };
  if (req.headers['sec-websocket-version'] !== '13') return { status: 400, message: 'unsupported Sec-WebSocket-Version (want 13)' };
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || Buffer.from(key, 'base64').length !== 16) return { status: 400, message: 'missing or bad Sec-WebSocket-Key' };
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  // Like the API server: the first protocol the client lists that the server supports wins.
  const protocol = offered.find((p) => supported.includes(p));
  if (!protocol) {
    return { status: 400, message: `requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${supported.join(' ')}]` };
  }
  return { protocol };
}

export type WsMessageHandler = (data: Buffer, binary: boolean) => void;

/** One accepted WebSocket connection (server side). */
export class WsConnection {
  private buf: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;
  private fragmentBytes = 0;
  private closeSent = false;
  private closed = false;
  private onMessageFn: WsMessageHandler = () => {};
  private closeHandlers: ((code: number) => void)[] = [];
  private drainWaiters: (() => void)[] = [];

  constructor(
    private readonly socket: Duplex,
    readonly protocol: string,
  ) {
    socket.on('data', (d: Buffer) => this.receive(d));
    socket.on('drain', () => this.flushWaiters());
    socket.on('close', () => this.finish(1006));
    socket.on('error', () => this.finish(1006));
  }

  /** Writes the 101 response and wraps the socket. `head` is what Node read past the headers. */
  static accept(req: IncomingMessage, socket: Duplex, head: Buffer, protocol: string): WsConnection {
    const key = String(req.headers['sec-websocket-key']);
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\n' +
        'Upgrade: websocket\r\n' +
        'Connection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n` +
        `Sec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
    );
    const ws = new WsConnection(socket, protocol);
    if (head.length) ws.receive(head);
    return ws;
  }

  get isOpen(): boolean {
    return !this.closed && !this.closeSent;
  }

  onMessage(fn: WsMessageHandler): void {
    this.onMessageFn = fn;
  }

  onClose(fn: (code: number) => void): void {
    if (this.closed) fn(1006);
    else this.closeHandlers.push(fn);
  }

  /** Sends one message; resolves once the socket accepted it without exceeding its buffer. */
  send(data: Uint8Array, binary = true): Promise<void> {
    if (!this.isOpen) return Promise.resolve();
    const ok = this.writeFrame(binary ? 0x2 : 0x1, data);
    if (ok) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /**
   * Sends a close frame and ends the TCP stream right away, as the API server does (Go's
   * websocket Close writes the frame and closes the connection without waiting for the answer).
   */
  close(code = 1000, reason = ''): void {
    if (this.closed || this.closeSent) return;
    const r = Buffer.from(reason, 'utf8');
    const payload = Buffer.alloc(2 + r.length);
    payload.writeUInt16BE(code, 0);
    r.copy(payload, 2);
    this.writeFrame(0x8, payload);
    this.closeSent = true;
    this.socket.end();
    const t = setTimeout(() => this.socket.destroy(), 2000);
    t.unref();
  }

  /** Ends the TCP connection after what was written, without a close frame (a broken stream). */
  cut(): void {
    this.socket.end();
    this.finish(1006);
  }

  /** Drops the connection at once (server stop). */
  destroy(): void {
    this.socket.destroy();
    this.finish(1006);
  }

  private flushWaiters(): void {
    const w = this.drainWaiters;
    this.drainWaiters = [];
    for (const f of w) f();
  }

  private finish(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.flushWaiters();
    const hs = this.closeHandlers;
    this.closeHandlers = [];
    for (const h of hs) h(code);
  }

  private writeFrame(opcode: number, payload: Uint8Array): boolean {
    const len = payload.length;
    let header: Buffer;
    if (len < 126) {
      header = Buffer.alloc(2);
      header[1] = len;
    } else if (len < 65536) {
      header = Buffer.alloc(4);
      header[1] = 126;
      header.writeUInt16BE(len, 2);
    } else {
      header = Buffer.alloc(10);
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(len), 2);
    }
    header[0] = 0x80 | opcode; // FIN, never masked (server → client)
    if (this.socket.destroyed) return true;
    this.socket.write(header);
    return this.socket.write(payload);
  }

  private protocolError(code: number, why: string): void {
    this.close(code, why);
    this.buf = Buffer.alloc(0);
  }

  private receive(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (!this.closed) {
      const b = this.buf;
      if (b.length < 2) return;
      const fin = (b[0]! & 0x80) !== 0;
      const opcode = b[0]! & 0x0f;
      const masked = (b[1]! & 0x80) !== 0;
      let len = b[1]! & 0x7f;
      let off = 2;
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        const big = b.readBigUInt64BE(2);
        if (big > BigInt(MAX_MESSAGE)) return this.protocolError(1009, 'message too big');
        len = Number(big);
        off = 10;
      }
      if (!masked) return this.protocolError(1002, 'client frames must be masked');
      if (b.length < off + 4 + len) return;
      const mask = b.subarray(off, off + 4);
      const payload = Buffer.from(b.subarray(off + 4, off + 4 + len));
      for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
      this.buf = b.subarray(off + 4 + len);
      this.frame(fin, opcode, payload);
    }
  }

  private frame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode >= 0x8) {
      if (!fin || payload.length > 125) return this.protocolError(1002, 'bad control frame');
      if (opcode === 0x8) {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        if (!this.closeSent) this.close(code === 1005 ? 1000 : code);
        this.socket.end();
        this.finish(code);
      } else if (opcode === 0x9) this.writeFrame(0xa, payload);
      return;
    }
    if (opcode === 0x0) {
      if (!this.fragmentOpcode) return this.protocolError(1002, 'unexpected continuation frame');
    } else {
      if (this.fragmentOpcode) return this.protocolError(1002, 'expected continuation frame');
      if (opcode !== 0x1 && opcode !== 0x2) return this.protocolError(1003, 'unknown opcode');
      this.fragmentOpcode = opcode;
    }
    this.fragmentBytes += payload.length;
    if (this.fragmentBytes > MAX_MESSAGE) return this.protocolError(1009, 'message too big');
    this.fragments.push(payload);
    if (!fin) return;
    const data = this.fragments.length === 1 ? this.fragments[0]! : Buffer.concat(this.fragments);
    const binary = this.fragmentOpcode === 0x2;
    this.fragments = [];
    this.fragmentOpcode = 0;
    this.fragmentBytes = 0;
    this.onMessageFn(data, binary);
  }
}
