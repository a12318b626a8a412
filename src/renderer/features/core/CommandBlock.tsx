// One shell command (or YAML) with a labelled Copy button.
import { useRef, useState } from 'react';
import { copyText } from './copy';

export function CommandBlock({ text, label }: { text: string; label: string }) {
  const ref = useRef<HTMLElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');
  const copy = async () => {
    setState((await copyText(text, ref.current)) ? 'copied' : 'selected');
    setTimeout(() => setState('idle'), 2500);
  };
  return (
    <div className="core-cmd">
      <pre className="mono">
        <code ref={ref} data-command="">
          {text}
        </code>
      </pre>
      <button type="button" className="btn small" aria-label={`Copy ${label}`} onClick={() => void copy()}>
        Copy
      </button>
      <span className="muted core-copy-state" role="status">
        {state === 'copied' ? 'Copied' : state === 'selected' ? 'Selected: press Ctrl+C (or ⌘C) to copy' : ''}
      </span>
    </div>
  );
}
