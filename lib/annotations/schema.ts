/**
 * The wire shape of an annotation (valibot), for the message contract: the
 * worker checks every annotation a content script sends before storing it.
 */
import * as v from 'valibot';
import { MAX_NOTE_LENGTH, MAX_QUOTE_LENGTH } from './records';
import { HIGHLIGHT_COLOURS } from './types';

const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1e9));
const time = v.pipe(v.number(), v.integer(), v.minValue(0));
const context = v.pipe(v.string(), v.maxLength(64));

/** A highlight colour. */
export const colourSchema = v.picklist(HIGHLIGHT_COLOURS);

/** An annotation's id. */
export const annotationIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

/** An annotation note. */
export const annotationNoteSchema = v.pipe(v.string(), v.maxLength(MAX_NOTE_LENGTH));

/** One annotation (`lib/annotations/types.ts`). */
export const annotationSchema = v.object({
  id: annotationIdSchema,
  target: v.object({
    quote: v.object({
      exact: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_QUOTE_LENGTH)),
      prefix: context,
      suffix: context,
    }),
    position: v.object({ start: count, end: count }),
    elementId: v.optional(v.pipe(v.string(), v.maxLength(200))),
    elementOffset: v.optional(count),
    version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
    rendering: v.picklist(['arxiv-html', 'ar5iv', 'arxiv-abs', 'hf-paper']),
  }),
  note: annotationNoteSchema,
  colour: colourSchema,
  createdAt: time,
  updatedAt: time,
});
