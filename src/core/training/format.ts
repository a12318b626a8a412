// Escaping for the exports. Narration marks code with backticks; everything that comes from a trace is
// untrusted text and is escaped wherever it lands (HTML text, attributes, Markdown, code fences).

/** Control characters (other than tab) would garble a document: they become U+FFFD. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function clean(s: string): string {
  return s.replace(/\r/g, '').replace(CONTROL, '\ufffd');
}

export function escapeHtml(s: string): string {
  return clean(s).replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** Splits narration into plain and code parts (backtick-delimited). */
export function spans(s: string): { code: boolean; text: string }[] {
  const parts = s.split('`');
  // An odd number of backticks leaves the last part unclosed: treat it as plain text.
  if (parts.length % 2 === 0) parts[parts.length - 2] = `${parts[parts.length - 2]}\`${parts.pop()!}`;
  return parts.map((text, i) => ({ code: i % 2 === 1, text })).filter((p) => p.text !== '');
}

/** Narration → HTML: escaped text with `code` spans. */
export function inlineHtml(s: string): string {
  return spans(s)
    .map((p) => (p.code ? `<code>${escapeHtml(p.text)}</code>` : escapeHtml(p.text)))
    .join('');
}

/** Plain Markdown text: HTML-significant characters become entities, Markdown syntax is backslashed. */
export function escapeMarkdownText(s: string): string {
  return clean(s).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')).replace(/([\\*_[\]|#~!])/g, '\\$1');
}

/** A Markdown code span that holds any text (a fence longer than any backtick run inside). */
export function codeSpan(s: string): string {
  const text = clean(s.replace(/[\r\n]+/g, ' '));
  let run = 0;
  for (const m of text.matchAll(/`+/g)) run = Math.max(run, m[0].length);
  const fence = '`'.repeat(run + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Narration → Markdown: escaped text with code spans. */
export function inlineMarkdown(s: string): string {
  return spans(s)
    .map((p) => (p.code ? codeSpan(p.text) : escapeMarkdownText(p.text)))
    .join('');
}

/** A fenced Markdown code block that holds any text. */
export function codeBlock(lines: string[], info = 'text'): string {
  let run = 2;
  for (const l of lines) for (const m of l.matchAll(/`+/g)) run = Math.max(run, m[0].length);
  const fence = '`'.repeat(run + 1);
  return [`${fence}${info}`, ...lines.map(clean), fence].join('\n');
}
