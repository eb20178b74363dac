import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Overlay } from '@/components/Overlay';
import type { AnnotationListProps } from '@/components/AnnotationList';
import type { PageAnnotation } from '@/lib/messaging/contract';
import { contentRequest } from '@/lib/messaging/client';
import { overlayAnchor, readPaperPage, type PageRef } from '@/lib/pages';
import { saveSettings, type Settings } from '@/lib/settings/settings';
import { createOverlayModel, type OverlayModel } from '@/lib/content/overlay-model';
import { pagePaperPayload } from '@/lib/content/page-payload';
import { OVERLAY_TAG } from '@/lib/content/remount';

/** The overlay on a paper page: mounts once, re-renders on navigation and changes. */
export interface OverlayController {
  show(url: URL, ref: PageRef): Promise<void>;
  setSettings(settings: Settings): void;
  remove(): void;
  /** The element the overlay is mounted in (undefined before the first show). */
  host(): Element | undefined;
  /** Paints again (the highlights changed). */
  repaint(): void;
}

/** Mounts an empty overlay host where the site module says the overlay goes. */
async function mountUi(ctx: ContentScriptContext, kind: PageRef['kind']): Promise<ShadowRootContentScriptUi<HTMLElement>> {
  const ui = await createShadowRootUi(ctx, {
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
  return ui;
}

/** Renders the model into the mounted root. */
function paintOverlay(
  root: HTMLElement,
  model: OverlayModel,
  kind: PageRef['kind'],
  highlights: AnnotationListProps | undefined,
): void {
  const state = model.state();
  render(
    <Overlay
      annotation={model.shown()}
      loading={state.loading}
      error={state.error}
      busy={state.busy}
      collapsed={model.settings().collapsed}
      linkTo={kind === 'hf-paper' ? 'hf' : 'abs'}
      onToggleCollapsed={() => model.toggleCollapsed()}
      onToggleSave={() => void model.toggleSave()}
      onSaveDetails={(d) => void model.saveDetails(d)}
      highlights={highlights}
    />,
    root,
  );
}

/** Creates the overlay controller for this tab. */
export async function createOverlay(
  ctx: ContentScriptContext,
  init: {
    settings: Settings;
    startedAt: number;
    /** The page's highlights for the overlay's list (entrypoints/paper.content/highlights.ts). */
    highlights?: () => AnnotationListProps | undefined;
    /** Told what the overlay shows after every change (the highlights follow the saved paper). */
    onShown?: (shown: PageAnnotation | null) => void;
  },
): Promise<OverlayController> {
  let ui: ShadowRootContentScriptUi<HTMLElement> | undefined;
  let kind: PageRef['kind'] = 'arxiv-abs';
  let firstShown = false;

  const model = createOverlayModel(
    {
      annotate: (page) => contentRequest('annotatePage', { page, limit: 10 }),
      save: (paper) => contentRequest('listSave', { paper }),
      remove: (id) => contentRequest('listRemove', { id }),
      update: (id, d) => contentRequest('listUpdate', { id, ...d }),
      saveCollapsed: (collapsed) => void saveSettings({ collapsed }),
      changed: () => {
        if (!ui?.mounted) return;
        init.onShown?.(model.shown());
        paintOverlay(ui.mounted, model, kind, init.highlights?.());
        if (model.state().annotation && !firstShown) {
          firstShown = true;
          // How long the overlay took to appear, read by tools/measure.ts.
          ui.shadowHost.dataset.shownMs = String(Math.round(performance.now() - init.startedAt));
        }
      },
    },
    init.settings,
  );

  return {
    async show(url, ref) {
      const kindChanged = ref.kind !== kind || !ui;
      kind = ref.kind;
      if (kindChanged || !ui?.shadowHost.isConnected) {
        ui?.remove();
        ui = await mountUi(ctx, kind);
      }
      await model.show(ref.arxivId, () => pagePaperPayload(ref, readPaperPage(url, document)));
    },
    setSettings: (next) => model.setSettings(next),
    remove() {
      model.cancel();
      ui?.remove();
      ui = undefined;
    },
    host: () => ui?.shadowHost,
    repaint() {
      if (ui?.mounted) paintOverlay(ui.mounted, model, kind, init.highlights?.());
    },
  };
}
