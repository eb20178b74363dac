/**
 * Annotation requests: add, edit and remove a highlight of a saved paper. Each
 * is one atomic change of the list through the list cache, like every other
 * reading-list change, so highlights get the list's no-loss guarantees.
 */
import { addAnnotation, removeAnnotation, updateAnnotation } from '../../annotations/list-ops';
import { findPaper } from '../../reading-list/list';
import type { Handlers, WorkerContext } from './context';

/** Handlers of `annotationAdd`, `annotationUpdate` and `annotationRemove`; each replies with the saved paper. */
export function annotationHandlers(ctx: WorkerContext): Handlers<'annotationAdd' | 'annotationUpdate' | 'annotationRemove'> {
  return {
    async annotationAdd({ paperId, annotation }) {
      return ctx.list.change((l) => {
        const next = addAnnotation(l, paperId, annotation);
        return { list: next, result: findPaper(next, paperId)! };
      });
    },

    async annotationUpdate({ paperId, id, ...patch }) {
      return ctx.list.change((l) => {
        const next = updateAnnotation(l, paperId, id, patch, ctx.now());
        return { list: next, result: findPaper(next, paperId)! };
      });
    },

    async annotationRemove({ paperId, id }) {
      return ctx.list.change((l) => {
        const next = removeAnnotation(l, paperId, id);
        return { list: next, result: findPaper(next, paperId)! };
      });
    },
  };
}
