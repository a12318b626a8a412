// View 3: one packet's journey — the lane of graph nodes, the topology with the current hop, the hop
// panel, and the time waterfall. ←/→ Home/End step, Space plays.
import { showView, stepHop, togglePlay } from '../../app/actions';
import { store, useStore } from '../../app/store';
import { Topology } from '../../diagrams/Topology';
import { topologyLabel, usePacketOverlay } from '../topology/use-packet-overlay';
import { Icon } from '../../components/Icon';
import { HopLane } from './HopLane';
import { HopPanel } from './HopPanel';
import { Waterfall } from './Waterfall';

function flowText(f: { protocol: string; src: string; srcPort: number | null; dst: string; dstPort: number | null } | null): string {
  if (!f) return 'no IP flow';
  return `${f.protocol} ${f.src}${f.srcPort !== null ? `:${f.srcPort}` : ''} → ${f.dst}${f.dstPort !== null ? `:${f.dstPort}` : ''}`;
}

export function JourneyView() {
  const session = useStore((s) => s.session)!;
  const view = useStore((s) => s.journey);
  const hop = useStore((s) => s.hop);
  const playing = useStore((s) => s.playing);
  const selected = useStore((s) => s.topoSelected);
  const packet = usePacketOverlay();
  if (!view) {
    return (
      <div className="empty">
        <div>
          <h2>No packet selected</h2>
          <p>Pick a packet in the Packets view (or press “Next drop” there) to follow its journey.</p>
          <button className="btn primary" onClick={() => showView('packets')}>
            Go to packets
          </button>
        </div>
      </div>
    );
  }
  const j = view.journey;
  const n = j.hops.length;
  return (
    <div className="journey">
      {session.guide && (
        <div className="guide" role="note">
          {session.guide} Use <kbd>←</kbd> <kbd>→</kbd> to step, <kbd>Space</kbd> to play, <kbd>/</kbd> to filter the packets.
        </div>
      )}
      <div className="journey-head">
        <h2>
          Packet <span className="mono">{j.id}</span>
        </h2>
        <span className={`badge v-${j.verdict}`}>{j.verdict}</span>
        <span className="flow">{flowText(j.flow)}</span>
        {j.nat.length > 0 && <span className="badge nat-badge">NAT ×{j.nat.length}</span>}
        <span className="muted">
          on {view.node} · {j.ingress?.interface ?? j.ingress?.node ?? '?'} → {j.egress?.interface ?? (j.verdict === 'dropped' ? 'dropped' : '–')}
        </span>
        <div className="stepper" role="toolbar" aria-label="Step through hops">
          <button className="btn small" onClick={() => stepHop('home')} aria-label="First hop" disabled={hop === 0}>
            <Icon name="first" />
          </button>
          <button className="btn small" onClick={() => stepHop(-1)} aria-label="Previous hop" disabled={hop === 0}>
            <Icon name="prev" />
          </button>
          <span className="pos" aria-live="polite">
            hop {hop + 1} / {n}
          </span>
          <button className="btn small" onClick={() => stepHop(1)} aria-label="Next hop" disabled={hop >= n - 1}>
            <Icon name="next" />
          </button>
          <button className="btn small" onClick={() => stepHop('end')} aria-label="Last hop" disabled={hop >= n - 1}>
            <Icon name="last" />
          </button>
          <button className="btn small" onClick={() => togglePlay()} aria-pressed={playing} aria-label={playing ? 'Pause' : 'Play'}>
            <Icon name={playing ? 'pause' : 'play'} /> {playing ? 'Pause' : 'Play'}
          </button>
        </div>
      </div>
      <HopLane view={view} hop={hop} />
      <div className="journey-body">
        <div className="journey-left">
          {session.topology ? (
            <Topology
              model={session.topology}
              packet={packet}
              selected={selected}
              onSelect={(k) => store.set({ topoSelected: k })}
              label={topologyLabel(session.topology.nodes.length, packet)}
              compact
            />
          ) : (
            <div className="panel empty">No topology for this input.</div>
          )}
          <Waterfall view={view} hop={hop} />
        </div>
        <HopPanel view={view} hop={hop} />
      </div>
    </div>
  );
}
