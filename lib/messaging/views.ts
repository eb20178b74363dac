/**
 * What the worker's replies show: papers as the overlay and the popup display
 * them. Plain data, since replies cross contexts.
 */
import type { PaperLinks } from '../core/paper';
import type { SavedPaper } from '../reading-list/list';
import type { SnippetPart } from '../search/snippet';

/** A paper as the overlay and the popup show it. */
export interface PaperView {
  id: string;
  title: string;
  authors: string[];
  year?: number;
  abstract?: string;
  links: PaperLinks;
}

/** A related paper with the reason it is suggested. */
export interface RelatedView extends PaperView {
  score: number;
  /** The terms the two papers share most strongly. */
  reasons: string[];
  saved: boolean;
}

/** What the overlay shows for a paper page. */
export interface PageAnnotation {
  /** `match`: the paper is in the corpus. */
  state: 'match' | 'nomatch';
  by?: 'id' | 'title';
  /** The corpus record when matched, else what the page showed. */
  paper: PaperView;
  related: RelatedView[];
  saved: SavedPaper | null;
  /** Names of the added sources holding the paper (options page), when any does: "In your collection · My Zotero library". */
  sources?: string[];
}

/** One search result. */
export interface SearchResultView extends PaperView {
  score: number;
  snippet: SnippetPart[];
  saved: boolean;
  inCollection: boolean;
}
