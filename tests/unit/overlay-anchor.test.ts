import { readFileSync } from 'node:fs';
// @ts-expect-error -- jsdom ships no types and @types/jsdom is not installed; only `new JSDOM(html, { url })` is used.
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { overlayAnchor } from '../../lib/pages';

const page = (file: string) =>
  new JSDOM(readFileSync(new URL(`../fixtures/pages/${file}`, import.meta.url), 'utf8')).window.document as Document;

describe('where the overlay goes, on the saved pages', () => {
  it('arXiv abs pages: after the author line, both layouts', () => {
    for (const file of ['arxiv-abs-2609.22268v1.html', 'arxiv-abs-2106.09608v2.html']) {
      const a = overlayAnchor('arxiv-abs', page(file));
      expect(a?.append, file).toBe('after');
      expect(a?.element.classList.contains('authors'), file).toBe(true);
    }
  });

  it('arXiv abs page with only a head: no anchor, so the overlay goes first in the body', () => {
    expect(overlayAnchor('arxiv-abs', page('arxiv-abs-1902.02534v2-headonly.html'))).toBeNull();
  });

  it('arXiv HTML rendering: after the LaTeXML author block', () => {
    const a = overlayAnchor('arxiv-html', page('arxiv-html-2604.15597v1.html'));
    expect(a?.append).toBe('after');
    expect(a?.element.classList.contains('ltx_authors')).toBe(true);
  });

  it('Hugging Face paper page: after the heading', () => {
    const a = overlayAnchor('hf-paper', page('hf-paper-2308.08414.html'));
    expect(a?.element.tagName).toBe('H1');
  });
});
