/** Which page kinds get the overlay and which get badges. */
import type { PageKind } from './';

/** Pages about one paper: they get the overlay (PDF tabs only in the popup: content scripts do not run there). */
export function isPaperKind(kind: PageKind): boolean {
  return kind === 'arxiv-abs' || kind === 'arxiv-html' || kind === 'hf-paper' || kind === 'arxiv-pdf';
}

/** Pages that list papers: every known entry gets a badge. */
export function isListingKind(kind: PageKind): boolean {
  return kind === 'arxiv-listing' || kind === 'arxiv-search' || kind === 'hf-list';
}
