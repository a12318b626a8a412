// The Core file view: what the worker read from an ELF core (signal, threads, executable, plugins,
// build ids, warnings), the VPP image to open it with (prefilled from an open bundle's DaemonSet),
// the gdb-in-container commands with Copy buttons, the gdb checklist and the "enable cores" patch.
import { useId, useMemo, useState } from 'react';
import { buildCoreEnableSnippet, buildCoreGuide, parseVppImage, type CoreSummary } from '../../../core/coredump';
import { useStore } from '../../app/store';
import { CommandBlock } from './CommandBlock';

function signalText(s: CoreSummary): string {
  if (!s.signal) return 'none (taken from a running process)';
  return `${s.signal.name} (${s.signal.number}${s.signalCode ? `, ${s.signalCode}` : ''}) · ${s.signal.description}`;
}

function Facts({ s }: { s: CoreSummary }) {
  const rows: [string, string][] = [
    ['Command', s.command + (s.arguments && s.arguments !== s.command ? ` — ${s.arguments}` : '')],
    ['PID', String(s.pid)],
    ['Signal', signalText(s)],
    ['Fault address', s.faultAddress ?? '—'],
    ['Crashing thread', s.crashingThread === null ? '—' : String(s.crashingThread)],
    ['Executable', s.executable ?? 'unknown'],
    ['Machine', s.machine],
    ['Size', `${s.size.toLocaleString('en')} bytes${s.truncated ? ' (truncated)' : ''}`],
  ];
  return (
    <dl className="core-facts">
      {rows.map(([k, v]) => (
        <div key={k} data-fact={k}>
          <dt>{k}</dt>
          <dd className="mono">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Threads({ s }: { s: CoreSummary }) {
  return (
    <table className="data core-threads">
      <caption className="sr-only">Threads of the process; the crashing thread is marked</caption>
      <thead>
        <tr>
          <th scope="col">Tid</th>
          <th scope="col">PC</th>
          <th scope="col">SP</th>
          <th scope="col">Signal</th>
        </tr>
      </thead>
      <tbody>
        {s.threads.map((t) => (
          <tr key={t.tid} className={t.crashed ? 'flagged error' : undefined} aria-current={t.crashed ? 'true' : undefined} data-crashed={t.crashed ? 'true' : undefined}>
            <th scope="row" className="mono">
              {t.tid}
              {t.crashed && <span className="badge sev-error core-crashed">crashed</span>}
            </th>
            <td>{t.pc ?? '—'}</td>
            <td>{t.sp ?? '—'}</td>
            <td>{t.cursig ? (s.signal?.number === t.cursig ? s.signal.name : String(t.cursig)) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CoreView() {
  const core = useStore((s) => s.session?.core ?? null);
  const vppInfo = useStore((s) => s.session?.vppInfo ?? s.vppInfo);
  const ids = useId();
  const [imageText, setImageText] = useState<string | null>(null);
  const [corePath, setCorePath] = useState<string | null>(null);
  const [hostDir, setHostDir] = useState('');
  const imageValue = imageText ?? vppInfo?.image ?? '';
  const pathValue = corePath ?? core?.path ?? core?.name ?? '';
  const image = useMemo(() => (imageValue.trim() ? parseVppImage(imageValue, imageText === null && vppInfo ? 'bundle' : 'user') : null), [imageValue, imageText, vppInfo]);
  const guide = useMemo(
    () => (core ? buildCoreGuide({ corePath: pathValue || core.name, image: image?.ok ? image.image : null, summary: core.summary, corePattern: vppInfo?.corePattern ?? null }) : null),
    [core, pathValue, image, vppInfo],
  );
  const enable = useMemo(() => (hostDir.trim() ? buildCoreEnableSnippet({ hostDir: hostDir.trim() }) : null), [hostDir]);

  if (!core || !guide) {
    return (
      <div className="empty">
        <div>
          <h2>No core file open</h2>
          <p>Open or drop a VPP core file (vppcore.*, core.*): it is read here by ranges, never loaded whole, and summarised with the commands to open it with gdb in the matching image.</p>
        </div>
      </div>
    );
  }
  const s = core.summary;
  const warnings = [...s.warnings, ...s.diagnostics.map((d) => d.message)];
  return (
    <div className="core-view">
      <section className="panel" aria-label="Core file summary">
        <div className="panel-head">
          <h2>{core.name}</h2>
          {s.signal && <span className="badge sev-error">{s.signal.name}</span>}
          {!s.looksLikeVpp && <span className="badge sev-warning">not VPP?</span>}
        </div>
        <div className="panel-body">
          <Facts s={s} />
          {warnings.length > 0 && (
            <ul className="core-warnings" aria-label="Warnings">
              {warnings.map((w, i) => (
                <li key={i}>
                  <span className="badge sev-warning">warning</span> {w}
                </li>
              ))}
            </ul>
          )}
          {guide.hints.length > 0 && (
            <ul className="core-hints" aria-label="Hints">
              {guide.hints.map((h, i) => (
                <li key={i}>{h}</li>
              ))}
            </ul>
          )}
          <h3>Threads ({s.threads.length})</h3>
          <Threads s={s} />
          <h3>VPP plugins ({s.plugins.length})</h3>
          {s.plugins.length ? <p className="mono core-plugins">{s.plugins.map((p) => p.name).join(' ')}</p> : <p className="muted">No VPP plugin is mapped.</p>}
          <h3>Build ids ({s.buildIds.length})</h3>
          {s.buildIds.length > 0 && (
            <table className="data">
              <caption className="sr-only">Build ids of the mapped files</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Build id</th>
                </tr>
              </thead>
              <tbody>
                {s.buildIds.map((b) => (
                  <tr key={b.path}>
                    <td>{b.path}</td>
                    <td>{b.buildId}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>

      <section className="panel" aria-label="Open the core with gdb">
        <div className="panel-head">
          <h2>Open it with gdb in the same image</h2>
        </div>
        <div className="panel-body">
          <div className="core-fields">
            <label htmlFor={`${ids}-image`}>VPP image</label>
            <input
              id={`${ids}-image`}
              className="filter-input"
              value={imageValue}
              placeholder="calicovpp/vpp:v3.29.0"
              aria-invalid={image !== null && !image.ok}
              aria-describedby={`${ids}-image-note`}
              onChange={(e) => setImageText(e.target.value)}
            />
            <span id={`${ids}-image-note`} className={image && !image.ok ? 'filter-error' : 'muted'}>
              {image && !image.ok ? image.error : imageText === null && vppInfo ? 'From the open bundle’s DaemonSet.' : 'The vpp container’s image (a version such as v3.29.0 is enough).'}
            </span>
            <label htmlFor={`${ids}-path`}>Core path</label>
            <input id={`${ids}-path`} className="filter-input" value={pathValue} onChange={(e) => setCorePath(e.target.value)} />
          </div>
          {guide.warnings.map((w, i) => (
            <p key={i} className="muted">
              {w}
            </p>
          ))}
          <ol className="core-steps">
            {guide.steps
              .filter((st) => st.id !== 'checklist')
              .map((st) => (
                <li key={st.id} data-step={st.id}>
                  <h3>{st.title}</h3>
                  <p>{st.body}</p>
                  {st.commands.map((c, i) => (
                    <CommandBlock key={i} text={c} label={`${st.title}, command ${i + 1}`} />
                  ))}
                </li>
              ))}
          </ol>
          <h3>Other container runtimes</h3>
          {guide.runtimes
            .filter((r) => r.runtime !== 'docker')
            .map((r) => (
              <div key={r.runtime}>
                <p className="muted">{r.note}</p>
                <CommandBlock text={r.command} label={`${r.runtime} command`} />
              </div>
            ))}
          <h3>gdb checklist</h3>
          <table className="data core-checklist">
            <caption className="sr-only">What to run in gdb and what to look for</caption>
            <thead>
              <tr>
                <th scope="col">Command</th>
                <th scope="col">What it shows</th>
                <th scope="col">Look for</th>
              </tr>
            </thead>
            <tbody>
              {guide.gdbChecklist.map((c) => (
                <tr key={c.command}>
                  <td>{c.command}</td>
                  <td className="wrap">{c.what}</td>
                  <td className="wrap">{c.lookFor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-label="Enable core files">
        <div className="panel-head">
          <h2>Enable core files on the cluster</h2>
        </div>
        <div className="panel-body">
          <div className="core-fields">
            <label htmlFor={`${ids}-dir`}>Directory on the nodes</label>
            <input id={`${ids}-dir`} className="filter-input" value={hostDir} placeholder="/var/lib/vpp-cores" aria-invalid={enable !== null && !enable.ok} aria-describedby={`${ids}-dir-note`} onChange={(e) => setHostDir(e.target.value)} />
            <span id={`${ids}-dir-note`} className={enable && !enable.ok ? 'filter-error' : 'muted'}>
              {enable && !enable.ok ? enable.error : 'Where the nodes keep cores (a hostPath mounted into the vpp container).'}
            </span>
          </div>
          {enable?.ok && (
            <>
              <CommandBlock text={enable.snippet.patchYaml} label={`DaemonSet patch ${enable.snippet.patchFileName}`} />
              {enable.snippet.commands.map((c, i) => (
                <CommandBlock key={i} text={c} label={`enable cores, command ${i + 1}`} />
              ))}
              {enable.snippet.notes.map((n, i) => (
                <p key={i} className="muted">
                  {n}
                </p>
              ))}
            </>
          )}
        </div>
      </section>
    </div>
  );
}
