import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Overlay } from '@/components/Overlay';
import { contentRequest } from '@/lib/messaging/client';
import type { PageAnnotation } from '@/lib/messaging/contract';
import { overlayAnchor } from '@/lib/pages/overlay-anchor';
import { readPaperPage, type PageRef } from '@/lib/pages';
import { saveSettings, type Settings } from '@/lib/settings/settings';
import { pagePaperPayload } from '@/lib/content/page-payload';
import { OVERLAY_TAG } from '@/lib/content/remount';
import { paperToSave } from '@/lib/reading-list/list';

/** The overlay on a paper page: mounts once, re-renders on navigation and changes. */
export interface OverlayController {
  show(url: URL, ref: PageRef): Promise<void>;
  setSettings(settings: Settings): void;
  remove(): void;
  /** The element the overlay is mounted in (undefined before the first show). */
  host(): Element | undefined;
}

interface State {
  annotation: PageAnnotation | null;
  loading: boolean;
  error?: string;
  busy: boolean;
}

/** Creates the overlay controller for this tab. */
export async function createOverlay(
  ctx: ContentScriptContext,
  init: { settings: Settings; startedAt: number },
): Promise<OverlayController> {
  let settings = init.settings;
  let state: State = { annotation: null, loading: true, busy: false };
  let ui: ShadowRootContentScriptUi<HTMLElement> | undefined;
  let kind: PageRef['kind'] = 'arxiv-abs';
  let generation = 0;
  let firstShown = false;

  const paint = () => {
    if (!ui?.mounted) return;
    const a = state.annotation;
    const shown = a ? { ...a, related: a.related.slice(0, settings.relatedCount) } : null;
    render(
      <Overlay
        annotation={shown}
        loading={state.loading}
        error={state.error}
        busy={state.busy}
        collapsed={settings.collapsed}
        linkTo={kind === 'hf-paper' ? 'hf' : 'abs'}
        onToggleCollapsed={() => {
          settings = { ...settings, collapsed: !settings.collapsed };
          paint();
          void saveSettings(browser.storage.local, { collapsed: settings.collapsed });
        }}
        onToggleSave={() => void toggleSave()}
        onSaveDetails={(d) => void saveDetails(d)}
      />,
      ui.mounted,
    );
    if (a && !firstShown) {
      firstShown = true;
      ui.shadowHost.dataset.shownMs = String(Math.round(performance.now() - init.startedAt));
    }
  };

  const set = (patch: Partial<State>) => {
    state = { ...state, ...patch };
    paint();
  };

  async function mount() {
    ui?.remove();
    ui = await createShadowRootUi(ctx, {
      name: OVERLAY_TAG,
      position: 'inline',
      mode: 'open',
      isolateEvents: true,
      anchor: () => overlayAnchor(kind, document)?.element ?? document.body,
      append: overlayAnchor(kind, document)?.append ?? 'first',
      onMount: (container) => {
        const root = document.createElement('div');
        container.append(root);
        return root;
      },
      onRemove: (root) => {
        if (root) render(null, root);
      },
    });
    ui.mount();
  }

  let lastUrl: URL | undefined;
  let lastRef: PageRef | undefined;

  async function load(url: URL, ref: PageRef) {
    const mine = ++generation;
    const page = pagePaperPayload(ref, readPaperPage(url, document));
    try {
      const annotation = await contentRequest('annotatePage', { page, limit: 10 });
      if (mine === generation) set({ annotation, loading: false, error: undefined });
    } catch (err) {
      if (mine === generation) set({ loading: false, error: `Paper Lens could not read this page: ${(err as Error).message}` });
    }
  }

  async function toggleSave() {
    const a = state.annotation;
    if (!a || state.busy) return;
    set({ busy: true });
    try {
      if (a.saved) await contentRequest('listRemove', { id: a.paper.id });
      else await contentRequest('listSave', { paper: paperToSave(a.paper) });
      if (lastUrl && lastRef) await load(lastUrl, lastRef);
    } catch (err) {
      set({ error: `Could not save: ${(err as Error).message}` });
    } finally {
      set({ busy: false });
    }
  }

  async function saveDetails(d: { tags: string[]; note: string; read: boolean }) {
    const a = state.annotation;
    if (!a?.saved) return;
    set({ busy: true });
    try {
      const saved = await contentRequest('listUpdate', { id: a.paper.id, ...d });
      set({ annotation: { ...a, saved } });
    } catch (err) {
      set({ error: `Could not save the note: ${(err as Error).message}` });
    } finally {
      set({ busy: false });
    }
  }

  return {
    async show(url, ref) {
      const kindChanged = ref.kind !== kind || !ui;
      kind = ref.kind;
      lastUrl = url;
      lastRef = ref;
      if (kindChanged || !ui?.shadowHost.isConnected) await mount();
      set({ loading: true, error: undefined, annotation: state.annotation?.paper.id === ref.arxivId ? state.annotation : null });
      await load(url, ref);
    },
    setSettings(next) {
      settings = next;
      paint();
    },
    remove() {
      generation++;
      ui?.remove();
      ui = undefined;
    },
    host() {
      return ui?.shadowHost;
    },
  };
}
