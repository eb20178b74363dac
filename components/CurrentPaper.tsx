import type { PageAnnotation } from '@/lib/messaging/contract';
import { formatAuthors } from '@/lib/ui/papers';
import { RelatedList } from './RelatedList';

/** The current tab's paper at the top of the popup. */
export function CurrentPaper(props: { annotation: PageAnnotation; busy?: boolean; onToggleSave(): void }) {
  const a = props.annotation;
  return (
    <section
      class="current"
      data-testid="current-paper"
      data-paper-id={a.paper.id}
      data-state={a.state}
      aria-label="This tab's paper"
    >
      <div class="current-head">
        <span class={`status ${a.state}`}>{a.state === 'match' ? 'In your collection' : 'Not in your collection'}</span>
        <button
          type="button"
          class="save"
          data-testid="save-toggle"
          aria-pressed={a.saved ? 'true' : 'false'}
          disabled={props.busy}
          onClick={props.onToggleSave}
        >
          {a.saved ? '★ Saved' : '☆ Save'}
        </button>
      </div>
      <div class="title">{a.paper.title}</div>
      <div class="meta">
        {formatAuthors(a.paper.authors)}
        {a.paper.year ? ` · ${a.paper.year}` : ''}
      </div>
      <h2 class="section">Related</h2>
      <RelatedList items={a.related} />
    </section>
  );
}
