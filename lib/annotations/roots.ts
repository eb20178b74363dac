/**
 * Which part of a paper page can be annotated: the paper's content, never the
 * site's chrome (menus, the "Report issue" buttons, the footer), so that a
 * site redesign around the paper does not shift any anchor.
 */
import type { Rendering } from './types';

/**
 * The annotatable root of a page and its rendering, or `null` when the page
 * shows no paper content.
 */
export function annotationRoot(doc: Document, url: URL): { root: Element; rendering: Rendering } | null {
  const host = url.hostname;
  if (host === 'ar5iv.labs.arxiv.org' || host === 'ar5iv.org') {
    // Checked on tests/fixtures/pages/ar5iv-html-2201.00020.html.
    const root = doc.querySelector('article.ltx_document');
    return root ? { root, rendering: 'ar5iv' } : null;
  }
  if (host.endsWith('arxiv.org')) {
    if (url.pathname.startsWith('/html/')) {
      // Checked on tests/fixtures/pages/arxiv-html-2604.15597v1.html.
      const root = doc.querySelector('article.ltx_document');
      return root ? { root, rendering: 'arxiv-html' } : null;
    }
    if (url.pathname.startsWith('/abs/')) {
      // Checked on tests/fixtures/pages/arxiv-abs-2609.22268v1.html and arxiv-abs-2106.09608v2.html.
      const root = doc.querySelector('blockquote.abstract');
      return root ? { root, rendering: 'arxiv-abs' } : null;
    }
    return null;
  }
  if (host === 'huggingface.co' && url.pathname.startsWith('/papers/')) {
    // The paragraph after the "Abstract" heading; checked on tests/fixtures/pages/hf-paper-2308.08414.html.
    for (const h of doc.querySelectorAll('h2')) {
      if (h.textContent?.trim() !== 'Abstract') continue;
      const p = h.parentElement?.querySelector('p');
      if (p) return { root: p, rendering: 'hf-paper' };
    }
    return null;
  }
  return null;
}

/** The version (`N` of `vN`) in a paper URL's path, when it names one. */
export function versionOfUrl(url: URL): number | undefined {
  const m = /v(\d+)\/?$/.exec(url.pathname.replace(/\/$/, ''));
  return m ? Number(m[1]) : undefined;
}
