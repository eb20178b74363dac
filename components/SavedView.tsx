import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { distinctTags } from '@/lib/core/tags';
import type { ExportFormat } from '@/lib/formats/export';
import type { RelatedView } from '@/lib/messaging/contract';
import type { SavedPaper } from '@/lib/reading-list/list';
import { visiblePapers, type ListSort, type ReadFilter } from '@/lib/ui/papers';
import { RelatedList } from './RelatedList';
import { SavedItem } from './SavedItem';

/** Props of the reading list view. */
export interface SavedViewProps {
  papers: SavedPaper[];
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

const PAGE = 50;

/** The reading list: sort, filter, edit in place, remove with undo, export and import. */
export function SavedView(props: SavedViewProps) {
  const [sort, setSort] = useState<ListSort>('saved');
  const [tag, setTag] = useState('');
  const [read, setRead] = useState<ReadFilter>('all');
  const [shown, setShown] = useState(PAGE);
  const tags = useMemo(() => distinctTags(props.papers.map((p) => p.tags)), [props.papers]);
  const visible = useMemo(() => visiblePapers(props.papers, sort, tag, read), [props.papers, sort, tag, read]);

  return (
    <div class="saved">
      {props.warning ? (
        <p class="warning" role="alert" data-testid="list-warning">
          {props.warning}
        </p>
      ) : null}
      <SavedControls {...{ sort, setSort, tag, setTag, read, setRead, tags }} />
      <p class="muted" data-testid="saved-count">
        {visible.length} of {props.papers.length} saved papers
      </p>
      <ul class="saved-list">
        {visible.slice(0, shown).map((p) => (
          <SavedItem key={p.id} paper={p} update={props.update} remove={props.remove} open={props.open} />
        ))}
      </ul>
      {visible.length > shown ? (
        <button type="button" data-testid="saved-more" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, visible.length - shown)} more
        </button>
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
