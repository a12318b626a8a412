// A small dropdown menu button (keyboard: Enter/Space opens, Escape closes, focus returns).
import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface MenuItem {
  label: string;
  hint?: string;
  onSelect(): void;
  disabled?: boolean;
}

export function Menu({ label, items, primary, align = 'right', testId }: { label: ReactNode; items: (MenuItem | 'separator')[]; primary?: boolean; align?: 'left' | 'right'; testId?: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDoc);
    document.addEventListener('keydown', onKey);
    ref.current?.querySelector<HTMLButtonElement>('.menu-list button:not(:disabled)')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDoc);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button ref={buttonRef} className={`btn${primary ? ' primary' : ''}`} aria-haspopup="true" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid={testId}>
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul className={`menu-list${align === 'left' ? ' left' : ''}`}>
          {items.map((it, i) =>
            it === 'separator' ? (
              <li key={`s${i}`} role="separator">
                <hr />
              </li>
            ) : (
              <li key={it.label}>
                <button
                  disabled={it.disabled}
                  onClick={() => {
                    setOpen(false);
                    it.onSelect();
                  }}
                >
                  {it.label}
                  {it.hint && <span className="hint">{it.hint}</span>}
                </button>
              </li>
            ),
          )}
        </ul>
      )}
    </div>
  );
}
