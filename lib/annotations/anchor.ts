/**
 * Describing a highlight (selectors from a selection) and finding it again
 * (selectors → offsets) in a text model, on any version or rendering of the
 * paper.
 *
 * The order, cheapest and surest first: the stored position (and the offset
 * inside the stored element id) checked against the quote; an exact search for
 * the quote, its context choosing between repeats; a fuzzy match tolerant of
 * small edits. Unlike Hypothesis, whose fuzzy step accepts the best match with
 * up to half the quote wrong and ignores whether the context agrees (so an
 * edited-away passage anchors on whatever reads vaguely alike), every step here
 * has a floor: the quote must be close *and* its surroundings must agree,
 * otherwise the highlight is an orphan — which the overlay lists with its
 * quote and note, never drops.
 */
import { bestMatchIn, candidateStarts, editDistance, occurrences, trigramSimilarity } from './fuzzy';
import { elementStart, nearestElementId, type TextModel } from './text-model';
import type { Anchor, AnnotationTarget, Rendering } from './types';

/** Characters of context kept on each side of a quote. */
export const CONTEXT_LENGTH = 32;

/** The least quote similarity (1 − edits / length) a fuzzy match needs. */
export const FUZZY_QUOTE_FLOOR = 0.8;

/** The least context agreement (trigram similarity, both sides averaged) a fuzzy match needs. */
export const FUZZY_CONTEXT_FLOOR = 0.35;

/** Selectors for the model text `[start, end)`. */
export function describeRange(
  model: TextModel,
  start: number,
  end: number,
  meta: { rendering: Rendering; version?: number },
): AnnotationTarget {
  const text = model.text;
  const target: AnnotationTarget = {
    quote: {
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
      suffix: text.slice(end, end + CONTEXT_LENGTH),
    },
    position: { start, end },
    rendering: meta.rendering,
  };
  if (meta.version !== undefined) target.version = meta.version;
  const el = nearestElementId(model, start);
  if (el) {
    target.elementId = el.id;
    target.elementOffset = el.offset;
  }
  return target;
}

/** How well the text around `[start, end)` agrees with the stored context, 0..1. */
export function contextAgreement(text: string, start: number, end: number, target: AnnotationTarget): number {
  const { prefix, suffix } = target.quote;
  const side = (stored: string, actual: string): number => {
    if (!stored) return actual ? 0.5 : 1;
    if (stored.length < 3) return stored === actual ? 1 : 0;
    return trigramSimilarity(stored, actual);
  };
  const before = text.slice(Math.max(0, start - prefix.length), start);
  const after = text.slice(end, end + suffix.length);
  return (side(prefix, before) + side(suffix, after)) / 2;
}

/** Whether an exact copy of the quote at `start` is believable as the highlight. */
function exactHolds(text: string, start: number, target: AnnotationTarget, unique: boolean): boolean {
  const m = target.quote.exact.length;
  const ctx = contextAgreement(text, start, start + m, target);
  if (ctx >= 0.5) return true;
  // A long quote found once is the passage even if it moved alone (a sentence moved to another paragraph).
  if (unique && m >= 32) return true;
  if (unique && m >= 20 && ctx >= 0.25) return true;
  return false;
}

/** Where the element the highlight was in now starts, plus the stored offset inside it. */
function elementHint(model: TextModel, target: AnnotationTarget): number | undefined {
  if (!target.elementId) return undefined;
  const el = model.root.ownerDocument.getElementById(target.elementId);
  if (!el || !model.root.contains(el)) return undefined;
  const start = elementStart(model, el);
  return start === undefined ? undefined : start + (target.elementOffset ?? 0);
}

/**
 * Finds a highlight in a text model; `null` when it cannot be found with
 * confidence (an orphan).
 */
export function anchorTarget(model: TextModel, target: AnnotationTarget): Anchor | null {
  return anchorInText(model.text, target, elementHint(model, target));
}

/**
 * `anchorTarget` over a model's text alone: `byElement` is where the stored
 * element id plus offset points now, when the element still exists.
 */
export function anchorInText(text: string, target: AnnotationTarget, byElement?: number): Anchor | null {
  const exact = target.quote.exact;
  const m = exact.length;
  if (!m) return null;

  // 1. The stored position, then the position inside the stored element, checked against the quote.
  const hints: [number | undefined, Anchor['method']][] = [
    [target.position.start, 'position'],
    [byElement, 'element'],
  ];
  for (const [at, method] of hints) {
    if (at === undefined || text.slice(at, at + m) !== exact) continue;
    if (m >= 16 || contextAgreement(text, at, at + m, target) >= 0.5) return { start: at, end: at + m, method };
  }
  const hint = byElement ?? target.position.start;

  // 2. Exact search; context chooses between repeats, nearness to the hint breaks ties.
  const found = occurrences(text, exact, 1000);
  if (found && found.length) {
    let best = -1;
    let bestScore = -1;
    for (const at of found) {
      const score = contextAgreement(text, at, at + m, target) + 0.01 * (1 - Math.abs(at - hint) / (text.length + 1));
      if (score > bestScore) {
        bestScore = score;
        best = at;
      }
    }
    if (exactHolds(text, best, target, found.length === 1)) return { start: best, end: best + m, method: 'exact' };
  }

  // 3. Fuzzy: a close quote in agreeing surroundings. Quotes too short to tell apart skip it.
  if (m < 8) return null;
  const slack = Math.ceil(m * (1 - FUZZY_QUOTE_FLOOR)) + 2;
  let best: (Anchor & { score: number }) | null = null;
  for (const at of candidateStarts(text, exact, target.quote.prefix, target.quote.suffix, hint)) {
    const radius = Math.max(4, m >> 2);
    const match = bestMatchIn(text, exact, at - radius - slack, at + m + radius + slack);
    if (!match) continue;
    // Re-measure against the exact span found (the window may favour a shorter one).
    const errors = Math.min(match.errors, editDistance(exact, text.slice(match.start, match.end)));
    const quoteSim = 1 - errors / m;
    if (quoteSim < FUZZY_QUOTE_FLOOR) continue;
    const ctx = contextAgreement(text, match.start, match.end, target);
    if (ctx < FUZZY_CONTEXT_FLOOR && !(quoteSim >= 0.9 && m >= 64)) continue;
    const score = 2 * quoteSim + ctx;
    if (!best || score > best.score) best = { start: match.start, end: match.end, method: 'fuzzy', score };
  }
  if (!best) return null;
  // A fuzzy match never starts or ends on a space (an edit next to the boundary can pull one in).
  let { start, end } = best;
  while (start < end && text[start] === ' ') start++;
  while (end > start && text[end - 1] === ' ') end--;
  return { start, end, method: 'fuzzy' };
}
