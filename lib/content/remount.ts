/**
 * Keeping Paper Lens's UI on pages that throw their DOM away. Some pages (and
 * single-page apps) serialise `document.body` and write it back; our overlay host
 * then comes back as an empty element (a shadow root does not serialise) and our
 * badges as empty shells, while the live ones are gone. These pure functions say
 * what to repair; the content script does it.
 */

/** The overlay host's tag (WXT's createShadowRootUi `name`). */
export const OVERLAY_TAG = 'paper-lens-overlay';
/** The listing badge's tag. */
export const BADGE_TAG = 'paper-lens-badge';

/**
 * Repairs allowed per page (reset on navigation): a page that removes our UI
 * every time it appears must not get a request to the worker every second forever.
 */
export const MAX_REPAIRS = 20;

/** What the content script believes it has put on the page. */
export interface ShownUi {
  /** The overlay host it mounted, when it shows an overlay. */
  overlayHost?: Element;
  /** How many badges it placed on a listing (0 when none). */
  badges: number;
}

/** What to do about the page's copy of our UI. */
export interface Repair {
  /** Copies of our elements that are not ours (serialised and written back by the page). */
  stale: Element[];
  /** The overlay host is no longer in the document: mount it again. */
  remountOverlay: boolean;
  /** Badges went missing: badge the listing again. */
  rebadge: boolean;
}

/**
 * Compares the document with what was shown. An overlay host or badge without its
 * open shadow root is a copy the page made, never ours; every other overlay host
 * but ours is stale too. Never throws.
 */
export function planRepair(doc: Document, shown: ShownUi): Repair {
  const stale: Element[] = [];
  let remountOverlay = false;
  let rebadge = false;
  try {
    for (const host of Array.from(doc.getElementsByTagName(OVERLAY_TAG))) {
      if (host !== shown.overlayHost) stale.push(host);
    }
    remountOverlay = shown.overlayHost !== undefined && !shown.overlayHost.isConnected;
    let live = 0;
    for (const badge of Array.from(doc.getElementsByTagName(BADGE_TAG))) {
      if (badge.shadowRoot) live++;
      else stale.push(badge);
    }
    rebadge = shown.badges > 0 && live < shown.badges;
  } catch {
    // A document we cannot read is not ours to repair.
  }
  return { stale, remountOverlay, rebadge };
}

/** True when the plan changes anything. */
export function needsRepair(r: Repair): boolean {
  return r.stale.length > 0 || r.remountOverlay || r.rebadge;
}

/**
 * Calls `fn` once mutations have paused for `wait` ms, but at least every
 * `maxWait` ms while they keep coming (a page that never stops mutating still
 * gets its overlay back). `timers` is injectable for tests.
 */
export function debounce(
  fn: () => void,
  wait: number,
  maxWait: number,
  timers: { set(cb: () => void, ms: number): unknown; clear(id: unknown): void; now(): number } = {
    set: (cb, ms) => setTimeout(cb, ms),
    clear: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
    now: () => Date.now(),
  },
): { (): void; cancel(): void } {
  let timer: unknown;
  let first = 0;
  const run = () => {
    timer = undefined;
    first = 0;
    fn();
  };
  const call = () => {
    const now = timers.now();
    if (!first) first = now;
    if (timer !== undefined) timers.clear(timer);
    timer = timers.set(run, Math.max(0, Math.min(wait, first + maxWait - now)));
  };
  call.cancel = () => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
    first = 0;
  };
  return call;
}
