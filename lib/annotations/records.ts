/**
 * Annotations as stored data: making, editing, merging, and salvaging them from
 * whatever storage or an import hands back. Pure functions over plain data.
 */
import { HIGHLIGHT_COLOURS, type Annotation, type AnnotationTarget, type HighlightColour, type Rendering } from './types';

const RENDERINGS: readonly Rendering[] = ['arxiv-html', 'ar5iv', 'arxiv-abs', 'hf-paper'];

/** Longest note kept (a note is a thought, not a document; keeps one paper's record bounded). */
export const MAX_NOTE_LENGTH = 20_000;

/** Longest quote kept; a longer selection is cut (anchoring then still finds its start). */
export const MAX_QUOTE_LENGTH = 4_000;

/** Notes as the list keeps them: `\n` line ends, trimmed, bounded. */
export function cleanAnnotationNote(s: string): string {
  return s.replace(/\r\n?/g, '\n').trim().slice(0, MAX_NOTE_LENGTH);
}

/** A fresh annotation id (random, so two devices never collide). */
export function annotationId(): string {
  return globalThis.crypto.randomUUID();
}

/** A new annotation on `target`. */
export function newAnnotation(
  target: AnnotationTarget,
  opts: { colour?: HighlightColour; note?: string; now: number; id?: string },
): Annotation {
  return {
    id: opts.id ?? annotationId(),
    target,
    note: cleanAnnotationNote(opts.note ?? ''),
    colour: opts.colour ?? 'yellow',
    createdAt: opts.now,
    updatedAt: opts.now,
  };
}

/** What a user edits on an annotation. */
export interface AnnotationPatch {
  /** Replaces the note. */
  note?: string;
  /** Replaces the colour. */
  colour?: HighlightColour;
}

/** `list` with annotation `id` edited (and its `updatedAt` moved to `now`); unchanged when absent. */
export function patchAnnotation(list: readonly Annotation[], id: string, patch: AnnotationPatch, now: number): Annotation[] {
  return list.map((a) =>
    a.id !== id
      ? a
      : {
          ...a,
          ...(patch.note !== undefined ? { note: cleanAnnotationNote(patch.note) } : {}),
          ...(patch.colour !== undefined ? { colour: patch.colour } : {}),
          updatedAt: Math.max(now, a.updatedAt + 1),
        },
  );
}

/**
 * The merge rule for annotations (import, sync, two copies of a saved paper):
 * the union by id; where both sides hold an id, the copy edited last wins
 * (ties: the first side's). Order: the first side's, then the second's new ones.
 */
export function mergeAnnotations(a: readonly Annotation[] = [], b: readonly Annotation[] = []): Annotation[] {
  const out = new Map<string, Annotation>();
  for (const x of a) out.set(x.id, x);
  for (const y of b) {
    const x = out.get(y.id);
    if (!x || y.updatedAt > x.updatedAt) out.set(y.id, y);
  }
  return [...out.values()];
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * One annotation from untrusted data (storage of any version, an import), or
 * `null` when it cannot be one: no id, or no quote to find it by. Fields that
 * are merely odd are repaired (an unknown colour becomes yellow, a bad
 * position becomes 0..0 so anchoring falls back to the quote).
 */
export function parseAnnotation(raw: unknown): Annotation | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const t = (r.target ?? {}) as Record<string, unknown>;
  const q = (t.quote ?? {}) as Record<string, unknown>;
  if (!isString(r.id) || !r.id || !isString(q.exact) || !q.exact) return null;
  const pos = (t.position ?? {}) as Record<string, unknown>;
  const okPos = isCount(pos.start) && isCount(pos.end) && pos.end >= pos.start;
  const target: AnnotationTarget = {
    quote: {
      exact: q.exact.slice(0, MAX_QUOTE_LENGTH),
      prefix: isString(q.prefix) ? q.prefix.slice(-64) : '',
      suffix: isString(q.suffix) ? q.suffix.slice(0, 64) : '',
    },
    position: okPos ? { start: pos.start as number, end: pos.end as number } : { start: 0, end: 0 },
    rendering: RENDERINGS.includes(t.rendering as Rendering) ? (t.rendering as Rendering) : 'arxiv-html',
  };
  if (isString(t.elementId) && t.elementId) target.elementId = t.elementId;
  if (isCount(t.elementOffset)) target.elementOffset = t.elementOffset;
  if (isCount(t.version) && t.version > 0) target.version = t.version;
  const createdAt = isCount(r.createdAt) ? r.createdAt : 0;
  return {
    id: r.id,
    target,
    note: isString(r.note) ? cleanAnnotationNote(r.note) : '',
    colour: HIGHLIGHT_COLOURS.includes(r.colour as HighlightColour) ? (r.colour as HighlightColour) : 'yellow',
    createdAt,
    updatedAt: isCount(r.updatedAt) ? Math.max(r.updatedAt, createdAt) : createdAt,
  };
}

/**
 * A saved paper's annotations from untrusted data: what can be read is kept,
 * ids made unique (a later duplicate merges by the rule above); `dropped`
 * counts entries that could not be read, so the caller can back them up and say so.
 */
export function parseAnnotations(raw: unknown): { annotations: Annotation[]; dropped: number } {
  if (raw === undefined) return { annotations: [], dropped: 0 };
  if (!Array.isArray(raw)) return { annotations: [], dropped: 1 };
  let annotations: Annotation[] = [];
  let dropped = 0;
  for (const item of raw) {
    const a = parseAnnotation(item);
    if (a) annotations = mergeAnnotations(annotations, [a]);
    else dropped++;
  }
  return { annotations, dropped };
}
