import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ExportFormat } from '@/lib/formats/export';
import type { RelatedView } from '@/lib/messaging/contract';
import type { SavedPaper } from '@/lib/reading-list/list';
import { distinctTags, hasTag, parseTags } from '@/lib/core/tags';
import { formatAuthors } from './Overlay';
import { RelatedList } from './RelatedList';

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
  open(url: string): void;
}

type Sort = 'saved' | 'title' | 'year';
const PAGE = 50;

/** Sorts and filters the list as the controls say. */
export function visiblePapers(papers: SavedPaper[], sort: Sort, tag: string, read: 'all' | 'read' | 'unread'): SavedPaper[] {
  const out = papers.filter((p) => (!tag || hasTag(p.tags, tag)) && (read === 'all' || p.read === (read === 'read')));
  const cmp: Record<Sort, (a: SavedPaper, b: SavedPaper) => number> = {
    saved: (a, b) => b.savedAt - a.savedAt,
    title: (a, b) => a.title.localeCompare(b.title),
    year: (a, b) => (b.year ?? 0) - (a.year ?? 0) || b.savedAt - a.savedAt,
  };
  return out.sort(cmp[sort]);
}

/** The reading list: sort, filter, edit in place, remove with undo, export and import. */
export function SavedView(props: SavedViewProps) {
  const [sort, setSort] = useState<Sort>('saved');
  const [tag, setTag] = useState('');
  const [read, setRead] = useState<'all' | 'read' | 'unread'>('all');
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
      <div class="controls">
        <label>
          Sort{' '}
          <select data-testid="saved-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
            <option value="saved">Date saved</option>
            <option value="title">Title</option>
            <option value="year">Year</option>
          </select>
        </label>
        <label>
          Tag{' '}
          <select data-testid="saved-tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)}>
            <option value="">All</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Show{' '}
          <select data-testid="saved-read" value={read} onChange={(e) => setRead(e.currentTarget.value as 'all')}>
            <option value="all">All</option>
            <option value="unread">Unread</option>
            <option value="read">Read</option>
          </select>
        </label>
      </div>
      <p class="muted" data-testid="saved-count">
        {visible.length} of {props.papers.length} saved papers
      </p>
      <ul class="saved-list">
        {visible.slice(0, shown).map((p) => (
          <SavedItem key={p.id} paper={p} {...props} />
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
      <div class="io">
        <button type="button" data-testid="export-bibtex" onClick={() => props.exportList('bibtex', tag || undefined)}>
          BibTeX
        </button>
        <button type="button" data-testid="export-markdown" onClick={() => props.exportList('markdown', tag || undefined)}>
          Markdown
        </button>
        <button type="button" data-testid="export-json" onClick={() => props.exportList('json', tag || undefined)}>
          JSON
        </button>
        <button type="button" data-testid="export-csl" onClick={() => props.exportList('csl-json', tag || undefined)}>
          CSL-JSON
        </button>
        <label class="import">
          Import (.json, .bib){' '}
          <input
            type="file"
            data-testid="import-file"
            accept=".json,.bib,.bibtex,application/json,text/plain"
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
    </div>
  );
}

function SavedItem(props: SavedViewProps & { paper: SavedPaper }) {
  const p = props.paper;
  const [tags, setTags] = useState(p.tags.join(', '));
  const [note, setNote] = useState(p.note);
  // Optimistic: the box follows the click at once, and the stored state once the worker answers.
  const [read, setRead] = useState(p.read);
  useEffect(() => setRead(p.read), [p.read]);
  const url = p.links.abs ?? p.links.hf ?? p.links.pdf;
  return (
    <li class={`saved-item ${p.read ? 'is-read' : ''}`} data-testid="saved-item" data-paper-id={p.id}>
      <div class="title">
        {url ? (
          <a
            href={url}
            onClick={(e) => {
              e.preventDefault();
              props.open(url);
            }}
          >
            {p.title}
          </a>
        ) : (
          p.title
        )}
      </div>
      <div class="meta">
        {formatAuthors(p.authors)}
        {p.year ? ` · ${p.year}` : ''} · saved {new Date(p.savedAt).toLocaleDateString()}
      </div>
      <div class="row">
        <label class="inline">
          <input
            type="checkbox"
            data-testid="saved-read-toggle"
            checked={read}
            onChange={(e) => {
              setRead(e.currentTarget.checked);
              props.update(p.id, { read: e.currentTarget.checked });
            }}
          />{' '}
          Read
        </label>
        <label class="grow">
          <span class="sr-only">Tags of {p.title}</span>
          <input
            data-testid="saved-tags"
            placeholder="tags, comma separated"
            value={tags}
            onInput={(e) => setTags(e.currentTarget.value)}
            onBlur={() => tags !== p.tags.join(', ') && props.update(p.id, { tags: parseTags(tags) })}
            onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
          />
        </label>
        <button
          type="button"
          class="remove"
          data-testid="saved-remove"
          aria-label={`Remove ${p.title}`}
          onClick={() => props.remove(p)}
        >
          Remove
        </button>
      </div>
      <label>
        <span class="sr-only">Note on {p.title}</span>
        <textarea
          data-testid="saved-note"
          rows={2}
          placeholder="Note"
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
          onBlur={() => note !== p.note && props.update(p.id, { note })}
        />
      </label>
    </li>
  );
}
