/**
 * What the content script puts on a page: the overlay on a paper page, badges on
 * a listing, nothing elsewhere or where the user switched the site off. Pure, so
 * the decision is tested without a browser; the content script acts on it.
 */
import { isListingKind, isPaperKind, recognisePage, type PageRef } from '../pages';
import { enabledOn, type Settings } from '../settings/settings';

/** The plan for one URL. */
export type PagePlan =
  | { key: string; show: 'nothing' }
  | {
      /** Same key, same page: a navigation that keeps it (a hash change) needs no new request. */
      key: string;
      show: 'overlay' | 'badges';
      ref: PageRef;
    };

/** Identifies what a URL shows: a paper by its ID, a listing by its path and query. */
export function pageKey(url: URL, ref: PageRef | null): string {
  return ref ? `${ref.kind}:${ref.arxivId ?? url.pathname + url.search}` : '';
}

/** What to show on `url` with these settings. */
export function planPage(url: URL, settings: Settings): PagePlan {
  const ref = recognisePage(url);
  const key = pageKey(url, ref);
  if (!ref || !enabledOn(settings, url.hostname)) return { key, show: 'nothing' };
  if (isPaperKind(ref.kind)) return { key, show: 'overlay', ref };
  if (isListingKind(ref.kind)) return { key, show: 'badges', ref };
  return { key, show: 'nothing' };
}
