// The capture dialog: what calicovppctl's capture takes (trace | pcap | dispatch, nodes, count,
// timeout, interface, 5-tuple filter), as a native modal <dialog> (focus kept inside, Escape closes).
import { useEffect, useId, useRef, useState } from 'react';
import type { CaptureFilterArg, ClusterCaptureKind, ClusterNodeStatus, StartCaptureArg } from '../../../core/ipc/contract';

const KINDS: { id: ClusterCaptureKind; label: string; hint: string }[] = [
  { id: 'trace', label: 'Trace', hint: 'VPP packet trace: every graph node a packet goes through' },
  { id: 'pcap', label: 'Pcap', hint: 'rx/tx packets of an interface as a pcap file' },
  { id: 'dispatch', label: 'Dispatch', hint: 'every graph node’s frame as pcap records with metadata' },
];

export interface CaptureDialogProps {
  open: boolean;
  nodes: ClusterNodeStatus[];
  preselected: string[];
  onClose(): void;
  onStart(arg: StartCaptureArg): void;
}

export function CaptureDialog({ open, nodes, preselected, onClose, onStart }: CaptureDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [kind, setKind] = useState<ClusterCaptureKind>('trace');
  const [picked, setPicked] = useState<string[]>([]);
  const [count, setCount] = useState('100');
  const [timeout, setTimeoutS] = useState('10');
  const [iface, setIface] = useState('');
  const [f, setF] = useState({ srcIp: '', dstIp: '', srcPort: '', dstPort: '', protocol: '' });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setPicked(preselected.length ? preselected : nodes.filter((n) => !n.problem).slice(0, 1).map((n) => n.name));
      setError(null);
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open, preselected, nodes]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const c = Number(count);
    const t = Number(timeout);
    if (picked.length === 0) return setError('Choose at least one node.');
    if (!Number.isInteger(c) || c < 1 || c > 1_000_000) return setError('Count must be a whole number between 1 and 1000000.');
    if (!Number.isInteger(t) || t < 1 || t > 86_400) return setError('Timeout must be between 1 and 86400 seconds.');
    const filter: CaptureFilterArg = {};
    if (f.srcIp.trim()) filter.srcIp = f.srcIp.trim();
    if (f.dstIp.trim()) filter.dstIp = f.dstIp.trim();
    for (const k of ['srcPort', 'dstPort'] as const) {
      if (!f[k].trim()) continue;
      const p = Number(f[k]);
      if (!Number.isInteger(p) || p < 1 || p > 65535) return setError(`${k === 'srcPort' ? 'Source' : 'Destination'} port must be between 1 and 65535.`);
      filter[k] = p;
    }
    if (f.protocol === 'tcp' || f.protocol === 'udp' || f.protocol === 'icmp') filter.protocol = f.protocol;
    const arg: StartCaptureArg = { kind, nodes: picked, count: c, timeoutS: t };
    if (iface.trim()) arg.interface = iface.trim();
    if (Object.keys(filter).length) arg.filter = filter;
    onStart(arg);
  };

  const toggle = (name: string) => setPicked((p) => (p.includes(name) ? p.filter((x) => x !== name) : [...p, name]));
  const field = (label: string, key: keyof typeof f, placeholder: string) => (
    <label className="field">
      <span>{label}</span>
      <input value={f[key]} placeholder={placeholder} onChange={(e) => setF({ ...f, [key]: e.target.value })} />
    </label>
  );

  return (
    <dialog ref={ref} className="capture-dialog panel" aria-labelledby={`${id}-title`} onClose={onClose} onCancel={onClose}>
      <form onSubmit={submit} data-testid="capture-form">
        <div className="panel-head">
          <h2 id={`${id}-title`}>New capture</h2>
        </div>
        <div className="panel-body">
          <fieldset>
            <legend>Kind</legend>
            {KINDS.map((k) => (
              <label key={k.id} className="choice" title={k.hint}>
                <input type="radio" name="kind" value={k.id} checked={kind === k.id} onChange={() => setKind(k.id)} />
                {k.label}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Nodes</legend>
            {nodes.map((n) => (
              <label key={n.name} className="choice">
                <input type="checkbox" name="node" value={n.name} checked={picked.includes(n.name)} disabled={!!n.problem} onChange={() => toggle(n.name)} />
                {n.name}
                {n.lock ? ` (locked by ${n.lock.holder})` : n.problem ? ' (no VPP)' : ''}
              </label>
            ))}
          </fieldset>
          <div className="field-row">
            <label className="field">
              <span>{kind === 'dispatch' ? 'Records per node' : 'Packets per node'}</span>
              <input type="number" min={1} max={1000000} value={count} onChange={(e) => setCount(e.target.value)} required />
            </label>
            <label className="field">
              <span>Timeout (seconds)</span>
              <input type="number" min={1} max={86400} value={timeout} onChange={(e) => setTimeoutS(e.target.value)} required />
            </label>
            <label className="field">
              <span>Interface</span>
              <input value={iface} onChange={(e) => setIface(e.target.value)} placeholder={kind === 'pcap' ? 'any' : 'tuntap (or phy, af_packet, a graph node…)'} />
            </label>
          </div>
          <fieldset>
            <legend>5-tuple filter (optional)</legend>
            <div className="field-row">
              {field('Source IP', 'srcIp', '10.0.0.1')}
              {field('Destination IP', 'dstIp', '10.0.0.2')}
              {field('Source port', 'srcPort', '')}
              {field('Destination port', 'dstPort', '80')}
              <label className="field">
                <span>Protocol</span>
                <select value={f.protocol} onChange={(e) => setF({ ...f, protocol: e.target.value })}>
                  <option value="">any</option>
                  <option value="tcp">tcp</option>
                  <option value="udp">udp</option>
                  <option value="icmp">icmp</option>
                </select>
              </label>
            </div>
          </fieldset>
          {error && (
            <p role="alert" className="form-error">
              {error}
            </p>
          )}
        </div>
        <div className="toolbar dialog-actions">
          <button type="submit" className="btn primary">
            Start capture
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
