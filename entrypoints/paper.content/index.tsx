import '@/components/overlay.css';
import '@/components/annotations.css';
import { storage } from 'wxt/utils/storage';
import { hostMatchPatterns } from '@/lib/core/hosts';
import { loadSettings, sitesChanged, watchSettings, type Settings } from '@/lib/settings/settings';
import { LIST_CHANGED_KEY } from '@/lib/reading-list/storage';
import { planPage } from '@/lib/content/page-plan';
import { debounce, MAX_REPAIRS, needsRepair, planRepair } from '@/lib/content/remount';
import { createOverlay, type OverlayController } from './overlay';
import { startHighlights, type PageHighlights } from './highlights';
import { badgeListing, badgesPlaced, removeBadges } from './badges';

export default defineContentScript({
  // The whole of each permitted host: Hugging Face navigates client-side from any page to /papers.
  matches: hostMatchPatterns(),
  cssInjectionMode: 'ui',
  runAt: 'document_idle',

  async main(ctx) {
    const t0 = performance.now();
    let settings: Settings = await loadSettings();
    let overlay: OverlayController | undefined;
    /** Highlights of the paper page shown, and the page they are for. */
    let highlights: PageHighlights | undefined;
    let highlightsFor = '';
    let shownFor = '';
    /** UI repairs since the last navigation (see MAX_REPAIRS). */
    let repairs = 0;

    let creating: Promise<OverlayController> | undefined;
    let refreshing = 0;
    async function refresh(force = false, url = new URL(location.href)) {
      refreshing++;
      try {
        await show(force, url);
      } finally {
        refreshing--;
      }
    }

    async function show(force: boolean, url: URL) {
      const plan = planPage(url, settings);
      if (!force && plan.key === shownFor) return;
      shownFor = plan.key;
      if (plan.show !== 'overlay') {
        overlay?.remove();
        overlay = undefined;
        highlights?.destroy();
        highlights = undefined;
        highlightsFor = '';
      }
      if (plan.show !== 'badges') removeBadges(document);
      if (plan.show === 'overlay') {
        if (highlightsFor !== plan.key) {
          highlights?.destroy();
          highlights = startHighlights(ctx, url, { repaint: () => overlay?.repaint() });
          highlightsFor = plan.key;
        }
        if (!overlay) {
          // Two refreshes at once (a list notice while the page is first shown) share one
          // overlay: each making its own left a second, stale copy on the page.
          creating ??= createOverlay(ctx, {
            settings,
            startedAt: t0,
            highlights: () => highlights?.listProps(),
            onShown: (shown) => highlights?.sync(shown),
          }).finally(() => (creating = undefined));
          const made = await creating;
          overlay ??= made;
          // Settings may have changed while it was being made.
          overlay.setSettings(settings);
        }
        await overlay.show(url, plan.ref);
      } else if (plan.show === 'badges') {
        await badgeListing(url, document);
      }
    }

    // The Navigation API fires before the page has updated location.href and its
    // DOM (Hugging Face's client-side navigation): use the new URL now, and read the
    // page again once the app has rendered the new paper.
    ctx.addEventListener(window, 'wxt:locationchange', (event) => {
      repairs = 0;
      void refresh(false, event.newUrl);
      ctx.setTimeout(() => void refresh(true), 1_000);
    });
    // Settings from the options page (or another tab's overlay) apply without a reload.
    const unwatchSettings = watchSettings((next) => {
      const before = settings;
      settings = next;
      overlay?.setSettings(settings);
      if (sitesChanged(before, settings)) void refresh(true);
    });
    // A save, edit or import anywhere (or a worker start) changes the saved state this page shows.
    const unwatchList = storage.watch(`local:${LIST_CHANGED_KEY}`, () => void refresh(true));
    // Pages that serialise their body and write it back (or replace it) drop our
    // overlay and badges and leave empty copies (tests/e2e/hostile.e2e.test.ts):
    // put them back once, after the page has settled.
    const repair = debounce(
      () => {
        if (!ctx.isValid || repairs >= MAX_REPAIRS) return;
        if (refreshing) return repair();
        const plan = planRepair(document, { overlayHost: overlay?.host(), badges: badgesPlaced(document) });
        if (!needsRepair(plan)) return;
        repairs++;
        plan.stale.forEach((e) => e.remove());
        if (plan.remountOverlay || plan.rebadge) void refresh(true);
      },
      200,
      1_000,
    );
    const observer = new MutationObserver(() => repair());
    observer.observe(document.documentElement, { childList: true, subtree: true });
    ctx.onInvalidated(() => {
      observer.disconnect();
      repair.cancel();
      unwatchSettings();
      unwatchList();
    });
    await refresh();
  },
});
