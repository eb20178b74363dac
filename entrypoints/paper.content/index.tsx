import '@/components/overlay.css';
import { hostMatchPatterns } from '@/lib/core/hosts';
import { recognisePage } from '@/lib/pages';
import { enabledOn, loadSettings, normaliseSettings, SETTINGS_KEY, type Settings } from '@/lib/settings/settings';
import { isListingKind, isPaperKind } from '@/lib/pages/kinds';
import { createOverlay, type OverlayController } from './overlay';
import { debounce, MAX_REPAIRS, needsRepair, planRepair } from '@/lib/content/remount';
import { badgeListing, badgesPlaced, removeBadges } from './badges';

export default defineContentScript({
  // The whole of each permitted host: Hugging Face navigates client-side from any page to /papers.
  matches: hostMatchPatterns(),
  cssInjectionMode: 'ui',
  runAt: 'document_idle',

  async main(ctx) {
    const t0 = performance.now();
    let settings: Settings = await loadSettings(browser.storage.local);
    let overlay: OverlayController | undefined;
    let shownFor = '';
    /** UI repairs since the last navigation (see MAX_REPAIRS). */
    let repairs = 0;

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
      const ref = recognisePage(url);
      const key = ref ? `${ref.kind}:${ref.arxivId ?? url.pathname + url.search}` : '';
      if (!force && key === shownFor) return;
      shownFor = key;
      const on = ref !== null && enabledOn(settings, url.hostname);
      if (!on || !isPaperKind(ref.kind)) {
        overlay?.remove();
        overlay = undefined;
      }
      if (!on || !isListingKind(ref.kind)) removeBadges(document);
      if (!on) return;
      if (isPaperKind(ref.kind)) {
        overlay ??= await createOverlay(ctx, { settings, startedAt: t0 });
        await overlay.show(url, ref);
      } else if (isListingKind(ref.kind)) {
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
    browser.storage.onChanged.addListener((changes, area) => {
      if (area !== 'local' || !ctx.isValid) return;
      if (changes[SETTINGS_KEY]) {
        const before = settings;
        settings = normaliseSettings(changes[SETTINGS_KEY].newValue);
        overlay?.setSettings(settings);
        if (before.arxiv !== settings.arxiv || before.huggingface !== settings.huggingface) void refresh(true);
      }
      if (Object.keys(changes).some((k) => k !== SETTINGS_KEY)) void refresh(true);
    });
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
    });
    await refresh();
  },
});
