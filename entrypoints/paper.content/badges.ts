import { contentRequest } from '@/lib/messaging/client';
import { readListing } from '@/lib/pages';
import { badgeLabel, BADGE_CSS } from '@/lib/content/badge';
import { BADGE_TAG as BADGE } from '@/lib/content/remount';
/** Entries badged per frame: a 2,000-entry listing never blocks the page for long. */
const BATCH = 200;

/** Removes every badge this script added. */
export function removeBadges(doc: Document): void {
  doc.querySelectorAll(BADGE).forEach((b) => b.remove());
  delete doc.documentElement.dataset.paperLensBadged;
}

/** How many badges the last complete run placed (0 when none). */
export function badgesPlaced(doc: Document): number {
  return Number(doc.documentElement.dataset.paperLensBadged ?? 0) || 0;
}

let run = 0;

/** Badges every entry of a listing that is in the collection or the reading list. */
export async function badgeListing(url: URL, doc: Document): Promise<number> {
  const mine = ++run;
  const started = performance.now();
  const entries = readListing(url, doc);
  if (!entries.length) {
    removeBadges(doc);
    return 0;
  }
  const states = await contentRequest('matchListing', {
    entries: entries.slice(0, 10_000).map((e) => ({ arxivId: e.arxivId, title: e.title?.slice(0, 2_000) })),
  });
  if (mine !== run) return 0;
  removeBadges(doc);
  let done = 0;
  for (let start = 0; start < entries.length; start += BATCH) {
    if (start > 0) await nextFrame();
    if (mine !== run) return done;
    for (let i = start; i < Math.min(entries.length, start + BATCH); i++) {
      const state = states[i];
      if (!state) continue;
      const entry = entries[i];
      const badge = doc.createElement(BADGE);
      badge.dataset.paperId = entry.arxivId ?? '';
      badge.dataset.state = state;
      const shadow = badge.attachShadow({ mode: 'open' });
      const style = doc.createElement('style');
      style.textContent = BADGE_CSS;
      const span = doc.createElement('span');
      span.className = 'b';
      span.textContent = badgeLabel(state);
      span.title = 'Paper Lens: ' + badgeLabel(state);
      shadow.append(style, span);
      entry.anchor.append(badge);
      done++;
    }
  }
  doc.documentElement.dataset.paperLensBadged = String(done);
  // How long badging took, read by tools/measure.ts.
  doc.documentElement.dataset.paperLensBadgedMs = String(Math.round(performance.now() - started));
  return done;
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    // rAF does not fire in background tabs; the timeout keeps badging going there.
    const t = setTimeout(resolve, 50);
    requestAnimationFrame(() => {
      clearTimeout(t);
      resolve();
    });
  });
}
