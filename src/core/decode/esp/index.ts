// ESP (RFC 4303): SPI and sequence number; the rest is encrypted.
import type { ByteView } from '../../bytes/view';
import { base, type LayerBase } from '../common/layer';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface EspLayer extends LayerBase {
  proto: 'esp';
  spi: number;
  sequence: number;
}

export function parseEsp(v: ByteView, off: number, end: number): EspLayer | null {
  if (off + 8 > end) return null;
  return { proto: 'esp', ...base(off, off + 8, end, null, 'encrypted payload'), spi: v.u32be(off), sequence: v.u32be(off + 4) };
}

export function espTree(h: EspLayer): DecodedField {
  const o = h.start;
  return f('esp', `Encapsulating Security Payload, SPI: ${hex(h.spi, 8)}, Seq: ${h.sequence}`, null, o, h.payloadEnd, [
    fv('esp.spi', 'ESP SPI', `${hex(h.spi, 8)} (${h.spi})`, o, o + 4),
    fv('esp.sequence', 'ESP Sequence', h.sequence, o + 4, o + 8),
    f('esp.data', `Encrypted data (${h.payloadEnd - h.end} bytes)`, null, h.end, h.payloadEnd),
  ]);
}
