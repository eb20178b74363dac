import type { ComponentChildren } from 'preact';
import type { ExportFormat } from '@/lib/formats/export';
import type { RelatedView } from '@/lib/messaging/contract';
import type { SavedPaper } from '@/lib/reading-list/list';
import { LIST_PAGE, type ListPage, type ListQuery, type ListSort, type ReadFilter } from '@/lib/reading-list/view';
import { MAX_LIST_PAGE } from '@/lib/messaging/content-requests';
import { RelatedList } from './RelatedList';
import { SavedItem } from './SavedItem';

/** Props of the reading list view. */
export interface SavedViewProps {
  /** The papers shown (sorted and filtered by the worker as `query` says) and the totals. */
  page: ListPage;
  query: ListQuery;
  /** Asks for another page: other controls, or more papers ("Show more"). */
  setQuery(query: ListQuery): void;
  warning?: string;
  backup: { at: number; count: number } | null;
  moreLike: RelatedView[];
  update(id: string, patch: { tags?: string[]; note?: string; read?: boolean }): void;
  remove(paper: SavedPaper): void;
  exportList(format: ExportFormat, tag?: string): void;
  importFile(file: File): void;
  restoreBackup(): void;
  importError: string | null;
  importStatus: string | null;
  /** What a file holds before it is imported, when some entries cannot be read (`ImportPreview`). */
  importPreview?: ComponentChildren;
  open(url: string): void;
}

/** The reading list: sort, filter, edit in place, remove with undo, export and import. */
export function SavedView(props: SavedViewProps) {
  const { page, query } = props;
  const { sort, tag, read } = query;
  const set = (patch: Partial<ListQuery>) => props.setQuery({ ...query, ...patch });
  const setSort = (s: ListSort) => set({ sort: s });
  const setTag = (t: string) => set({ tag: t });
  const setRead = (r: ReadFilter) => set({ read: r });
  const tags = page.tags;
  // "Show more" up to the most one answer holds; past that, the tag and read filters narrow the list.
  const more = Math.min(LIST_PAGE, page.matching - page.papers.length, MAX_LIST_PAGE - query.limit);

  return (
    <div class="saved">
      {props.warning ? (
        <p class="warning" role="alert" data-testid="list-warning">
          {props.warning}
        </p>
      ) : null}
      <SavedControls {...{ sort, setSort, tag, setTag, read, setRead, tags }} />
      <p class="muted" data-testid="saved-count">
        {page.matching} of {page.total} saved papers
      </p>
      <ul class="saved-list">
        {page.papers.map((p) => (
          <SavedItem key={p.id} paper={p} update={props.update} remove={props.remove} open={props.open} />
        ))}
      </ul>
      {more > 0 ? (
        <button type="button" data-testid="saved-more" onClick={() => set({ limit: query.limit + LIST_PAGE })}>
          Show {more} more
        </button>
      ) : page.matching > page.papers.length ? (
        <p class="muted">The first {page.papers.length} are shown: choose a tag or a read state to see others.</p>
      ) : null}
      <h2 class="section">More like your list{tag ? ` (tag ${tag})` : ''}</h2>
      <RelatedList items={props.moreLike} />
      <h2 class="section">Export and import</h2>
      <ExportImport {...props} tag={tag} />
    </div>
  );
}

/** Sort, tag and read-state menus. */
function SavedControls(props: {
  sort: ListSort;
  setSort(s: ListSort): void;
  tag: string;
  setTag(t: string): void;
  read: ReadFilter;
  setRead(r: ReadFilter): void;
  tags: string[];
}) {
  return (
    <div class="controls">
      <label>
        Sort{' '}
        <select data-testid="saved-sort" value={props.sort} onChange={(e) => props.setSort(e.currentTarget.value as ListSort)}>
          <option value="saved">Date saved</option>
          <option value="title">Title</option>
          <option value="year">Year</option>
        </select>
      </label>
      <label>
        Tag{' '}
        <select data-testid="saved-tag" value={props.tag} onChange={(e) => props.setTag(e.currentTarget.value)}>
          <option value="">All</option>
          {props.tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        Show{' '}
        <select data-testid="saved-read" value={props.read} onChange={(e) => props.setRead(e.currentTarget.value as ReadFilter)}>
          <option value="all">All</option>
          <option value="unread">Unread</option>
          <option value="read">Read</option>
        </select>
      </label>
    </div>
  );
}

const EXPORTS: { format: ExportFormat; testId: string; label: string }[] = [
  { format: 'bibtex', testId: 'export-bibtex', label: 'BibTeX' },
  { format: 'markdown', testId: 'export-markdown', label: 'Markdown' },
  { format: 'json', testId: 'export-json', label: 'JSON' },
  { format: 'csl-json', testId: 'export-csl', label: 'CSL-JSON' },
  { format: 'ris', testId: 'export-ris', label: 'RIS' },
  { format: 'web-annotation', testId: 'export-web-annotation', label: 'Highlights (Web Annotation)' },
];

/** Export buttons (of the tag shown, if any), the import box, its outcome and the backup to go back to. */
function ExportImport(props: SavedViewProps & { tag: string }) {
  return (
    <>
      <div class="io">
        {EXPORTS.map((x) => (
          <button
            key={x.format}
            type="button"
            data-testid={x.testId}
            onClick={() => props.exportList(x.format, props.tag || undefined)}
          >
            {x.label}
          </button>
        ))}
        <label class="import">
          Import (.bib, .ris, .json){' '}
          <input
            type="file"
            data-testid="import-file"
            accept=".json,.bib,.bibtex,.ris,application/json,text/plain"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) props.importFile(f);
              e.currentTarget.value = '';
            }}
          />
        </label>
      </div>
      {props.importStatus ? (
        <p class="muted" role="status" data-testid="import-status">
          {props.importStatus}
        </p>
      ) : null}
      {props.importPreview}
      {props.importError ? (
        <p class="error" role="alert" data-testid="import-error">
          {props.importError}
        </p>
      ) : null}
      {props.backup ? (
        <p class="muted">
          Backup from before the last import ({props.backup.count} papers, {new Date(props.backup.at).toLocaleString()}){' '}
          <button type="button" data-testid="restore-backup" onClick={props.restoreBackup}>
            Restore it
          </button>
        </p>
      ) : null}
    </>
  );
}
