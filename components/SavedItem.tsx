import { parseTags } from '@/lib/core/tags';
import type { SavedPaper } from '@/lib/reading-list/list';
import { formatAuthors, paperUrl } from '@/lib/ui/papers';
import { useDraft } from './use-draft';

/** Props of one paper on the reading list. */
export interface SavedItemProps {
  paper: SavedPaper;
  update(id: string, patch: { tags?: string[]; note?: string; read?: boolean }): void;
  remove(paper: SavedPaper): void;
  open(url: string): void;
}

/** One saved paper: its link, read box, tags and note edited in place, remove. */
export function SavedItem(props: SavedItemProps) {
  const p = props.paper;
  // Drafts over the stored row (lib/ui/draft.ts): an edit in another tab shows here unless this row is
  // being edited, and a stale box is never written back over it on blur.
  const storedTags = p.tags.join(', ');
  const [tags, setTags] = useDraft(storedTags);
  const [note, setNote] = useDraft(p.note);
  // Optimistic: the box follows the click at once, and the stored state once the worker answers.
  const [read, setRead] = useDraft(p.read);
  const saveTags = () => {
    if (tags === storedTags) return;
    const cleaned = parseTags(tags);
    setTags(cleaned.join(', '));
    props.update(p.id, { tags: cleaned });
  };
  return (
    <li class={`saved-item ${p.read ? 'is-read' : ''}`} data-testid="saved-item" data-paper-id={p.id}>
      <div class="title">
        <TitleLink title={p.title} url={paperUrl(p.links)} open={props.open} />
      </div>
      <div class="meta">
        {formatAuthors(p.authors)}
        {p.year ? ` · ${p.year}` : ''} · saved {new Date(p.savedAt).toLocaleDateString()}
        {p.annotations?.length ? (
          <span data-testid="saved-annotation-count">
            {' '}
            · {p.annotations.length} highlight{p.annotations.length === 1 ? '' : 's'}
          </span>
        ) : null}
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
            onBlur={saveTags}
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

/** The title, as a link that opens in a tab when the paper has a page. */
function TitleLink(props: { title: string; url?: string; open(url: string): void }) {
  const { url } = props;
  if (!url) return <>{props.title}</>;
  return (
    <a
      href={url}
      onClick={(e) => {
        e.preventDefault();
        props.open(url);
      }}
    >
      {props.title}
    </a>
  );
}
