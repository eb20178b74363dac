import { useCallback, useEffect, useState } from 'preact/hooks';
import type { PageAnnotation, PaperInput, Replies, RelatedView } from '@/lib/messaging/contract';
import type { ExportFormat } from '@/lib/formats/export';
import { paperToSave, type SavedPaper } from '@/lib/reading-list/list';
import { CurrentPaper } from './CurrentPaper';
import { SavedView } from './SavedView';
import { SearchView } from './SearchView';

/** Everything the popup needs from the extension, as callbacks (no browser.* here). */
export interface PopupApi {
  search(query: string): Promise<Replies['search']>;
  currentPaper(): Promise<PageAnnotation | null>;
  getList(): Promise<Replies['listGet']>;
  save(paper: PaperInput): Promise<unknown>;
  remove(id: string): Promise<SavedPaper | null>;
  restore(paper: SavedPaper): Promise<unknown>;
  update(id: string, patch: { tags?: string[]; note?: string; read?: boolean }): Promise<unknown>;
  exportList(format: ExportFormat, tag?: string): Promise<void>;
  importFile(file: File): Promise<Replies['listImport']>;
  restoreBackup(): Promise<Replies['listRestoreBackup']>;
  moreLikeList(): Promise<RelatedView[]>;
  open(url: string): void;
}

/** The popup: search, the current tab's paper, the reading list. */
export function Popup({ api, initialTab }: { api: PopupApi; initialTab: 'search' | 'saved' }) {
  const [tab, setTab] = useState(initialTab);
  const [list, setList] = useState<Replies['listGet'] | null>(null);
  const [current, setCurrent] = useState<PageAnnotation | null>(null);
  const [moreLike, setMoreLike] = useState<RelatedView[]>([]);
  const [busy, setBusy] = useState(false);
  const [undo, setUndo] = useState<SavedPaper | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [importStatus, setImportStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    try {
      const [l, c, m] = await Promise.all([api.getList(), api.currentPaper(), api.moreLikeList()]);
      setList(l);
      setCurrent(c);
      setMoreLike(m);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      await reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const toggleCurrent = () =>
    current &&
    act(async () => {
      if (current.saved) await api.remove(current.paper.id);
      else await api.save(paperToSave(current.paper));
    });

  const papers = list?.papers ?? [];
  const recent = [...papers].sort((a, b) => b.savedAt - a.savedAt).slice(0, 5);

  return (
    <main class="popup">
      <header class="top">
        <h1>Paper Lens</h1>
        <nav role="tablist" aria-label="Views">
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'search'}
            data-testid="tab-search"
            onClick={() => setTab('search')}
          >
            Search
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'saved'}
            data-testid="tab-saved"
            onClick={() => setTab('saved')}
          >
            Reading list ({papers.length})
          </button>
        </nav>
      </header>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {undo ? (
        <p class="undo" role="status" data-testid="undo-bar">
          Removed “{undo.title}”.{' '}
          <button
            type="button"
            data-testid="undo-remove"
            onClick={() => {
              const p = undo;
              setUndo(null);
              void act(() => api.restore(p));
            }}
          >
            Undo
          </button>
        </p>
      ) : null}
      {tab === 'search' ? (
        <SearchView search={api.search} recent={recent} open={api.open} loading={loading}>
          {current ? <CurrentPaper annotation={current} busy={busy} onToggleSave={() => void toggleCurrent()} /> : null}
        </SearchView>
      ) : (
        <SavedView
          papers={papers}
          warning={list?.warning}
          backup={list?.backup ?? null}
          moreLike={moreLike}
          update={(id, patch) => void act(() => api.update(id, patch))}
          remove={(p) =>
            void act(async () => {
              await api.remove(p.id);
              setUndo(p);
            })
          }
          exportList={(format, tag) => void api.exportList(format, tag).catch((e: Error) => setError(e.message))}
          importFile={(file) => {
            setImportError(null);
            setImportStatus(`Importing ${file.name}…`);
            void api.importFile(file).then(
              (r) => {
                setImportStatus(`Imported ${file.name}: ${r.added} added, ${r.updated} merged; ${r.total} papers in the list.`);
                void reload();
              },
              (e: Error) => {
                setImportStatus(null);
                setImportError(`Import of ${file.name} failed, nothing was changed: ${e.message}`);
              },
            );
          }}
          restoreBackup={() => void act(() => api.restoreBackup())}
          importError={importError}
          importStatus={importStatus}
          open={api.open}
        />
      )}
    </main>
  );
}
