// "Explain this packet": the selected packet of whatever is open (trace, capture, bundle), narrated
// hop by hop from its journey and the node glossary — the same narration the lessons use — with
// HTML / Markdown export.
import { useMemo } from 'react';
import { walkthrough, walkthroughToHtml, walkthroughToMarkdown, type Walkthrough, type WalkthroughDocument } from '../../../core/training';
import { saveBytes, showView, toast } from '../../app/actions';
import { useStore } from '../../app/store';
import { Rich } from './Rich';

const encoder = new TextEncoder();

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'packet';
}

export function ExplainPanel() {
  const view = useStore((s) => s.journey);
  const session = useStore((s) => s.session);
  const w: Walkthrough | null = useMemo(() => {
    if (!view) return null;
    const schematic = session?.topology?.nodes.find((n) => n.name === view.node) ?? null;
    return walkthrough(view.journey, { schematic, k8sNode: view.node });
  }, [view, session]);
  if (!view || !w) {
    return (
      <div className="training-card" data-testid="explain-empty">
        <h3>Explain a packet</h3>
        <p>Open a trace, a capture or a bundle, pick a packet in the Packets view, and come back here: every hop of it is explained in plain words, with the lines it comes from.</p>
        <button className="btn" onClick={() => showView('packets')}>
          Go to packets
        </button>
      </div>
    );
  }
  const doc: WalkthroughDocument = {
    title: `Packet ${w.id} of ${session?.title ?? w.input}`,
    intro: [`Traced on ${view.node}; source ${w.input}.`],
    topology: session?.topology ? { ...session.topology, nodes: session.topology.nodes.filter((n) => n.name === view.node) } : null,
    walkthroughs: [w],
    counts: {},
  };
  const save = async (format: 'html' | 'md') => {
    try {
      const text = format === 'html' ? walkthroughToHtml(doc) : walkthroughToMarkdown(doc);
      await saveBytes(`walkthrough-${safeName(w.id)}.${format}`, encoder.encode(text), format === 'html' ? 'text/html' : 'text/markdown');
    } catch (e) {
      toast(`Export failed: ${(e as Error).message}`);
    }
  };
  return (
    <div className="training-walk" data-testid="explain-panel">
      <h2>Explain packet {w.id}</h2>
      <p className="training-where">
        {w.input} · on {view.node}
        {w.thread !== null ? ` · thread ${w.thread}` : ''}
        {w.number !== null ? ` · Packet ${w.number}` : ''}
      </p>
      <div className="training-card">
        <p>
          <Rich text={w.story} />
        </p>
        <div className="training-actions">
          <button className="btn" onClick={() => void save('html')}>
            Export as HTML
          </button>
          <button className="btn" onClick={() => void save('md')}>
            Export as Markdown
          </button>
          <button className="btn" onClick={() => showView('journey')}>
            Step through it in the Journey view
          </button>
        </div>
      </div>
      <ol aria-label="Narrated hops">
        {w.steps.map((s, i) => (
          <li key={i} className={`step tone-${s.tone}${s.minor ? ' minor' : ''}`} data-node={s.node}>
            <h4>
              {i + 1}. {s.title}
            </h4>
            {s.text.map((t, k) => (
              <p key={k}>
                <Rich text={t} />
              </p>
            ))}
            {s.lines.length > 0 && (
              <div className="lines" tabIndex={0} role="region" aria-label={`Trace lines of hop ${i + 1}`}>
                {s.lines.map((l) => `${String(l.line).padStart(5)}  ${l.text}${l.note ? `    ← ${l.note}` : ''}`).join('\n')}
              </div>
            )}
            {s.nextChecks.length > 0 && (
              <ul className="training-notes">
                {s.nextChecks.map((c, k) => (
                  <li key={k}>
                    <Rich text={c} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
