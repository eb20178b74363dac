/**
 * Reading-list requests: get, save, remove, restore (undo) and edit. Every
 * change is one atomic write through the list cache (lib/worker/list-cache.ts),
 * as an idempotent change with the sender's request id (lib/reading-list/changes.ts):
 * a request sent again after meeting a stopping worker gets its first answer.
 */
import { arxivLinks } from '../../core/paper';
import { createListPager, DEFAULT_LIST_QUERY } from '../../reading-list/view';
import type { Handlers, WorkerContext } from './context';

/** Handlers of `listGet`, `listSave`, `listRemove`, `listRestore` and `listUpdate`. */
export function readingListHandlers(
  ctx: WorkerContext,
): Handlers<'listGet' | 'listSave' | 'listRemove' | 'listRestore' | 'listUpdate'> {
  const listPage = createListPager();
  return {
    async listGet(query) {
      const { list: l, warning } = await ctx.list.read();
      const d = DEFAULT_LIST_QUERY;
      const page = listPage(l.papers, {
        sort: query.sort ?? d.sort,
        tag: query.tag ?? d.tag,
        read: query.read ?? d.read,
        limit: query.limit ?? d.limit,
      });
      return { ...page, warning, backup: await ctx.store.hasBackup() };
    },

    async listSave({ paper, tags, note, requestId = '' }) {
      const corpus = await ctx.corpus.paper(paper.id);
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
      return ctx.list.apply({ kind: 'save', requestId, paper: record, tags, note });
    },

    async listRemove({ id, requestId = '' }) {
      const { removed } = await ctx.list.apply({ kind: 'unsave', requestId, id });
      return { removed };
    },

    async listRestore({ paper, requestId = '' }) {
      return ctx.list.apply({ kind: 'restore', requestId, paper });
    },

    async listUpdate({ id, requestId = '', ...patch }) {
      return ctx.list.apply({ kind: 'setDetails', requestId, id, ...patch });
    },
  };
}
