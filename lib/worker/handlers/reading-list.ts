/**
 * Reading-list requests: get, save, remove, restore (undo) and edit. Every
 * change is one atomic write through the list cache (lib/worker/list-cache.ts).
 */
import { arxivLinks } from '../../core/paper';
import { findPaper, removePaper, restorePaper, savePaper, updatePaper } from '../../reading-list/list';
import type { Handlers, WorkerContext } from './context';

/** Handlers of `listGet`, `listSave`, `listRemove`, `listRestore` and `listUpdate`. */
export function readingListHandlers(
  ctx: WorkerContext,
): Handlers<'listGet' | 'listSave' | 'listRemove' | 'listRestore' | 'listUpdate'> {
  return {
    async listGet() {
      const { list: l, warning } = await ctx.list.read();
      return { papers: l.papers, warning, backup: await ctx.store.hasBackup() };
    },

    async listSave({ paper, tags, note }) {
      const corpus = (await ctx.corpus.core()).byId.get(paper.id);
      // A corpus paper's abstract stays in the corpus: the list keeps what only the user has.
      const record = corpus
        ? {
            id: corpus.id,
            title: corpus.title,
            authors: corpus.authors,
            year: corpus.year,
            links: corpus.links,
            source: 'corpus' as const,
          }
        : { ...paper, links: paper.links ?? arxivLinks(paper.id), source: 'page' as const };
      return ctx.list.change((l) => {
        let next = savePaper(l, record, ctx.now());
        if (tags || note !== undefined) next = updatePaper(next, paper.id, { tags, note });
        return { list: next, result: findPaper(next, paper.id)! };
      });
    },

    async listRemove({ id }) {
      return ctx.list.change((l) => {
        const { list: next, removed } = removePaper(l, id);
        return { list: next, result: { removed } };
      });
    },

    async listRestore({ paper }) {
      return ctx.list.change((l) => {
        const next = restorePaper(l, paper);
        return { list: next, result: findPaper(next, paper.id)! };
      });
    },

    async listUpdate({ id, ...patch }) {
      return ctx.list.change((l) => {
        if (!findPaper(l, id)) throw new Error(`${id} is not in the reading list`);
        const next = updatePaper(l, id, patch);
        return { list: next, result: findPaper(next, id)! };
      });
    },
  };
}
