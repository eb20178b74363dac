/**
 * What the overlay on a paper page shows and does, without the DOM: the state
 * behind `components/Overlay.tsx` and the actions its buttons call. The content
 * script (`entrypoints/paper.content/overlay.tsx`) mounts the shadow root,
 * renders `view()` on every change and hands in the messaging calls, so this
 * is tested with plain functions.
 */
import type { PageAnnotation, PagePaperInput, PaperInput } from '../messaging/contract';
import { paperToSave, type SavedPaper } from '../reading-list/list';
import type { Settings } from '../settings/settings';

/** What the overlay knows right now. */
export interface OverlayState {
  annotation: PageAnnotation | null;
  /** The worker is still answering (first load, or a restart). */
  loading: boolean;
  error?: string;
  /** A save or an edit is under way (the buttons are disabled). */
  busy: boolean;
}

/** The edits the overlay's details form saves. */
export interface OverlayDetails {
  tags: string[];
  note: string;
  read: boolean;
}

/** The calls the overlay makes: messages to the worker and the settings store. */
export interface OverlayDeps {
  annotate(page: PagePaperInput): Promise<PageAnnotation>;
  save(paper: PaperInput): Promise<unknown>;
  remove(id: string): Promise<unknown>;
  update(id: string, details: OverlayDetails): Promise<SavedPaper>;
  saveCollapsed(collapsed: boolean): void;
  /** Called after every change of state or settings: repaint. */
  changed(): void;
}

/** The overlay's state, settings and actions. */
export interface OverlayModel {
  state(): OverlayState;
  settings(): Settings;
  /** The annotation as shown: related papers cut to the user's count. */
  shown(): PageAnnotation | null;
  /** Starts showing the paper `readPage` reads (called again after a save, since the page may say more). */
  show(arxivId: string | undefined, readPage: () => PagePaperInput): Promise<void>;
  setSettings(settings: Settings): void;
  toggleCollapsed(): void;
  toggleSave(): Promise<void>;
  saveDetails(details: OverlayDetails): Promise<void>;
  /** Ignores answers still on their way (the overlay was removed). */
  cancel(): void;
}

/** How many times a failed annotation is asked again (after 0.5, 1 and 2 s). */
export const RETRIES = 3;

/** Creates the overlay's model for this tab. */
export function createOverlayModel(deps: OverlayDeps, initial: Settings): OverlayModel {
  let settings = initial;
  let state: OverlayState = { annotation: null, loading: true, busy: false };
  let generation = 0;
  let readPage: (() => PagePaperInput) | undefined;

  const set = (patch: Partial<OverlayState>) => {
    state = { ...state, ...patch };
    deps.changed();
  };

  async function load(read: () => PagePaperInput, tries = 0) {
    const mine = ++generation;
    const page = read();
    try {
      const annotation = await deps.annotate(page);
      if (mine === generation) set({ annotation, loading: false, error: undefined });
    } catch (err) {
      if (mine !== generation) return;
      set({ loading: false, error: `Paper Lens could not read this page: ${(err as Error).message}` });
      // Asked again a few times (a worker that was stopping while it asked is back within a second), so that
      // the overlay does not keep an error over what storage holds (issue 17's fault suite).
      if (tries < RETRIES) setTimeout(() => mine === generation && void load(read, tries + 1), 500 * 2 ** tries);
    }
  }

  return {
    state: () => state,
    settings: () => settings,
    shown() {
      const a = state.annotation;
      return a ? { ...a, related: a.related.slice(0, settings.relatedCount) } : null;
    },
    async show(arxivId, read) {
      readPage = read;
      // The same paper again (a repair, a settings change) keeps what it showed while it asks.
      set({ loading: true, error: undefined, annotation: state.annotation?.paper.id === arxivId ? state.annotation : null });
      await load(read);
    },
    setSettings(next) {
      settings = next;
      deps.changed();
    },
    toggleCollapsed() {
      settings = { ...settings, collapsed: !settings.collapsed };
      deps.changed();
      deps.saveCollapsed(settings.collapsed);
    },
    async toggleSave() {
      const a = state.annotation;
      if (!a || state.busy) return;
      set({ busy: true });
      try {
        // The worker's answer is the stored state (the first answer to this request id): shown at once,
        // then the whole annotation is read again (issue 17: save → "Saved" within 100 ms at 100,000 papers).
        if (a.saved) await deps.remove(a.paper.id);
        const saved = a.saved ? null : ((await deps.save(paperToSave(a.paper))) as SavedPaper);
        if (state.annotation === a) set({ annotation: { ...a, saved } });
        if (readPage) await load(readPage);
      } catch (err) {
        set({ error: `Could not save: ${(err as Error).message}` });
      } finally {
        set({ busy: false });
      }
    },
    async saveDetails(details) {
      const a = state.annotation;
      if (!a?.saved) return;
      set({ busy: true });
      try {
        const saved = await deps.update(a.paper.id, details);
        set({ annotation: { ...a, saved } });
      } catch (err) {
        set({ error: `Could not save the note: ${(err as Error).message}` });
      } finally {
        set({ busy: false });
      }
    },
    cancel() {
      generation++;
    },
  };
}
