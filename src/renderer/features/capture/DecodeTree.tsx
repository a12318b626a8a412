// The decoded protocol tree; each field is a button that selects its byte range.
import { useState } from 'react';
import type { DecodedField } from '../../../core/decode/common/tree';

/** The deepest field whose range holds the byte. */
export function innermostField(tree: DecodedField[], offset: number): DecodedField | null {
  for (const f of tree) {
    if (offset >= f.start && offset < f.end) return innermostField(f.children, offset) ?? f;
  }
  return null;
}

function Node({ f, depth, selected, onSelect }: { f: DecodedField; depth: number; selected: { start: number; end: number; name: string } | null; onSelect(f: DecodedField | null): void }) {
  const [open, setOpen] = useState(depth === 0);
  const has = f.children.length > 0;
  const isSel = !!selected && selected.name === f.name && selected.start === f.start && selected.end === f.end;
  const containsSel = !!selected && !isSel && f.children.length > 0 && selected.start >= f.start && selected.end <= f.end && depth === 0;
  const expanded = open || containsSel;
  return (
    <li>
      <span className="twisty" aria-hidden="true" onClick={() => setOpen(!expanded)}>
        {has ? (expanded ? '▾' : '▸') : ''}
      </span>
      <button
        aria-pressed={isSel}
        aria-expanded={has ? expanded : undefined}
        data-field={f.name}
        onClick={() => onSelect(isSel ? null : f)}
        onDoubleClick={() => has && setOpen(!expanded)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight' && has) setOpen(true);
          if (e.key === 'ArrowLeft' && has) setOpen(false);
        }}
      >
        {f.label}
      </button>
      {has && expanded && (
        <ul className="tree">
          {f.children.map((c, i) => (
            <Node key={i} f={c} depth={depth + 1} selected={selected} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function DecodeTree({ tree, selected, onSelect }: { tree: DecodedField[]; selected: { start: number; end: number; name: string } | null; onSelect(f: DecodedField | null): void }) {
  return (
    <ul className="tree root" aria-label="Decoded protocol fields">
      {tree.map((f, i) => (
        <Node key={i} f={f} depth={0} selected={selected} onSelect={onSelect} />
      ))}
    </ul>
  );
}
