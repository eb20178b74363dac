import { useState } from 'preact/hooks';
import type { ExportFormat } from '@/lib/formats/export';
import type { PageAnnotation, PaperInput, Replies, RelatedView } from '@/lib/messaging/contract';
import { paperToSave, type SavedPaper } from '@/lib/reading-list/list';
import type { ListPage, ListQuery } from '@/lib/reading-list/view';
import { CurrentPaper } from './CurrentPaper';
import { ImportPreview } from './ImportPreview';
import { SavedView } from './SavedView';
import { SearchView } from './SearchView';
import { useImport, usePopupData } from './use-popup';

/** Everything the popup needs from the extension, as callbacks (no browser.* here). */
export interface PopupApi {
  search(query: string): Promise<Replies['search']>;
  currentPaper(): Promise<PageAnnotation | null>;
  /** One page of the list, as the controls say, with its totals. */
  getList(query: ListQuery): Promise<Replies['listGet']>;
  save(paper: PaperInput): Promise<unknown>;
  remove(id: string): Promise<SavedPaper | null>;
  restore(paper: SavedPaper): Promise<unknown>;
  update(id: string, patch: { tags?: string[]; note?: string; read?: boolean }): Promise<unknown>;
  exportList(format: ExportFormat, tag?: string): Promise<void>;
  /** Reads a file without changing anything (`listImportPreview`). */
  previewImport(file: File): Promise<Replies['listImportPreview']>;
  /** Imports a file; `anyway` imports the readable entries of a file that has bad ones. */
  importFile(file: File, anyway: boolean): Promise<Replies['listImport']>;
  restoreBackup(): Promise<Replies['listRestoreBackup']>;
  moreLikeList(): Promise<RelatedView[]>;
  open(url: string): void;
  /** Calls `onChange` whenever the stored list changed (another tab, a restarted worker); returns the unsubscribe. */
  watchList?(onChange: () => void): () => void;
}

type PopupTab = 'search' | 'saved';

/** What the list shows before its first answer. */
const EMPTY: ListPage = { papers: [], matching: 0, total: 0, tags: [], recent: [] };

/** The popup: search, the current tab's paper, the reading list. */
export function Popup({ api, initialTab }: { api: PopupApi; initialTab: PopupTab }) {
  const [tab, setTab] = useState(initialTab);
  const [undo, setUndo] = useState<SavedPaper | null>(null);
  const data = usePopupData(api);
  const imports = useImport(api, data.reload);
  const { current, act } = data;
  const list = data.list;

  const toggleCurrent = () =>
    current &&
    act(async () => {
      if (current.saved) await api.remove(current.paper.id);
      else await api.save(paperToSave(current.paper));
    });

  return (
    <main class="popup">
      <PopupHeader tab={tab} saved={list?.total ?? 0} onTab={setTab} />
      {data.error ? (
        <p class="error" role="alert">
          {data.error}
        </p>
      ) : null}
      {undo ? (
        <UndoBar
          paper={undo}
          onUndo={() => {
            setUndo(null);
            void act(() => api.restore(undo));
          }}
        />
      ) : null}
      {tab === 'search' ? (
        <SearchView search={api.search} recent={list?.recent ?? []} open={api.open} loading={data.loading}>
          {current ? <CurrentPaper annotation={current} busy={data.busy} onToggleSave={() => void toggleCurrent()} /> : null}
        </SearchView>
      ) : (
        <SavedView
          page={list ?? EMPTY}
          query={data.query}
          setQuery={data.setQuery}
          warning={list?.warning}
          backup={list?.backup ?? null}
          moreLike={data.moreLike}
          update={(id, patch) => void act(() => api.update(id, patch))}
          remove={(p) =>
            void act(async () => {
              await api.remove(p.id);
              setUndo(p);
            })
          }
          exportList={(format, tag) => void api.exportList(format, tag).catch((e: Error) => data.setError(e.message))}
          importFile={imports.importFile}
          restoreBackup={() => void act(() => api.restoreBackup())}
          importError={imports.importError}
          importStatus={imports.importStatus}
          importPreview={
            imports.preview ? (
              <ImportPreview
                filename={imports.preview.file.name}
                preview={imports.preview.preview}
                onImport={imports.importAnyway}
                onCancel={imports.cancelImport}
              />
            ) : null
          }
          open={api.open}
        />
      )}
    </main>
  );
}

/** The title and the two tabs. */
function PopupHeader(props: { tab: PopupTab; saved: number; onTab(tab: PopupTab): void }) {
  return (
    <header class="top">
      <h1>Paper Lens</h1>
      <nav role="tablist" aria-label="Views">
        <button
          type="button"
          role="tab"
          aria-selected={props.tab === 'search'}
          data-testid="tab-search"
          onClick={() => props.onTab('search')}
        >
          Search
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={props.tab === 'saved'}
          data-testid="tab-saved"
          onClick={() => props.onTab('saved')}
        >
          Reading list ({props.saved})
        </button>
      </nav>
    </header>
  );
}

/** "Removed …. Undo" after a removal. */
function UndoBar(props: { paper: SavedPaper; onUndo(): void }) {
  return (
    <p class="undo" role="status" data-testid="undo-bar">
      Removed “{props.paper.title}”.{' '}
      <button type="button" data-testid="undo-remove" onClick={props.onUndo}>
        Undo
      </button>
    </p>
  );
}
