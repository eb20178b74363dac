/**
 * The page session over a jsdom window (which has no CSS.highlights: anchoring
 * and the selection work, drawing is skipped), and finding saved papers by
 * their highlights' notes and quotes.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- jsdom ships no types and @types/jsdom is not installed; only `new JSDOM(html, { url })` is used.
import { JSDOM } from 'jsdom';
import { newAnnotation } from '../../lib/annotations/records';
import { searchAnnotations } from '../../lib/annotations/search';
import { createHighlightSession } from '../../lib/annotations/session';
import type { SavedPaper } from '../../lib/reading-list/list';

const PAGE = `<!doctype html><html><body><nav>arXiv menu</nav>
<article class="ltx_document"><h1>A title</h1>
<div id="S1.p1" class="ltx_para"><p>We measure the drift of <math alttext="x^{2}" class="ltx_Math"><mi>x</mi></math> over twenty rounds of editing.</p></div>
<div id="S1.p2" class="ltx_para"><p>Documents degrade when models rewrite them without checks.</p></div>
</article></body></html>`;

function page(html = PAGE) {
  const dom = new JSDOM(html, { url: 'https://arxiv.org/html/2604.15597v3' });
  return dom.window as unknown as Window;
}

describe('highlight session', () => {
  it('turns a selection of paper text into selectors, with the version from the URL, and finds it again', () => {
    const win = page();
    const s = createHighlightSession(win, new URL(win.location.href));
    expect(s.rendering()).toBe('arxiv-html');
    const p = win.document.querySelector('[id="S1.p1"] p')!;
    const range = win.document.createRange();
    range.setStart(p.firstChild!, 3); // "measure…"
    range.setEnd(p.lastChild!, 12); // "…over twenty"
    win.getSelection()!.addRange(range);
    const target = s.selectionTarget()!;
    expect(target.quote.exact).toBe('measure the drift of $x^{2}$ over twenty');
    expect(target).toMatchObject({ version: 3, rendering: 'arxiv-html', elementId: 'S1.p1' });
    const a = newAnnotation(target, { now: 1 });
    const [anchored] = s.setAnnotations([a]);
    expect(anchored!.anchor).toMatchObject({ method: 'position' });
    expect(anchored!.range!.toString()).toContain('over twenty');
  });

  it('a selection outside the paper content gives no target', () => {
    const win = page();
    const s = createHighlightSession(win, new URL(win.location.href));
    const range = win.document.createRange();
    range.selectNodeContents(win.document.querySelector('nav')!);
    win.getSelection()!.addRange(range);
    expect(s.selectionTarget()).toBeNull();
  });

  it('re-anchors after the page re-renders its content (new nodes, same text)', () => {
    const win = page();
    const s = createHighlightSession(win, new URL(win.location.href));
    const p2 = win.document.querySelector('[id="S1.p2"]')!;
    const range = win.document.createRange();
    range.selectNodeContents(p2);
    win.getSelection()!.addRange(range);
    const a = newAnnotation(s.selectionTarget()!, { now: 1 });
    s.setAnnotations([a]);
    // A framework re-render: the article replaced by an equal copy.
    const article = win.document.querySelector('article')!;
    article.replaceWith(article.cloneNode(true));
    const [again] = s.reanchor();
    expect(again!.range!.startContainer.isConnected).toBe(true);
    expect(again!.range!.toString()).toBe('Documents degrade when models rewrite them without checks.');
  });
});

describe('search over highlights', () => {
  const target = {
    quote: { exact: 'the drift of $x^{2}$', prefix: '', suffix: '' },
    position: { start: 0, end: 5 },
    rendering: 'arxiv-html' as const,
  };
  const papers = [
    { id: 'a', annotations: [newAnnotation(target, { now: 1, note: 'Compare with Schrödinger bridges' })] },
    {
      id: 'b',
      annotations: [newAnnotation({ ...target, quote: { ...target.quote, exact: 'bridges between models' } }, { now: 1 })],
    },
    { id: 'c' },
  ] as unknown as SavedPaper[];

  it('finds papers by every word of a note or quote, the last word as a prefix, notes first', () => {
    expect(searchAnnotations('schrodinger', papers).map((h) => h.id)).toEqual(['a']);
    expect(searchAnnotations('bridg', papers).map((h) => h.id)).toEqual(['a', 'b']);
    expect(searchAnnotations('drift compare', papers)).toEqual([
      { id: 'a', text: 'the drift of $x^{2}$', terms: ['drift', 'compare'] },
    ]);
    expect(searchAnnotations('compare zebra', papers)).toEqual([]);
    expect(searchAnnotations('   ', papers)).toEqual([]);
  });
});
