// A NAT hop: the packet before and after, side by side, with what changed marked.
import type { Flow } from '../../../core/model';

function Side({ title, f, other }: { title: string; f: Flow; other: Flow }) {
  const mark = (changed: boolean, text: string) => (changed ? <span className="changed">{text}</span> : <span>{text}</span>);
  return (
    <div className="side">
      <div className="section-title" style={{ marginTop: 0 }}>
        {title}
      </div>
      <div>
        src {mark(f.src !== other.src, f.src)}:{mark(f.srcPort !== other.srcPort, String(f.srcPort ?? '-'))}
      </div>
      <div>
        dst {mark(f.dst !== other.dst, f.dst)}:{mark(f.dstPort !== other.dstPort, String(f.dstPort ?? '-'))}
      </div>
      <div className="muted">{f.protocol}</div>
    </div>
  );
}

export function NatDiff({ before, after, node }: { before: Flow; after: Flow; node: string }) {
  return (
    <div aria-label={`Address translation by ${node}`} role="group">
      <div className="section-title">Address translation</div>
      <div className="nat-diff">
        <Side title="Before" f={before} other={after} />
        <span className="arrow" aria-hidden="true">
          ⇒
        </span>
        <Side title="After" f={after} other={before} />
      </div>
    </div>
  );
}
