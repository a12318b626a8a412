// Offset · hex · ASCII, 16 bytes a row; the selected field's bytes highlighted.
export function HexView({ bytes, range, onPick }: { bytes: Uint8Array; range: { start: number; end: number } | null; onPick(offset: number): void }) {
  const rows = [];
  const limit = Math.min(bytes.length, 64 * 1024);
  for (let off = 0; off < limit; off += 16) {
    const hex = [];
    const ascii = [];
    for (let i = off; i < Math.min(off + 16, limit); i++) {
      const b = bytes[i]!;
      const hl = !!range && i >= range.start && i < range.end;
      hex.push(
        <span key={i} className={`b${hl ? ' hl' : ''}`} data-offset={i} onClick={() => onPick(i)}>
          {b.toString(16).padStart(2, '0')}
        </span>,
        <span key={`s${i}`} className={hl && !!range && i + 1 < range.end && i % 16 !== 15 ? 'gap hl' : undefined}>
          {i % 16 === 7 ? '  ' : ' '}
        </span>,
      );
      ascii.push(
        <span key={i} className={`c${hl ? ' hl' : ''}`}>
          {b >= 32 && b < 127 ? String.fromCharCode(b) : '.'}
        </span>,
      );
    }
    rows.push(
      <div key={off}>
        <span className="off">{off.toString(16).padStart(4, '0')}</span>
        {hex}
        <span className="ascii">{ascii}</span>
      </div>,
    );
  }
  return (
    <div className="hex" aria-label="Frame bytes" data-testid="hex">
      {rows}
      {bytes.length > limit && <div className="muted">… {bytes.length - limit} more bytes</div>}
    </div>
  );
}
