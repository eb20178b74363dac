/**
 * The building blocks of the message contract: size-capped field schemas and
 * the paper shapes that several requests carry. Every request map
 * (content-requests.ts, page-requests.ts) is built from these, so a paper has
 * one shape on the wire whoever sends it.
 */
import * as v from 'valibot';
import { EXPORT_FORMATS } from '../formats/export/index';
import { annotationSchema } from '../annotations/schema';
import { MAX_ANNOTATIONS_PER_PAPER } from '../annotations/list-ops';

/** A paper or arXiv id. */
export const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
/** A title, name or tag. */
export const shortText = v.pipe(v.string(), v.maxLength(2_000));
/** An abstract or note. */
export const longText = v.pipe(v.string(), v.maxLength(20_000));
/** How many results to return. */
export const limit = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)));
/**
 * The sender's id for one user action, reused on every retry of it
 * (lib/messaging/client.ts): the worker answers a repeated id with its first
 * answer instead of acting twice (lib/reading-list/changes.ts).
 */
export const requestId = v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100)));
/** A publication year. */
export const year = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(3000)));
/** A link. */
export const url = v.pipe(v.string(), v.maxLength(4_096));

/** A paper's links. */
export const linksSchema = v.object({
  abs: v.optional(url),
  pdf: v.optional(url),
  hf: v.optional(url),
  code: v.optional(v.pipe(v.array(url), v.maxLength(20))),
});

/** What a page says about its paper, as the content script read it. */
export const pagePaperSchema = v.object({
  arxivId: v.optional(id),
  version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
  title: v.optional(shortText),
  abstract: v.optional(longText),
  authors: v.pipe(v.array(shortText), v.maxLength(2_000)),
  year,
});
export type PagePaperInput = v.InferOutput<typeof pagePaperSchema>;

/** A paper to save: a corpus id, or what a page showed. */
export const paperInputSchema = v.object({
  id,
  title: v.pipe(shortText, v.minLength(1)),
  authors: v.pipe(v.array(shortText), v.maxLength(2_000)),
  abstract: v.optional(longText),
  year,
  links: v.optional(linksSchema),
});
export type PaperInput = v.InferOutput<typeof paperInputSchema>;

/** A reading-list record as it crosses contexts (the undo of a removal carries it back). */
export const savedPaperSchema = v.object({
  ...paperInputSchema.entries,
  links: linksSchema,
  primaryClass: v.optional(shortText),
  doi: v.optional(shortText),
  savedAt: v.number(),
  tags: v.pipe(v.array(shortText), v.maxLength(200)),
  note: longText,
  read: v.boolean(),
  source: v.picklist(['corpus', 'page', 'import']),
  // The highlights come back with an undone removal (v.object drops keys it does not name).
  annotations: v.optional(v.pipe(v.array(annotationSchema), v.maxLength(MAX_ANNOTATIONS_PER_PAPER))),
});

/**
 * The export formats (lib/formats/export/ `ExportFormat`): a format listed
 * here that the exporter lacks fails to compile, and so does the popup's call
 * when the exporter gains one that is missing here.
 */
export const exportFormat = v.picklist(EXPORT_FORMATS);
