/**
 * Where the overlay goes on each paper page: in the page's flow, right under the
 * paper's title block, so it pushes content down instead of covering it. The
 * selectors live with the rest of each site's page knowledge in `lib/pages/`.
 */
import type { PageKind } from './';
import { ARXIV_SELECTORS as AX } from './arxiv';
import { HF_SELECTORS as HF } from './huggingface';

/** An element and how to attach to it. */
export interface Anchor {
  element: Element;
  append: 'after' | 'first';
}

const ANCHORS: Partial<Record<PageKind, { selector: string; append: Anchor['append'] }[]>> = {
  'arxiv-abs': [
    ...AX.absOverlayAfter.map((selector) => ({ selector, append: 'after' as const })),
    { selector: AX.absOverlayFirstIn, append: 'first' },
  ],
  'arxiv-html': [
    ...AX.htmlOverlayAfter.map((selector) => ({ selector, append: 'after' as const })),
    { selector: AX.htmlOverlayFirstIn, append: 'first' },
  ],
  'hf-paper': HF.paperOverlayAfter.map((selector) => ({ selector, append: 'after' as const })),
};

/** The anchor for a page kind, or null (then the overlay goes first in the body). */
export function overlayAnchor(kind: PageKind, doc: Document): Anchor | null {
  for (const a of ANCHORS[kind] ?? []) {
    const element = doc.querySelector(a.selector);
    if (element) return { element, append: a.append };
  }
  return null;
}
