// The hop panel (a region labelled "Hop details"): what the node did, the decoded details, NAT
// before/after, why a drop happened and what to check next, the raw lines, the time since the
// previous hop.
import { formatMicros } from '../../../core/diagram/waterfall';
import type { HopDetail } from '../../../core/model';
import type { JourneyView } from '../../workers/protocol';
import { showRecord } from '../../app/actions';
import { NatDiff } from './NatDiff';

function DetailList({ d }: { d: HopDetail }) {
  const rows: [string, string][] = [];
  if (d.rxInterface && (d.rxInterface.name || d.rxInterface.swIfIndex !== null || d.rxInterface.hwIfIndex !== null)) {
    const r = d.rxInterface;
    rows.push(['received on', [r.name, r.swIfIndex !== null ? `sw_if_index ${r.swIfIndex}` : null, r.hwIfIndex !== null ? `hw_if_index ${r.hwIfIndex}` : null].filter(Boolean).join(' · ')]);
  }
  if (d.txInterface && (d.txInterface.name || d.txInterface.swIfIndex !== null)) rows.push(['sent to', [d.txInterface.name, d.txInterface.swIfIndex !== null ? `sw_if_index ${d.txInterface.swIfIndex}` : null].filter(Boolean).join(' · ')]);
  if (d.ethernet) rows.push(['ethernet', `${d.ethernet.srcMac} → ${d.ethernet.dstMac} (${d.ethernet.ethertype}${d.ethernet.vlan !== null ? `, vlan ${d.ethernet.vlan}` : ''})`]);
  for (const ip of d.ip) {
    const ports = ip.srcPort !== null ? `:${ip.srcPort} → ` : ' → ';
    rows.push([`${ip.protocol} (IPv${ip.ipVersion})`, `${ip.src}${ports}${ip.dst}${ip.dstPort !== null ? `:${ip.dstPort}` : ''}`]);
    const extra = [ip.ttl !== null ? `ttl ${ip.ttl}` : null, ip.length !== null ? `length ${ip.length}` : null, ip.tcpFlags?.length ? `flags ${ip.tcpFlags.join(',')}` : null, ip.checksumBad ? 'BAD CHECKSUM' : null].filter(Boolean);
    if (extra.length) rows.push(['', extra.join(' · ')]);
  }
  if (d.buffer) rows.push(['buffer', `0x${d.buffer.index.toString(16)}${d.buffer.length !== null ? ` · ${d.buffer.length} bytes` : ''}`]);
  if (d.policy) rows.push(['policy', `${d.policy.action}${d.policy.acl !== null ? ` · acl ${d.policy.acl}` : ''}${d.policy.rule !== null ? ` · rule ${d.policy.rule}` : ''}`]);
  for (const f of d.fields.slice(0, 30)) rows.push([f.name, f.value]);
  if (rows.length === 0) return null;
  return (
    <>
      <div className="section-title">Decoded</div>
      <dl className="kv">
        {rows.map(([k, v], i) => (
          <div key={i} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

export function HopPanel({ view, hop }: { view: JourneyView; hop: number }) {
  const j = view.journey;
  const h = j.hops[hop];
  const info = view.info[hop];
  if (!h) return null;
  const nat = h.detail.nat ?? j.nat.find((n) => n.node === h.node) ?? null;
  const isLast = hop === j.hops.length - 1;
  const isDrop = (info?.tags.includes('drop') ?? false) || (isLast && j.verdict === 'dropped');
  const reason = h.detail.reason?.text ?? (isDrop ? j.dropReason : null);
  const place = view.places[hop];
  return (
    <section className="panel hop-panel" role="region" aria-label="Hop details">
      <div className="panel-head">
        <div className="hop-title">
          <h3 data-testid="hop-node">{h.node}</h3>
          <span className="muted">
            hop {hop + 1} of {j.hops.length}
          </span>
          {h.deltaUs !== null && hop > 0 && <span className="badge v-unknown">+{formatMicros(h.deltaUs)} since the previous hop</span>}
          {info?.tags.slice(0, 4).map((t) => (
            <span key={t} className={`badge ${t === 'drop' ? 'v-dropped' : t === 'nat' ? 'nat-badge' : t === 'punt' ? 'v-punted' : 'v-unknown'}`}>
              {t}
            </span>
          ))}
        </div>
      </div>
      <div className="panel-body">
        <p className="explain" data-testid="hop-explanation">
          {info?.summary ?? h.explanation ?? 'The glossary has no entry for this node; its raw lines are below.'}
        </p>
        {place && (
          <p className="muted" style={{ margin: '0 0 8px' }}>
            Where: {place.kind === 'vpp' ? `inside VPP on ${view.node}` : `${place.kind} ${place.name} on ${view.node}`}
            {h.timestamp ? ` · at ${h.timestamp}` : ''}
          </p>
        )}
        {isDrop && (
          <div className="drop-box" role="note" aria-label="Why the packet was dropped">
            <h4>Dropped here{reason ? `: ${reason}` : ''}</h4>
            {info?.reasonExplained && <p style={{ margin: '2px 0' }}>{info.reasonExplained}</p>}
            {(info?.nextChecks.length ?? 0) > 0 && (
              <>
                <strong>What to check next</strong>
                <ul>
                  {info!.nextChecks.map((c, i) => (
                    <li key={i}>{c}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        {nat && <NatDiff before={nat.before} after={nat.after} node={h.node} />}
        {h.changes && h.changes.length > 0 && (
          <>
            <div className="section-title">What this node changed</div>
            <ul style={{ margin: '4px 0 10px 18px', padding: 0 }}>
              {h.changes.map((c, i) => (
                <li key={i} className="mono">
                  {c.text}
                </li>
              ))}
            </ul>
          </>
        )}
        <DetailList d={h.detail} />
        <div className="section-title">{h.frame ? 'Trace text of the record' : 'Raw trace lines'}</div>
        <pre className="raw" data-testid="hop-raw" tabIndex={0}>
          {h.line !== null && (
            <>
              <span className="ln">{h.line}</span>
              {`${h.timestamp ?? ''}: ${h.node}`}
              {'\n'}
            </>
          )}
          {h.lines.map((l, i) => (
            <span key={i}>
              <span className="ln">{h.lineNumbers[i] ?? ''}</span>
              {l}
              {'\n'}
            </span>
          ))}
          {h.lines.length === 0 && <span className="muted">(no detail lines)</span>}
        </pre>
        <div className="muted" style={{ marginTop: 6 }}>
          From {j.input}
          {h.line !== null ? `, line ${h.line}` : ''}
          {h.frame ? `, record ${h.frame.number}` : ''}
          {h.frame && (
            <button className="btn small" style={{ marginLeft: 8 }} onClick={() => void showRecord(j.input, h.frame!.number)}>
              Show the record’s bytes
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
