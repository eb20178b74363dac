/**
 * Highlights on a paper page (wiring only; the logic is lib/annotations/): the
 * "Highlight" control next to a selection of paper text, the
 * `Alt+Shift+H` command relayed by the worker, drawing through
 * `lib/annotations/session.ts`, and re-anchoring after the page re-renders.
 */
import { h, render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { AnnotationListProps } from '@/components/AnnotationList';
import { HighlightControl } from '@/components/HighlightControl';
import { annotationsToMarkdown } from '@/lib/annotations/formats';
import { newAnnotation } from '@/lib/annotations/records';
import { createHighlightSession, type HighlightSession } from '@/lib/annotations/session';
import { HIGHLIGHT_COMMAND_MESSAGE, type Annotation, type HighlightColour } from '@/lib/annotations/types';
import { contentRequest } from '@/lib/messaging/client';
import type { PageAnnotation } from '@/lib/messaging/contract';
import { paperToSave } from '@/lib/reading-list/list';

/** The tag of the control's shadow host (the text model skips `paper-lens*` elements). */
const CONTROL_TAG = 'paper-lens-highlight';

/** The highlights of the page the overlay shows. */
export interface PageHighlights {
  /** The overlay learnt (again) what paper this is and what is saved: re-anchor and draw. */
  sync(shown: PageAnnotation | null): void;
  /** What the overlay's list shows, when the page has annotatable content. */
  listProps(): AnnotationListProps | undefined;
  /** Highlights the current selection (the control's click, or the command). */
  highlightSelection(colour?: HighlightColour): Promise<void>;
  destroy(): void;
}

/** Same annotations, same edits: nothing to re-anchor. */
function fingerprint(list: readonly Annotation[]): string {
  return list.map((a) => `${a.id}:${a.updatedAt}:${a.colour}`).join(',');
}

/** The Highlight control next to the selection: mounted on first use, placed under the selection's end. */
function selectionControl(
  ctx: ContentScriptContext,
  onHighlight: (colour: HighlightColour) => void,
): { place(range: Range | null): Promise<void>; hide(): void; remove(): void } {
  let control: ShadowRootContentScriptUi<HTMLElement> | undefined;
  let at: { top: number; left: number } | null = null;

  const paint = (): void => {
    if (!control?.mounted) return;
    render(at ? h(HighlightControl, { top: at.top, left: at.left, onHighlight }) : null, control.mounted);
  };

  const ensure = async (): Promise<void> => {
    if (control?.shadowHost.isConnected) return;
    control = await createShadowRootUi(ctx, {
      name: CONTROL_TAG,
      position: 'inline',
      anchor: 'body',
      append: 'last',
      mode: 'open',
      isolateEvents: true,
      onMount: (container) => {
        const root = document.createElement('div');
        container.append(root);
        return root;
      },
      onRemove: (root) => {
        if (root) render(null, root);
      },
    });
    control.mount();
  };

  const hide = (): void => {
    if (!at) return;
    at = null;
    paint();
  };

  return {
    async place(range) {
      if (!range) return hide();
      const rects = range.getClientRects();
      const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
      at = {
        top: Math.min(window.innerHeight - 36, last.bottom + 6),
        left: Math.max(4, Math.min(window.innerWidth - 200, last.right - 40)),
      };
      await ensure();
      paint();
    },
    hide,
    remove: () => control?.remove(),
  };
}

/**
 * Calls `onQuiet` once the page has stopped changing for 300 ms after a change
 * outside Paper Lens's own elements: pages that re-render (MathJax typesetting
 * ar5iv, Hugging Face hydrating) replace the nodes the ranges point into.
 */
function watchRerenders(onQuiet: () => void, active: () => boolean): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ours = (n: Node) =>
    (n.nodeType === 1 ? (n as Element) : n.parentElement)?.closest('[data-paper-lens], paper-lens-overlay, paper-lens-highlight');
  const observer = new MutationObserver((records) => {
    if (!active() || records.every((r) => ours(r.target))) return;
    clearTimeout(timer);
    timer = setTimeout(onQuiet, 300);
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  return () => {
    observer.disconnect();
    clearTimeout(timer);
  };
}

/** Starts highlights on the paper page at `url`; `repaint` re-renders the overlay (its list of highlights). */
export function startHighlights(ctx: ContentScriptContext, url: URL, opts: { repaint(): void }): PageHighlights {
  const session: HighlightSession = createHighlightSession(window, url);
  let shown: PageAnnotation | null = null;
  let annotations: Annotation[] = [];
  let printed = '';
  let busy = false;
  const control = selectionControl(ctx, (c) => void highlightSelection(c));

  /** How long the last re-anchoring took (read by the e2e timing test through the list's data-anchor-ms). */
  let anchorMs: number | undefined;
  const timed = (run: () => void): void => {
    const t0 = performance.now();
    run();
    anchorMs = performance.now() - t0;
  };

  const apply = (list: Annotation[]): void => {
    annotations = list;
    printed = fingerprint(list);
    timed(() => session.setAnnotations(list));
    opts.repaint();
  };

  const highlightSelection = async (colour: HighlightColour = 'yellow'): Promise<void> => {
    const target = session.selectionTarget();
    if (!target || !shown || busy) return;
    busy = true;
    try {
      const paperId = shown.paper.id;
      // Highlighting a paper that is not saved saves it, as the save button would.
      if (!shown.saved) await contentRequest('listSave', { paper: paperToSave(shown.paper) });
      const saved = await contentRequest('annotationAdd', {
        paperId,
        annotation: newAnnotation(target, { colour, now: Date.now() }),
      });
      window.getSelection()?.removeAllRanges();
      control.hide();
      apply(saved.annotations ?? []);
    } finally {
      busy = false;
    }
  };

  const edit = async (id: string, patch: { note?: string; colour?: HighlightColour }): Promise<void> => {
    if (!shown) return;
    const saved = await contentRequest('annotationUpdate', { paperId: shown.paper.id, id, ...patch });
    apply(saved.annotations ?? []);
  };

  const remove = async (id: string): Promise<void> => {
    if (!shown) return;
    const saved = await contentRequest('annotationRemove', { paperId: shown.paper.id, id });
    apply(saved.annotations ?? []);
  };

  const jump = (id: string): void => {
    const range = session.anchored().find((s) => s.annotation.id === id)?.range;
    const el = range?.startContainer.nodeType === 1 ? (range.startContainer as Element) : range?.startContainer.parentElement;
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };

  // The selection settles after the mouse is released or keys stop moving it.
  let placeTimer: ReturnType<typeof setTimeout> | undefined;
  ctx.addEventListener(document, 'selectionchange', () => {
    clearTimeout(placeTimer);
    placeTimer = setTimeout(() => void control.place(shown ? session.selectionRange() : null), 120);
  });

  const stopWatching = watchRerenders(
    () => {
      timed(() => session.reanchor());
      opts.repaint();
    },
    () => annotations.length > 0,
  );

  const onCommand = (msg: unknown): undefined => {
    if ((msg as { type?: unknown } | null)?.type === HIGHLIGHT_COMMAND_MESSAGE) void highlightSelection();
    return undefined;
  };
  browser.runtime.onMessage.addListener(onCommand);

  const destroy = (): void => {
    stopWatching();
    clearTimeout(placeTimer);
    browser.runtime.onMessage.removeListener(onCommand);
    session.clear();
    control.remove();
  };
  ctx.onInvalidated(destroy);

  return {
    sync(next) {
      shown = next;
      const list = next?.saved?.annotations ?? [];
      if (fingerprint(list) !== printed) apply(list);
    },
    listProps() {
      if (!shown || !session.rendering()) return undefined;
      const items = session.anchored().map((s) => ({ annotation: s.annotation, anchored: s.anchor !== null }));
      return {
        items,
        busy,
        anchorMs,
        onJump: jump,
        onNote: (id, note) => void edit(id, { note }),
        onColour: (id, colour) => void edit(id, { colour }),
        onRemove: (id) => void remove(id),
        onCopyMarkdown: () => {
          const orphans = new Set(items.filter((i) => !i.anchored).map((i) => i.annotation.id));
          const md = annotationsToMarkdown({ id: shown!.paper.id, title: shown!.paper.title, annotations }, orphans);
          void navigator.clipboard?.writeText(md);
        },
      };
    },
    highlightSelection,
    destroy,
  };
}
