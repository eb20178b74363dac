/**
 * Annotation changes on the reading list: pure functions from a list to a new
 * list, run by the worker inside the list's one write queue.
 */
import { toSavedPaper, type ReadingList, type SavedPaper } from '../reading-list/list';
import { mergeAnnotations, patchAnnotation, type AnnotationPatch } from './records';
import type { Annotation } from './types';

/** Most highlights kept per paper (bounds one record; far beyond what a reader makes). */
export const MAX_ANNOTATIONS_PER_PAPER = 2_000;

function withPaper(list: ReadingList, paperId: string, change: (p: SavedPaper) => SavedPaper): ReadingList {
  if (!list.papers.some((p) => p.id === paperId)) throw new Error(`${paperId} is not in the reading list`);
  // Through toSavedPaper: the list's invariants (field order, annotations absent when none) hold after every change.
  return { ...list, papers: list.papers.map((p) => (p.id === paperId ? toSavedPaper(change(p), p.savedAt) : p)) };
}

/** Adds (or, for a known id, merges) an annotation on a saved paper. */
export function addAnnotation(list: ReadingList, paperId: string, annotation: Annotation): ReadingList {
  return withPaper(list, paperId, (p) => {
    const annotations = mergeAnnotations(p.annotations, [annotation]);
    if (annotations.length > MAX_ANNOTATIONS_PER_PAPER)
      throw new Error(`at most ${MAX_ANNOTATIONS_PER_PAPER} highlights per paper`);
    return { ...p, annotations };
  });
}

/** Edits an annotation's note or colour. */
export function updateAnnotation(
  list: ReadingList,
  paperId: string,
  id: string,
  patch: AnnotationPatch,
  now: number,
): ReadingList {
  return withPaper(list, paperId, (p) => {
    if (!p.annotations?.some((a) => a.id === id)) throw new Error('that highlight is no longer saved');
    return { ...p, annotations: patchAnnotation(p.annotations, id, patch, now) };
  });
}

/** Removes an annotation. */
export function removeAnnotation(list: ReadingList, paperId: string, id: string): ReadingList {
  return withPaper(list, paperId, (p) => ({ ...p, annotations: (p.annotations ?? []).filter((a) => a.id !== id) }));
}

/** How many highlights a saved paper has. */
export function annotationCount(p: Pick<SavedPaper, 'annotations'>): number {
  return p.annotations?.length ?? 0;
}

/** The text the search indexes for a saved paper's highlights: quotes and notes. */
export function annotationSearchText(p: Pick<SavedPaper, 'annotations'>): string {
  return (p.annotations ?? []).map((a) => `${a.target.quote.exact} ${a.note}`).join(' \n ');
}
