/**
 * Annotations: a highlighted passage of a paper with an optional note. They are
 * stored as a field of the saved paper (`SavedPaper.annotations`), so every
 * no-loss guarantee of the reading list (atomic writes, corrupt-data backup,
 * merge on import) applies to them.
 */

/** The highlight colours offered; names, not CSS, so a theme can draw them. */
export const HIGHLIGHT_COLOURS = ['yellow', 'green', 'blue', 'pink'] as const;

/** One of `HIGHLIGHT_COLOURS`. */
export type HighlightColour = (typeof HIGHLIGHT_COLOURS)[number];

/** Which rendering of the paper a highlight was made on; anchoring works across all of them. */
export type Rendering = 'arxiv-html' | 'ar5iv' | 'arxiv-abs' | 'hf-paper';

/**
 * The quote with its context, as the W3C Web Annotation `TextQuoteSelector`.
 * All three are in the text model's terms: whitespace folded, each formula as
 * its TeX (`alttext`), see `lib/annotations/text-model.ts`.
 */
export interface QuoteSelector {
  /** The highlighted text. */
  exact: string;
  /** Up to `CONTEXT_LENGTH` characters just before it. */
  prefix: string;
  /** Up to `CONTEXT_LENGTH` characters just after it. */
  suffix: string;
}

/** Where the highlight is: several selectors, tried in order by `anchorTarget`. */
export interface AnnotationTarget {
  /** The quote and its context. */
  quote: QuoteSelector;
  /** Offsets of the quote in the text model of the page it was made on. */
  position: { start: number; end: number };
  /** Id of the nearest element around the quote's start (LaTeXML paragraphs: `S1.p2`), when there is one. */
  elementId?: string;
  /** Offset of the quote's start from the start of `elementId`'s text. */
  elementOffset?: number;
  /** Paper version (the N of `vN`) the highlight was made on, when the page said. */
  version?: number;
  /** The rendering it was made on. */
  rendering: Rendering;
}

/** A highlight with its note. */
export interface Annotation {
  /** Random id, unique across all papers; merges match annotations by it. */
  id: string;
  /** Where it is. */
  target: AnnotationTarget;
  /** The researcher's note; `''` when none. `\n` line ends, trimmed. */
  note: string;
  /** Highlight colour. */
  colour: HighlightColour;
  /** When it was made (ms since epoch). */
  createdAt: number;
  /** When it was last edited (ms since epoch); a merge keeps the copy edited last. */
  updatedAt: number;
}

/** How a highlight was found on the page; `null` from the anchorer means an orphan. */
export type AnchorMethod = 'position' | 'element' | 'exact' | 'fuzzy';

/** A highlight found in a text model. */
export interface Anchor {
  /** Start offset in the model's text. */
  start: number;
  /** End offset (exclusive). */
  end: number;
  /** Which selector found it. */
  method: AnchorMethod;
}

/** The `commands` name of the highlight shortcut (`Alt+Shift+H`, wxt.config.ts). */
export const HIGHLIGHT_COMMAND = 'highlight-selection';

/**
 * What the worker sends the active tab for `HIGHLIGHT_COMMAND`: content scripts
 * do not receive `commands.onCommand`, so the worker relays it.
 */
export const HIGHLIGHT_COMMAND_MESSAGE = 'paper-lens/highlight-selection';
