/**
 * The text model of a paper's content: one string the anchorer searches, with
 * a map back to the page's DOM. Three rules make it stable across renderings
 * and re-renders of the same paper:
 *
 * - white space is folded (a run of spaces, newlines or tabs is one space), so
 *   re-indented or reflowed markup does not move offsets;
 * - each formula is one unit whose text is its TeX between dollars: `<math alttext=…>`
 *   (LaTeXML, arxiv.org/html and ar5iv) and MathJax 3's `<mjx-container>` (the
 *   same formula after MathJax rendered it) both read as their alttext, so a
 *   quote over a formula is the same string whichever rendering the page shows.
 *   Hypothesis reads `textContent`, in which MathML is a soup of `<mi>`/`<mo>`
 *   letters and MathJax output is something else again, so its quotes over math
 *   do not survive a change of renderer;
 * - block elements are separated by a space, so "end of section.Next heading"
 *   never glues two words into one.
 *
 * Pure functions over a `Document`/`Element`: no layout is needed (jsdom works).
 */
import type { Anchor } from './types';

/** A piece of the model: the characters `[start, end)` of `text` come from `node`. */
export interface Segment {
  /** Start offset in the model's text. */
  start: number;
  /** End offset (exclusive). */
  end: number;
  /** The text node the characters come from, or the formula element (a unit). */
  node: Node;
  /** For a text node: the node offset of each model character. Absent for a unit. */
  offsets?: Int32Array;
}

/** A paper's content as one searchable string, with its segments in document order. */
export interface TextModel {
  /** The root the model was built from. */
  root: Element;
  /** The content's text: white space folded, formulas as TeX. */
  text: string;
  /** The segments, in document order, not overlapping, by increasing `start`. */
  segments: Segment[];
  /** Segment index of each text node and unit element. */
  indexOf: Map<Node, number>;
}

const BLOCK = new Set(
  'address article aside blockquote br caption dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);

/** Never content: code, styles, and Paper Lens's own elements (the overlay's shadow host). */
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'button', 'svg']);

function isSkipped(el: Element): boolean {
  const name = el.localName;
  return SKIP.has(name) || name.startsWith('paper-lens') || el.hasAttribute('data-paper-lens');
}

/** Whether an element is a formula that the model treats as one unit. */
export function isMathUnit(el: Element): boolean {
  return el.localName === 'math' || el.localName === 'mjx-container';
}

/** The TeX of a formula unit: its alttext, or the TeX annotation, or (last resort) its folded text. */
export function mathUnitText(el: Element): string {
  const math = el.localName === 'math' ? el : el.querySelector('math');
  const tex =
    math?.getAttribute('alttext') ??
    el.getAttribute('data-latex') ??
    math?.querySelector('annotation[encoding="application/x-tex"]')?.textContent ??
    el.textContent ??
    '';
  return tex.replace(/\s+/g, ' ').trim();
}

const SPACE = /[\s\u200b]/;

/** Builds the text model of `root` (the LaTeXML article, or an abstract block). */
export function buildTextModel(root: Element): TextModel {
  const parts: string[] = [];
  const segments: Segment[] = [];
  const indexOf = new Map<Node, number>();
  let length = 0;
  // Whether the last character emitted is a space (or nothing yet): folds runs across nodes.
  let lastSpace = true;

  const separate = (): void => {
    if (!lastSpace) {
      parts.push(' ');
      length += 1;
      lastSpace = true;
    }
  };

  const addText = (node: Text): void => {
    const data = node.data;
    let out = '';
    const offsets: number[] = [];
    for (let i = 0; i < data.length; i++) {
      const ch = data[i]!;
      if (SPACE.test(ch)) {
        if (lastSpace) continue;
        out += ' ';
        lastSpace = true;
      } else {
        out += ch;
        lastSpace = false;
      }
      offsets.push(i);
    }
    if (!out) return;
    indexOf.set(node, segments.length);
    segments.push({ start: length, end: length + out.length, node, offsets: Int32Array.from(offsets) });
    parts.push(out);
    length += out.length;
  };

  const addUnit = (el: Element): void => {
    const raw = mathUnitText(el);
    if (!raw) return;
    // Dollar-delimited, so a quote pasted into Markdown (Obsidian, a lab wiki) renders its formulas.
    const tex = `$${raw}$`;
    indexOf.set(el, segments.length);
    segments.push({ start: length, end: length + tex.length, node: el });
    parts.push(tex);
    length += tex.length;
    lastSpace = false;
  };

  const walk = (el: Element): void => {
    for (let child = el.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) addText(child as Text);
      else if (child.nodeType === 1) {
        const c = child as Element;
        if (isSkipped(c)) continue;
        if (isMathUnit(c)) {
          if ((c.getAttribute('display') ?? '') === 'block') separate();
          addUnit(c);
          continue;
        }
        const block = BLOCK.has(c.localName);
        if (block) separate();
        walk(c);
        if (block) separate();
      }
    }
  };
  walk(root);
  let text = parts.join('');
  // A trailing separator is not content.
  if (text.endsWith(' ')) text = text.slice(0, -1);
  return { root, text, segments, indexOf };
}

/** Index of the last segment whose start is ≤ `offset`, or -1. */
function segmentAt(model: TextModel, offset: number): number {
  let lo = 0;
  let hi = model.segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (model.segments[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The unit element that holds `node`, if `node` is inside a formula of the model. */
function enclosingUnit(model: TextModel, node: Node): Element | undefined {
  for (let n: Node | null = node; n && n !== model.root; n = n.parentNode) {
    if (n.nodeType === 1 && isMathUnit(n as Element) && model.indexOf.has(n)) return n as Element;
  }
  return undefined;
}

/** First segment at or after the boundary point (`container`, `offset`) in document order. */
function segmentFrom(model: TextModel, container: Node, offset: number): number {
  const doc = model.root.ownerDocument;
  let start: Node | null;
  if (container.nodeType === 3) start = container;
  else if (offset < container.childNodes.length) start = container.childNodes[offset]!;
  else {
    // After the last child: the next node after `container` in document order.
    start = container;
    while (start && !start.nextSibling && start !== model.root) start = start.parentNode;
    start = start && start !== model.root ? start.nextSibling : null;
  }
  if (!start) return model.segments.length;
  const unit = enclosingUnit(model, start);
  if (unit) return model.indexOf.get(unit)!;
  const walker = doc.createTreeWalker(model.root, 0x1 | 0x4);
  walker.currentNode = start;
  for (let n: Node | null = start; n; n = walker.nextNode()) {
    const i = model.indexOf.get(n);
    if (i !== undefined) return i;
  }
  return model.segments.length;
}

/**
 * Model offsets of a DOM range (a selection). A boundary inside a formula
 * snaps outward to the whole formula, so a highlight never cuts TeX in half.
 * `null` when the range holds no model text.
 */
export function rangeToOffsets(model: TextModel, range: Range): { start: number; end: number } | null {
  const startOf = (container: Node, offset: number, isEnd: boolean): number => {
    const unit = enclosingUnit(model, container);
    if (unit) {
      const seg = model.segments[model.indexOf.get(unit)!]!;
      return isEnd ? seg.end : seg.start;
    }
    if (container.nodeType === 3) {
      const i = model.indexOf.get(container);
      if (i !== undefined) {
        const seg = model.segments[i]!;
        const offs = seg.offsets!;
        // First model char whose node offset is ≥ offset.
        let lo = 0;
        let hi = offs.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (offs[mid]! < offset) lo = mid + 1;
          else hi = mid;
        }
        return seg.start + lo;
      }
    }
    const i = segmentFrom(model, container, offset);
    return i < model.segments.length ? model.segments[i]!.start : model.text.length;
  };
  let start = startOf(range.startContainer, range.startOffset, false);
  let end = startOf(range.endContainer, range.endOffset, true);
  // Trim white space at both ends: a double-click selection often carries a trailing space.
  while (start < end && model.text[start] === ' ') start++;
  while (end > start && model.text[end - 1] === ' ') end--;
  return end > start ? { start, end } : null;
}

/** A DOM range over model offsets `[start, end)`; formulas are covered whole. */
export function offsetsToRange(model: TextModel, anchor: Pick<Anchor, 'start' | 'end'>): Range {
  const doc = model.root.ownerDocument;
  const range = doc.createRange();
  const segs = model.segments;
  // Start: the segment holding `start`, or the next one (start fell on a block separator).
  let si = segmentAt(model, anchor.start);
  if (si < 0 || segs[si]!.end <= anchor.start) si++;
  const s = segs[Math.min(si, segs.length - 1)]!;
  if (s.offsets) range.setStart(s.node, s.offsets[Math.max(0, anchor.start - s.start)] ?? 0);
  else range.setStartBefore(s.node);
  // End: the segment holding the last character.
  const ei = Math.max(0, segmentAt(model, anchor.end - 1));
  const e = segs[ei]!;
  if (e.offsets) {
    const last = Math.min(anchor.end - 1 - e.start, e.offsets.length - 1);
    range.setEnd(e.node, e.offsets[last]! + 1);
  } else range.setEndAfter(e.node);
  return range;
}

/**
 * The nearest element with an id around model offset `offset` (LaTeXML gives
 * paragraphs ids like `S1.p2` and formulas ids like `S2.E1`), with the
 * offset of `offset` from the start of that element's text.
 */
export function nearestElementId(model: TextModel, offset: number): { id: string; offset: number } | undefined {
  const si = segmentAt(model, offset);
  if (si < 0) return undefined;
  for (let n: Node | null = model.segments[si]!.node; n && n !== model.root; n = n.parentNode) {
    if (n.nodeType !== 1) continue;
    const el = n as Element;
    // Formula ids (`S2.E1.m1`) change with any edit before them; paragraphs' are steadier.
    if (el.id && !isMathUnit(el)) {
      const start = elementStart(model, el);
      if (start !== undefined && start <= offset) return { id: el.id, offset: offset - start };
    }
  }
  return undefined;
}

/** The model offset where `el`'s text starts, if it holds any. */
export function elementStart(model: TextModel, el: Element): number | undefined {
  const i = segmentFrom(model, el, 0);
  const seg = model.segments[i];
  if (!seg) return undefined;
  return el.contains(seg.node) ? seg.start : undefined;
}
