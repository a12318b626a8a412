// View 1: the topology of what is open, the selected packet's path on it, and details of the
// element clicked (pod, interface, node findings).
import { useMemo } from 'react';
import { showView } from '../../app/actions';
import { store, useStore } from '../../app/store';
import { ElementDetails } from '../../diagrams/ElementDetails';
import { Topology } from '../../diagrams/Topology';
import { layoutSchematic } from '../../../core/diagram';
import { topologyLabel, usePacketOverlay } from './use-packet-overlay';

export function TopologyView() {
  const session = useStore((s) => s.session)!;
  const selected = useStore((s) => s.topoSelected);
  const journey = useStore((s) => s.journey);
  const hop = useStore((s) => s.hop);
  const packet = usePacketOverlay();
  const model = session.topology;
  const layout = useMemo(() => (model ? layoutSchematic(model) : null), [model]);
  if (!model || !layout) {
    return (
      <div className="empty">
        <div>
          <h2>No topology</h2>
          <p>Nothing opened so far says which pods and interfaces there are. Open a bundle or a trace.</p>
        </div>
      </div>
    );
  }
  const el = selected ? layout.elements.find((e) => e.key === selected) : null;
  return (
    <div className="topology-view">
      <Topology model={model} packet={packet} selected={selected} onSelect={(k) => store.set({ topoSelected: k })} label={topologyLabel(model.nodes.length, packet)} />
      <aside className="panel" aria-label="Details" style={{ display: 'flex', flexDirection: 'column' }}>
        <div className="panel-head">
          <h2>{el ? 'Selected' : 'Details'}</h2>
        </div>
        <div className="panel-body" tabIndex={0}>
          {el ? (
            <ElementDetails el={el} model={model} currentNode={null} />
          ) : (
            <p className="muted" style={{ marginTop: 0 }}>
              Hover or click a pod, an interface or a node to see its details.
            </p>
          )}
          {journey && (
            <div>
              <div className="section-title">Selected packet</div>
              <p style={{ margin: '4px 0' }}>
                <span className={`badge v-${journey.journey.verdict}`}>{journey.journey.verdict}</span> <span className="mono">{journey.journey.id}</span> on {journey.node}
              </p>
              <p className="muted" style={{ margin: '4px 0' }}>
                Hop {hop + 1} of {journey.journey.hops.length}: <span className="mono">{journey.journey.hops[hop]?.node}</span>
              </p>
              <button className="btn small" onClick={() => showView('journey')}>
                Step through it →
              </button>
            </div>
          )}
          <div className="section-title">Nodes</div>
          <ul className="details-list">
            {model.nodes.map((n) => (
              <li key={n.name}>
                <strong>{n.name}</strong> <span className="muted">{n.address ?? ''}</span>
                <div className="muted">
                  {n.pods.length} pods · {n.uplinks.join(', ') || 'no uplink known'} · {n.findings.length} finding{n.findings.length === 1 ? '' : 's'}
                </div>
              </li>
            ))}
          </ul>
        </div>
      </aside>
    </div>
  );
}
