/**
 * What Paper Lens reads from the page the user is on: which kind of page it is,
 * which paper a paper page shows, which papers a list shows, where the overlay
 * goes. A thin dispatcher: each site module (`./arxiv`, `./huggingface`) owns
 * its URL patterns, selectors, readers and anchors. Pure functions of a `URL`
 * and a `Document`, using standard DOM APIs only (they run in content scripts).
 *
 * The page is not ours: every reader tolerates missing or garbled markup and
 * returns null or partial data rather than throwing.
 */
import { ARXIV_ANCHORS, readAbsPage, readArxivListing, readArxivSearch, readHtmlPage, recogniseArxivUrl } from './arxiv';
import { HF_ANCHORS, readHfList, readHfPaperPage, recogniseHuggingFaceUrl } from './huggingface';
import { finish, firstAnchor } from './read';
import type { Anchor, AnchorRule, ListingEntry, PageKind, PagePaper, PageRef } from './types';

export type { Anchor, ListingEntry, PageKind, PagePaper, PageRef } from './types';

/**
 * Recognises a paper page or a list of papers from its URL alone. Never throws;
 * returns null for every other page and for ids arXiv could not have issued.
 */
export function recognisePage(url: URL): PageRef | null {
  try {
    return recogniseArxivUrl(url) ?? recogniseHuggingFaceUrl(url);
  } catch {
    return null;
  }
}

/** Pages about one paper: they get the overlay (PDF tabs only in the popup: content scripts do not run there). */
export function isPaperKind(kind: PageKind): boolean {
  return kind === 'arxiv-abs' || kind === 'arxiv-html' || kind === 'hf-paper' || kind === 'arxiv-pdf';
}

/** Pages that list papers: every known entry gets a badge. */
export function isListingKind(kind: PageKind): boolean {
  return kind === 'arxiv-listing' || kind === 'arxiv-search' || kind === 'hf-list';
}

/**
 * What a paper page tells about its paper. Prefers structured data (`citation_*`
 * meta, `og:url`, the JSON in `data-props`) over CSS classes, and the page over
 * the URL. null for pages that are not paper pages.
 */
export function readPaperPage(url: URL, doc: Document): PagePaper | null {
  const ref = recognisePage(url);
  if (!ref) return null;
  try {
    switch (ref.kind) {
      case 'arxiv-abs':
        return readAbsPage(ref, doc);
      case 'arxiv-html':
        return readHtmlPage(ref, doc);
      case 'arxiv-pdf':
        // A PDF has no DOM of ours to read: its viewer's title is a file name.
        return finish({ id: ref.arxivId, version: ref.version }, { authors: [] });
      case 'hf-paper':
        return readHfPaperPage(ref, doc);
      default:
        return null;
    }
  } catch {
    // Only the URL is trustworthy when the page defeats the readers.
    return finish({ id: ref.arxivId, version: ref.version }, { authors: [] });
  }
}

/**
 * The papers a listing, search-results or Hugging Face list page shows, in page
 * order, each with the element a badge goes after. [] for other pages.
 */
export function readListing(url: URL, doc: Document): ListingEntry[] {
  const ref = recognisePage(url);
  if (!ref) return [];
  try {
    switch (ref.kind) {
      case 'arxiv-listing':
        return readArxivListing(url, doc);
      case 'arxiv-search':
        return readArxivSearch(url, doc);
      case 'hf-list':
        return readHfList(url, doc);
      default:
        return [];
    }
  } catch {
    return [];
  }
}

const ANCHORS: Partial<Record<PageKind, readonly AnchorRule[]>> = { ...ARXIV_ANCHORS, ...HF_ANCHORS };

/**
 * Where the overlay goes on a paper page: in the page's flow, right under the
 * paper's title block, so it pushes content down instead of covering it. null
 * when the page has none of the site's anchors (then it goes first in the body).
 */
export function overlayAnchor(kind: PageKind, doc: Document): Anchor | null {
  return firstAnchor(ANCHORS[kind] ?? [], doc);
}
