/**
 * The shapes the page readers share: what a URL tells, what a paper page or a
 * list of papers tells, and how a site module describes its selectors and
 * overlay anchors. Types only, so the site modules and the dispatcher in
 * `./index.ts` import them without importing each other.
 */

/** The kinds of page Paper Lens knows. */
export type PageKind = 'arxiv-abs' | 'arxiv-pdf' | 'arxiv-html' | 'arxiv-listing' | 'arxiv-search' | 'hf-paper' | 'hf-list';

/** What the URL alone tells. null for pages that are not paper pages (arXiv home, help pages, HF home...). */
export interface PageRef {
  kind: PageKind;
  /** Bare arXiv id (no version, no old-style subject class), on paper pages. */
  arxivId?: string;
  /** The version the URL asks for, when it names one. */
  version?: number;
}

/** What a paper page tells about its paper (abs, pdf, html, hf-paper). */
export interface PagePaper {
  arxivId?: string;
  version?: number;
  title?: string;
  abstract?: string;
  authors: string[];
  year?: number;
}

/** Entries of a listing/search/HF list page; `anchor` is the entry's title element, whose last child the badge becomes (the id link when an entry shows no title). */
export interface ListingEntry {
  arxivId?: string;
  title?: string;
  anchor: Element;
}

/**
 * A DOM selector and the saved page in `tests/fixtures/pages/` it was checked
 * on (`alsoOn`: further pages it matches). `tests/unit/selectors.test.ts` loads
 * each page and requires the selector to match there.
 */
export interface CheckedSelector {
  selector: string;
  page: string;
  alsoOn?: readonly string[];
}

/** Where the overlay attaches: after an element, or as its first child. */
export interface AnchorRule extends CheckedSelector {
  append: 'after' | 'first';
}

/** An element and how to attach to it. */
export interface Anchor {
  element: Element;
  append: AnchorRule['append'];
}
