/**
 * Annotation requests: add, edit and remove a highlight of a saved paper. Each
 * is an idempotent change with the sender's request id, applied through the
 * list cache like every other reading-list change (lib/reading-list/changes.ts):
 * one atomic write of the paper's row, so highlights get the list's no-loss
 * guarantees, and a retry after meeting a stopping worker gets its first answer.
 */
import type { Handlers, WorkerContext } from './context';

/** Handlers of `annotationAdd`, `annotationUpdate` and `annotationRemove`; each replies with the saved paper. */
export function annotationHandlers(ctx: WorkerContext): Handlers<'annotationAdd' | 'annotationUpdate' | 'annotationRemove'> {
  return {
    annotationAdd: ({ paperId, annotation, requestId = '' }) =>
      ctx.list.apply({ kind: 'addAnnotation', requestId, id: paperId, annotation }),

    annotationUpdate: ({ paperId, id, requestId = '', ...patch }) =>
      ctx.list.apply({ kind: 'updateAnnotation', requestId, id: paperId, annotationId: id, patch }),

    annotationRemove: ({ paperId, id, requestId = '' }) =>
      ctx.list.apply({ kind: 'removeAnnotation', requestId, id: paperId, annotationId: id }),
  };
}
