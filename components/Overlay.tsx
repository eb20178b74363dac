import type { PageAnnotation } from '@/lib/messaging/contract';
import { parseTags } from '@/lib/core/tags';
import { formatAuthors } from '@/lib/ui/papers';
import { trusted } from '@/lib/ui/trusted';
import { AnnotationList, type AnnotationListProps } from './AnnotationList';
import { PaperLinks } from './PaperLinks';
import { RelatedList } from './RelatedList';
import { useDraft } from './use-draft';

/** Props of the overlay on a paper page. */
export interface OverlayProps {
  annotation: PageAnnotation | null;
  /** The worker is still answering (first load, or a restart). */
  loading: boolean;
  error?: string;
  collapsed: boolean;
  /** Where related links go: the arXiv page on arXiv, the Hugging Face page there. */
  linkTo: 'abs' | 'hf';
  busy?: boolean;
  onToggleCollapsed(): void;
  onToggleSave(): void;
  onSaveDetails(details: { tags: string[]; note: string; read: boolean }): void;
  /** The page's highlights, on pages whose text can be highlighted (entrypoints/paper.content/highlights.ts). */
  highlights?: AnnotationListProps;
}

/** The Paper Lens overlay: collection state, links, related papers, save, notes and tags. */
export function Overlay(props: OverlayProps) {
  const { annotation: a, collapsed } = props;
  const state = a?.state ?? 'nomatch';
  const saved = a?.saved ?? null;
  const held = a?.sources?.length ? ` · ${a.sources.join(', ')}` : '';
  const status = props.loading ? 'Loading…' : a?.state === 'match' ? `In your collection${held}` : 'Not in your collection';
  return (
    <section
      class={`pl-overlay ${collapsed ? 'pl-collapsed' : ''}`}
      data-testid="overlay"
      data-state={state}
      data-paper-id={a?.paper.id ?? ''}
      aria-label="Paper Lens"
    >
      <header class="pl-head">
        <button
          type="button"
          class="pl-brand"
          data-testid="overlay-collapse"
          aria-expanded={!collapsed}
          title={collapsed ? 'Show Paper Lens' : 'Collapse Paper Lens'}
          onClick={trusted(() => props.onToggleCollapsed())}
        >
          <span aria-hidden="true">{collapsed ? '▸' : '▾'}</span> Paper Lens
        </button>
        <span class={`pl-status pl-${state}`} data-testid="overlay-status" role="status">
          {status}
          {saved ? ' · saved' : ''}
        </span>
      </header>
      {collapsed ? null : props.error ? (
        <p class="pl-error" role="alert">
          {props.error}
        </p>
      ) : a ? (
        <OverlayBody {...props} annotation={a} />
      ) : (
        <p class="pl-muted">Paper Lens is loading its index…</p>
      )}
    </section>
  );
}

function OverlayBody(props: OverlayProps & { annotation: PageAnnotation }) {
  const a = props.annotation;
  const saved = a.saved;
  return (
    <div class="pl-body">
      <h2 class="pl-title" data-testid="overlay-title">
        {a.paper.title}
      </h2>
      <p class="pl-meta">
        {a.paper.authors.length ? <span>{formatAuthors(a.paper.authors)}</span> : null}
        {a.paper.year ? <span> · {a.paper.year}</span> : null}
        {a.by === 'title' ? <span class="pl-muted"> · matched by title</span> : null}
      </p>
      <PaperLinks links={a.paper.links} />
      <div class="pl-actions">
        <button
          type="button"
          class="pl-save"
          data-testid="save-toggle"
          aria-pressed={saved ? 'true' : 'false'}
          disabled={props.busy}
          onClick={trusted(() => props.onToggleSave())}
        >
          {saved ? '★ Saved' : '☆ Save to reading list'}
        </button>
      </div>
      {saved ? <SavedDetails key={saved.id} saved={saved} onSave={props.onSaveDetails} busy={props.busy} /> : null}
      {props.highlights ? <AnnotationList {...props.highlights} /> : null}
      <h3 class="pl-sub">Related in your collection</h3>
      <RelatedList items={a.related} linkTo={props.linkTo} />
    </div>
  );
}

function SavedDetails(props: {
  saved: NonNullable<PageAnnotation['saved']>;
  busy?: boolean;
  onSave(d: { tags: string[]; note: string; read: boolean }): void;
}) {
  // Drafts, not copies: the overlay reads its paper again after any change to the list (a save in
  // another tab, an import), and what the user is typing must survive that (lib/ui/draft.ts).
  const storedTags = props.saved.tags.join(', ');
  const [tags, setTags] = useDraft(storedTags);
  const [note, setNote] = useDraft(props.saved.note);
  const [read, setRead] = useDraft(props.saved.read);
  const dirty = tags !== storedTags || note !== props.saved.note || read !== props.saved.read;
  const save = () => {
    const cleaned = parseTags(tags);
    // Shown as it will be stored ("a,b" → "a, b"), so the saved answer finds the field unedited.
    setTags(cleaned.join(', '));
    props.onSave({ tags: cleaned, note, read });
  };
  return (
    <div class="pl-details">
      <label>
        Tags{' '}
        <input
          data-testid="overlay-tags"
          value={tags}
          onInput={(e) => setTags(e.currentTarget.value)}
          placeholder="comma, separated"
        />
      </label>
      <label>
        Note
        <textarea data-testid="overlay-note" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <label class="pl-inline">
        <input type="checkbox" data-testid="overlay-read" checked={read} onChange={(e) => setRead(e.currentTarget.checked)} />{' '}
        Read
      </label>
      <button type="button" data-testid="overlay-save-details" disabled={!dirty || props.busy} onClick={trusted(save)}>
        Save notes and tags
      </button>
    </div>
  );
}
