// Exports: one self-contained HTML file (no scripts, no external resources, everything escaped, every
// step present) and Markdown (trace text fenced safely), for lessons and for walkthroughs of any trace,
// including hostile input.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeTraceText } from '../../../src/core/analysis';
import { explainDocument, lessonToHtml, lessonToMarkdown, lessons, walkthroughToHtml, walkthroughToMarkdown } from '../../../src/core/training';
import { codeBlock, codeSpan, escapeHtml, inlineHtml, inlineMarkdown } from '../../../src/core/training/format';

/** Tags an exported page may contain (anything else means unescaped input leaked into the markup). */
const ALLOWED_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'main', 'header', 'footer', 'section', 'h1', 'h2', 'h3', 'p', 'strong', 'code', 'ol', 'ul', 'li',
  'div', 'table', 'tbody', 'tr', 'td', 'pre', 'span', 'details', 'summary', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'br',
  'svg', 'g', 'rect', 'text', 'tspan', 'path', 'line',
]);

function tagsOf(html: string): Set<string> {
  const out = new Set<string>();
  for (const m of html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)) out.add(m[1]!.toLowerCase());
  return out;
}

function assertSelfContained(html: string, what: string): void {
  assert.match(html, /^<!DOCTYPE html>/, what);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/, `${what}: CSP`);
  const bad = [...tagsOf(html)].filter((t) => !ALLOWED_TAGS.has(t));
  assert.deepEqual(bad, [], `${what}: unexpected tags`);
  // Escaped text never contains '<', so every '<' opens one of our tags: check their attributes.
  for (const m of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    const attrs = [...m[0].matchAll(/\s([a-zA-Z:-]+)=/g)].map((a) => a[1]!.toLowerCase());
    assert.ok(!attrs.some((a) => a.startsWith('on') || a === 'src' || a === 'href' || a === 'xlink:href' || a === 'action'), `${what}: attributes of ${m[0].slice(0, 80)}`);
  }
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  assert.doesNotMatch(style, /@import|url\(/, `${what}: no external CSS`);
  // The only URL-like text is the SVG namespace.
  assert.deepEqual([...html.matchAll(/https?:\/\/[^\s"'<]+/g)].map((m) => m[0]), html.includes('<svg') ? [...html.matchAll(/http:\/\/www\.w3\.org\/2000\/svg/g)].map((m) => m[0]) : []);
}

const EVIL = [
  '------------------- Start of thread 0 vpp_main -------------------',
  'Packet 1',
  '',
  '00:00:01:000001: virtio-input',
  '  virtio: hw_if_index 4 next-index 1 vring 0 len 40 <script>alert(1)</script>',
  '00:00:01:000002: <img-src=x-onerror=alert(2)>',
  '  ```` fence breaker ```` and `code` <b onclick="x">',
  '  "quoted" & \'single\' \u0007 bell',
  '00:00:01:000003: error-drop',
  '  rx:tun1',
  '00:00:01:000004: drop',
  '  ip4-input: <script>evil()</script>',
  '',
].join('\n');

describe('HTML export', () => {
  test('every lesson is one self-contained page with every step, question and command', () => {
    for (const l of lessons()) {
      const html = lessonToHtml(l);
      assertSelfContained(html, l.name);
      assert.equal([...html.matchAll(/<li class="step /g)].length, l.steps.length, `${l.name}: steps`);
      for (const [i, s] of l.steps.entries()) {
        assert.ok(html.includes(`id="step-${i + 1}"`), `${l.name}: step ${i + 1}`);
        assert.ok(html.includes(escapeHtml(s.title)), `${l.name}: title of step ${i + 1}`);
        for (const line of s.lines) assert.ok(html.includes(`<tr data-line="${line.line}">`), `${l.name}: line ${line.line} of step ${i + 1}`);
      }
      assert.equal([...html.matchAll(/class="question"/g)].length, l.questions.length);
      for (const c of l.summary.commands) assert.ok(html.includes(escapeHtml(c.command)), `${l.name}: ${c.command}`);
      assert.equal([...html.matchAll(/<svg /g)].length, 1, `${l.name}: the topology drawing`);
      assert.ok(/data-on-path="true"/.test(html), `${l.name}: the path is drawn`);
    }
  });

  test('a hostile trace is escaped everywhere', () => {
    const a = analyzeTraceText('evil <x>.txt', EVIL);
    const doc = explainDocument(a.journeys, { texts: new Map([['evil <x>.txt', EVIL]]), title: 'Title <script>x</script>' });
    const html = walkthroughToHtml(doc);
    assertSelfContained(html, 'evil');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;img-src=x-onerror=alert(2)&gt;'));
    assert.ok(html.includes('&lt;b onclick=&quot;x&quot;&gt;'));
    assert.ok(!html.includes('\u0007'), 'control characters are replaced');
    assert.match(html, /unknown node/);
  });

  test('escaping helpers: any string survives as text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const h = escapeHtml(s);
        assert.doesNotMatch(h, /[<>"']/);
        assert.doesNotMatch(h, /&(?!amp;|lt;|gt;|quot;|#39;)/);
        const i = inlineHtml(s);
        assert.deepEqual([...tagsOf(i)].filter((t) => t !== 'code'), []);
      }),
    );
  });
});

describe('Markdown export', () => {
  test('lessons: steps, questions with answers, commands and fenced trace lines', () => {
    for (const l of lessons()) {
      const md = lessonToMarkdown(l);
      assert.equal([...md.matchAll(/^### Step \d+: /gm)].length, l.steps.length, l.name);
      assert.equal([...md.matchAll(/^<details><summary>Answer and feedback<\/summary>$/gm)].length, l.questions.length);
      for (const p of l.packets) for (const r of p.raw.slice(0, 5)) assert.ok(md.includes(r.text), `${l.name}: raw line ${r.line}`);
      // Fences are balanced: every opening fence has its closing one.
      const fences = [...md.matchAll(/^(`{3,})(\w*)$/gm)];
      assert.equal(fences.length % 2, 0, `${l.name}: balanced fences`);
    }
  });

  test('a hostile trace cannot break out of its code blocks or inject HTML', () => {
    const a = analyzeTraceText('evil.txt', EVIL);
    const md = walkthroughToMarkdown(explainDocument(a.journeys, { texts: new Map([['evil.txt', EVIL]]) }));
    // Outside code blocks and code spans, no raw '<' remains (except the details tags we write ourselves).
    const outside = md.replace(/^(`{3,})\w*\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^`][\s\S]*?\1/g, '');
    assert.doesNotMatch(outside.replace(/<\/?details>|<\/?summary>/g, ''), /<[a-z/!]/i);
    // The fence around the hostile line is longer than the backtick run in it.
    assert.match(md, /^`{5,}text$/m);
  });

  test('code spans and blocks hold any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const span = codeSpan(s);
        const fence = /^`+/.exec(span)![0];
        const inner = span.slice(fence.length, span.length - fence.length);
        assert.ok(!inner.includes(fence) || fence.length > Math.max(0, ...[...inner.matchAll(/`+/g)].map((m) => m[0].length)));
        const block = codeBlock([s.replace(/[\r\n]/g, '')]).split('\n');
        const f = /^`+/.exec(block[0]!)![0];
        assert.equal(block[block.length - 1], f);
        assert.ok(!block.slice(1, -1).some((l) => l.startsWith(f)));
        assert.doesNotMatch(inlineMarkdown(s).replace(/(`+)[\s\S]*?\1/g, ''), /<[a-z]/i);
      }),
    );
  });
});
