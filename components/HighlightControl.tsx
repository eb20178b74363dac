import { HIGHLIGHT_COLOURS, type HighlightColour } from '@/lib/annotations/types';
import { trusted } from '@/lib/ui/trusted';

/** Props of the control shown next to a selection of paper text. */
export interface HighlightControlProps {
  /** Viewport position of the control (just below the end of the selection). */
  top: number;
  left: number;
  /** Makes a highlight of the selection in `colour`. */
  onHighlight(colour: HighlightColour): void;
}

/**
 * The small "Highlight" control next to the selection (in Paper Lens's shadow
 * root). Pressing a button must not clear the page's selection, so mousedown's
 * default is prevented; the click does the work.
 */
export function HighlightControl(props: HighlightControlProps) {
  const keep = (e: MouseEvent) => e.preventDefault();
  return (
    <div
      class="pl-hl-control"
      data-testid="highlight-selection"
      role="toolbar"
      aria-label="Paper Lens: highlight the selection"
      style={{ top: `${props.top}px`, left: `${props.left}px` }}
    >
      <button
        type="button"
        class="pl-hl-main"
        data-testid="highlight-button"
        title="Highlight (Alt+Shift+H)"
        onMouseDown={keep}
        onClick={trusted(() => props.onHighlight('yellow'))}
      >
        Highlight
      </button>
      {HIGHLIGHT_COLOURS.map((c) => (
        <button
          key={c}
          type="button"
          class={`pl-swatch pl-swatch-${c}`}
          data-colour={c}
          aria-label={`Highlight in ${c}`}
          title={`Highlight in ${c}`}
          onMouseDown={keep}
          onClick={trusted(() => props.onHighlight(c))}
        />
      ))}
    </div>
  );
}
