import { useDraft } from './use-draft';
import { HIGHLIGHT_COLOURS, type Annotation, type HighlightColour } from '@/lib/annotations/types';
import { trusted } from '@/lib/ui/trusted';

/** One highlight as the overlay lists it. */
export interface AnnotationItemView {
  annotation: Annotation;
  /** Found on this page (false: an orphan, listed with its quote and note). */
  anchored: boolean;
}

/** Props of the overlay's list of highlights. */
export interface AnnotationListProps {
  items: AnnotationItemView[];
  busy?: boolean;
  /** How long finding them on this page took (ms; shown to tests as data-anchor-ms). */
  anchorMs?: number;
  onJump(id: string): void;
  onNote(id: string, note: string): void;
  onColour(id: string, colour: HighlightColour): void;
  onRemove(id: string): void;
  /** Copies the paper's highlights as Markdown. */
  onCopyMarkdown?(): void;
}

/** The paper's highlights: quote, colour, note edited in place, jump to it; orphans marked. */
export function AnnotationList(props: AnnotationListProps) {
  const orphans = props.items.filter((i) => !i.anchored).length;
  return (
    <section
      class="pl-annotations"
      data-testid="annotation-list"
      data-anchor-ms={props.anchorMs === undefined ? undefined : props.anchorMs.toFixed(1)}
      aria-label="Highlights"
    >
      <h3 class="pl-sub">
        Highlights ({props.items.length}){orphans ? <span class="pl-muted"> · {orphans} not found on this version</span> : null}
      </h3>
      {props.items.length === 0 ? (
        <p class="pl-muted">Select text of the paper and press Highlight (Alt+Shift+H).</p>
      ) : (
        <ul class="pl-annotation-items">
          {props.items.map((item) => (
            <AnnotationItem key={item.annotation.id} {...props} item={item} />
          ))}
        </ul>
      )}
      {props.items.length && props.onCopyMarkdown ? (
        <button type="button" data-testid="annotations-copy-markdown" onClick={trusted(() => props.onCopyMarkdown!())}>
          Copy as Markdown
        </button>
      ) : null}
    </section>
  );
}

function AnnotationItem(props: AnnotationListProps & { item: AnnotationItemView }) {
  const { annotation: a, anchored } = props.item;
  const [note, setNote] = useDraft(a.note);
  const commit = () => {
    if (note.trim() !== a.note) props.onNote(a.id, note);
  };
  return (
    <li
      class={`pl-annotation pl-hl-${a.colour}`}
      data-testid="annotation-item"
      data-anchored={anchored ? 'true' : 'false'}
      data-note={a.note}
      data-id={a.id}
    >
      <blockquote class="pl-quote">{a.target.quote.exact}</blockquote>
      {anchored ? null : (
        <p class="pl-orphan" data-testid="annotation-orphan">
          Not found on this version of the page; kept with its note.
        </p>
      )}
      <label class="pl-annotation-note">
        <span class="pl-visually-hidden">Note</span>
        <textarea
          data-testid="annotation-note"
          rows={2}
          placeholder="Add a note"
          value={note}
          disabled={props.busy}
          onInput={(e) => setNote(e.currentTarget.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commit();
          }}
        />
      </label>
      <div class="pl-annotation-actions">
        <button type="button" data-testid="annotation-jump" disabled={!anchored} onClick={trusted(() => props.onJump(a.id))}>
          Show
        </button>
        <label>
          <span class="pl-visually-hidden">Colour</span>
          <select
            data-testid="annotation-colour"
            value={a.colour}
            onChange={(e) => props.onColour(a.id, e.currentTarget.value as HighlightColour)}
          >
            {HIGHLIGHT_COLOURS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="annotation-remove" onClick={trusted(() => props.onRemove(a.id))}>
          Remove
        </button>
      </div>
    </li>
  );
}
