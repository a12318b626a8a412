// Details of one schematic element (shared by the hover card and the topology side panel).
import { describeInterface } from '../../core/knowledge';
import type { LaidOutElement, SchematicModel } from '../../core/diagram';

export function ElementDetails({ el, model, currentNode, brief }: { el: LaidOutElement; model: SchematicModel; currentNode?: string | null; brief?: boolean }) {
  const node = model.nodes.find((n) => n.name === el.node);
  if (!node) return null;
  if (el.kind === 'node') {
    return (
      <div>
        <h4>Node {node.name}</h4>
        <div className="muted">
          {node.address ?? 'address unknown'} · {node.pods.length} pod{node.pods.length === 1 ? '' : 's'}
        </div>
        {node.findings.length === 0 ? (
          <p>No health-check findings.</p>
        ) : (
          <ul className="details-list">
            {node.findings.slice(0, brief ? 4 : 50).map((f, i) => (
              <li key={i}>
                <span className={`badge sev-${f.severity}`}>{f.severity}</span> {f.title}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  if (el.kind === 'pod') {
    const pod = node.pods.find((p) => (p.namespace ? `${p.namespace}/${p.name}` : p.name) === el.name);
    return (
      <div>
        <h4>Pod {pod?.name ?? el.name}</h4>
        <dl className="kv">
          <dt>Namespace</dt>
          <dd>{pod?.namespace ?? 'unknown'}</dd>
          <dt>IP</dt>
          <dd>{pod?.ip ?? 'unknown'}</dd>
          <dt>Interface</dt>
          <dd>{pod?.tun ? `eth0 in the pod ↔ ${pod.tun} in VPP` : 'unknown'}</dd>
          <dt>Node</dt>
          <dd>{node.name}</dd>
        </dl>
      </div>
    );
  }
  if (el.kind === 'vpp') {
    return (
      <div>
        <h4>VPP on {node.name}</h4>
        <p style={{ margin: 0 }}>The dataplane: every packet of the node's pods crosses VPP's graph of nodes.</p>
        {currentNode && (
          <p>
            The packet is at <span className="mono">{currentNode}</span>.
          </p>
        )}
      </div>
    );
  }
  if (el.kind === 'host') {
    return (
      <div>
        <h4>Linux host of {node.name}</h4>
        <p style={{ margin: 0 }}>Reached through {node.tap ?? 'tap0'}: kubelet, host-network pods, services handled by the kernel.</p>
      </div>
    );
  }
  const facts = node.interfaces[el.name];
  const counters = facts ? Object.entries(facts.counters) : [];
  const findings = node.findings.filter((f) => f.element === el.name);
  return (
    <div>
      <h4>{el.name}</h4>
      <div className="muted">{describeInterface(el.name)}</div>
      <dl className="kv">
        <dt>State</dt>
        <dd>{facts?.state ?? 'unknown'}</dd>
        <dt>Addresses</dt>
        <dd>{facts?.addresses.length ? facts.addresses.join(', ') : '–'}</dd>
        <dt>Driver</dt>
        <dd>{facts?.driver ?? '–'}</dd>
        {facts?.swIfIndex != null && (
          <>
            <dt>sw_if_index</dt>
            <dd>{facts.swIfIndex}</dd>
          </>
        )}
        {counters.slice(0, brief ? 6 : 40).map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd>{v.toLocaleString('en')}</dd>
          </div>
        ))}
      </dl>
      {findings.map((f, i) => (
        <div key={i}>
          <span className={`badge sev-${f.severity}`}>{f.severity}</span> {f.title}
        </div>
      ))}
    </div>
  );
}
