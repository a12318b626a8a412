// Narration text: `backticks` become code; everything else is plain text (React escapes it).
import { spans } from '../../../core/training/format';

export function Rich({ text }: { text: string }) {
  return (
    <>
      {spans(text).map((p, i) => (p.code ? <code key={i}>{p.text}</code> : <span key={i}>{p.text}</span>))}
    </>
  );
}
