/**
 * Where the overlay goes on each paper page: in the page's flow, right under the
 * paper's title block, so it pushes content down instead of covering it.
 */
import type { PageKind } from './page';

/** An element and how to attach to it. */
export interface Anchor {
  element: Element;
  append: 'after' | 'before' | 'first';
}

const ANCHORS: Partial<Record<PageKind, { selector: string; append: Anchor['append'] }[]>> = {
  // Checked on tests/fixtures/pages/arxiv-abs-2609.22268v1.html and arxiv-abs-2106.09608v2.html.
  'arxiv-abs': [
    { selector: '#abs .authors', append: 'after' },
    { selector: 'h1.title', append: 'after' },
    { selector: '#abs', append: 'first' },
  ],
  // Checked on arxiv-html-2604.15597v1.html (LaTeXML): the document title, then the author block.
  'arxiv-html': [
    { selector: '.ltx_page_main .ltx_authors', append: 'after' },
    { selector: 'h1.ltx_title_document', append: 'after' },
    { selector: '.ltx_page_main', append: 'first' },
  ],
  // Hugging Face paper pages (synthetic fixture hf-paper-2308.08414.html, in the shape of the live page): the paper's h1.
  'hf-paper': [{ selector: 'main h1, h1', append: 'after' }],
};

/** The anchor for a page kind, or null (then the overlay goes first in the body). */
export function overlayAnchor(kind: PageKind, doc: Document): Anchor | null {
  for (const a of ANCHORS[kind] ?? []) {
    const element = doc.querySelector(a.selector);
    if (element) return { element, append: a.append };
  }
  return null;
}
