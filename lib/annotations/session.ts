/**
 * The highlights of one open paper page: the text model, where each annotation
 * anchors, and drawing them with the CSS Custom Highlight API (Chrome 105+,
 * Firefox 140+) under the name `paper-lens`. Drawing adds no element and
 * changes no text node, so the page's own scripts and re-renders cannot break
 * it and removing a highlight leaves no trace. Takes a `Window` (a content
 * script passes its own; tests can pass jsdom's, which lacks only drawing).
 */
import { anchorTarget, describeRange } from './anchor';
import { annotationRoot, versionOfUrl } from './roots';
import { buildTextModel, offsetsToRange, rangeToOffsets, type TextModel } from './text-model';
import { HIGHLIGHT_COLOURS, type Anchor, type Annotation, type AnnotationTarget, type Rendering } from './types';

/** The highlight name every anchored range is registered under (a public test hook). */
export const HIGHLIGHT_NAME = 'paper-lens';

/** Colours drawn with CSS: the page's text stays readable in light and dark pages alike. */
const COLOUR_CSS: Record<string, string> = {
  yellow: 'rgb(255 226 64 / 55%)',
  green: 'rgb(110 220 110 / 50%)',
  blue: 'rgb(100 170 255 / 45%)',
  pink: 'rgb(255 120 190 / 45%)',
};

interface HighlightRegistry {
  set(name: string, h: unknown): void;
  delete(name: string): void;
}

type HighlightCtor = new (...ranges: Range[]) => { priority: number };

function registry(win: Window): { reg: HighlightRegistry; Highlight: HighlightCtor } | null {
  const css = (win as unknown as { CSS?: { highlights?: HighlightRegistry } }).CSS;
  const Highlight = (win as unknown as { Highlight?: HighlightCtor }).Highlight;
  return css?.highlights && Highlight ? { reg: css.highlights, Highlight } : null;
}

/** The `::highlight()` styles, as one constructed sheet adopted by the document (no element added). */
function styleText(): string {
  return [
    `::highlight(${HIGHLIGHT_NAME}) { background-color: ${COLOUR_CSS.yellow}; }`,
    ...HIGHLIGHT_COLOURS.filter((c) => c !== 'yellow').map(
      (c) => `::highlight(${HIGHLIGHT_NAME}-${c}) { background-color: ${COLOUR_CSS[c]}; }`,
    ),
  ].join('\n');
}

function adoptStyles(doc: Document): void {
  const win = doc.defaultView as (Window & { CSSStyleSheet: typeof CSSStyleSheet }) | null;
  if (!win) return;
  const marker = '/* paper-lens highlights */';
  try {
    if (doc.adoptedStyleSheets.some((s) => s.cssRules[0]?.cssText.includes(`highlight(${HIGHLIGHT_NAME})`))) return;
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(styleText());
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } catch {
    // Firefox's content scripts cannot hand a sheet to the page's adoptedStyleSheets (Xray
    // wrappers refuse the array): a <style> in <head> instead, which touches no page content.
    if ([...doc.querySelectorAll('style[data-paper-lens]')].some((s) => s.textContent?.startsWith(marker))) return;
    const style = doc.createElement('style');
    style.setAttribute('data-paper-lens', 'highlights');
    style.textContent = `${marker}\n${styleText()}`;
    (doc.head ?? doc.documentElement).append(style);
  }
}

/** One annotation with where it is on this page. */
export interface AnchoredAnnotation {
  annotation: Annotation;
  /** `null`: not found on this page (an orphan). */
  anchor: Anchor | null;
  range?: Range;
}

/** The highlights of one page. */
export interface HighlightSession {
  /** The page's rendering, when it shows annotatable content. */
  rendering(): Rendering | null;
  /** Replaces the annotations, re-anchors and redraws. */
  setAnnotations(list: readonly Annotation[]): AnchoredAnnotation[];
  /** Reads the page again (after a re-render) and re-anchors everything. */
  reanchor(): AnchoredAnnotation[];
  /** Where each annotation is now. */
  anchored(): AnchoredAnnotation[];
  /** Selectors for the current selection, if it covers paper text. */
  selectionTarget(): AnnotationTarget | null;
  /** The current selection's range, if it covers paper text. */
  selectionRange(): Range | null;
  /** Removes every drawn highlight. */
  clear(): void;
  /** Whether a node is inside the annotatable content (the MutationObserver's filter). */
  contains(node: Node): boolean;
}

/** Starts the highlights of the page in `win` at `url`. */
export function createHighlightSession(win: Window, url: URL): HighlightSession {
  const doc = win.document;
  let model: TextModel | null = null;
  let rendering: Rendering | null = null;
  let annotations: readonly Annotation[] = [];
  let state: AnchoredAnnotation[] = [];

  const read = (): void => {
    const found = annotationRoot(doc, url);
    model = found ? buildTextModel(found.root) : null;
    rendering = found?.rendering ?? null;
  };

  const draw = (): void => {
    const r = registry(win);
    if (!r) return;
    const ranges = state.filter((s) => s.range);
    if (ranges.length) adoptStyles(doc);
    if (ranges.length) r.reg.set(HIGHLIGHT_NAME, new r.Highlight(...ranges.map((s) => s.range!)));
    else r.reg.delete(HIGHLIGHT_NAME);
    for (const c of HIGHLIGHT_COLOURS) {
      if (c === 'yellow') continue;
      const mine = ranges.filter((s) => s.annotation.colour === c).map((s) => s.range!);
      if (!mine.length) {
        r.reg.delete(`${HIGHLIGHT_NAME}-${c}`);
        continue;
      }
      const h = new r.Highlight(...mine);
      h.priority = 1;
      r.reg.set(`${HIGHLIGHT_NAME}-${c}`, h);
    }
  };

  const anchorAll = (): AnchoredAnnotation[] => {
    state = annotations.map((annotation) => {
      const anchor = model ? anchorTarget(model, annotation.target) : null;
      return { annotation, anchor, range: anchor && model ? offsetsToRange(model, anchor) : undefined };
    });
    draw();
    return state;
  };

  const selected = (): Range | null => {
    const sel = win.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    if (!model || !model.root.isConnected) read();
    if (!model) return null;
    const range = sel.getRangeAt(0);
    if (!model.root.contains(range.commonAncestorContainer) && !range.intersectsNode(model.root)) return null;
    return range;
  };

  read();
  return {
    rendering: () => rendering,
    setAnnotations(list) {
      annotations = list;
      if (!model || !model.root.isConnected) read();
      return anchorAll();
    },
    reanchor() {
      read();
      return anchorAll();
    },
    anchored: () => state,
    selectionRange: selected,
    selectionTarget() {
      const range = selected();
      if (!range || !model || !rendering) return null;
      // A selection running past the content is clipped to it.
      const clipped = range.cloneRange();
      if (!model.root.contains(clipped.startContainer)) clipped.setStart(model.root, 0);
      if (!model.root.contains(clipped.endContainer)) clipped.setEnd(model.root, model.root.childNodes.length);
      const off = rangeToOffsets(model, clipped);
      if (!off) return null;
      const version = versionOfUrl(url);
      return describeRange(model, off.start, off.end, { rendering, ...(version ? { version } : {}) });
    },
    clear() {
      annotations = [];
      state = [];
      draw();
    },
    contains: (node) => !!model && (model.root.contains(node) || node.contains(model.root)),
  };
}
