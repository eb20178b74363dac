/**
 * Search as you type over the corpus and the reading list, and the index's
 * loading status.
 */
import type { SearchResultView } from '../../messaging/contract';
import type { SavedPaper } from '../../reading-list/list';
import { holdWords, searchPapers, suggestQuery, wordsGeneration } from '../../search';
import { parseQuery, type ParsedQuery } from '../../search/query';
import { makeSnippet } from '../../search/snippet';
import { searchAnnotations } from '../../annotations/search';
import type { Corpus } from '../corpus';
import type { StoredProgress } from '../../storage/corpus-files';
import { hasTag } from '../../core/tags';
import { mergeResults, searchAdded } from './collection';
import { paperView, savedMap, type Handlers, type WorkerContext } from './context';

/**
 * Whether a paper passes the query's filters (tags, read state, years, saved only);
 * undefined without filters, so that a search does not ask for every candidate.
 */
function filterOf(q: ParsedQuery, c: Corpus, saved: Map<string, SavedPaper>): ((id: string) => boolean) | undefined {
  const filtered = q.savedOnly || q.tags.length || q.read !== undefined || q.yearFrom !== undefined || q.yearTo !== undefined;
  if (!filtered) return undefined;
  return (id) => {
    const s = saved.get(id);
    if (q.savedOnly && !s) return false;
    if (q.tags.length && !q.tags.every((t) => s !== undefined && hasTag(s.tags, t))) return false;
    if (q.read !== undefined && s?.read !== q.read) return false;
    const y = c.has(id) ? c.yearOf(id) : s?.year;
    if (q.yearFrom !== undefined && (y === undefined || y < q.yearFrom)) return false;
    if (q.yearTo !== undefined && (y === undefined || y > q.yearTo)) return false;
    return true;
  };
}

/** Handlers of `status` and `search`; `copies` tells how far the corpus files' copies have come. */
export function searchHandlers(
  ctx: WorkerContext,
  copies: () => StoredProgress | null = () => null,
): Handlers<'status' | 'search'> {
  return {
    async status() {
      const c = await ctx.corpus.core();
      return {
        ready: true,
        papers: c.count,
        loadMs: c.loadMs,
        abstractsLoaded: c.index.abstracts !== null,
        corpusCopies: copies(),
      };
    },

    async search({ query, limit = 20 }) {
      // The index, the list and the added collection's answer (from IndexedDB) are read side by side, and the
      // shards of the query's words while the list is read: a cold worker's list read (its database opened
      // first) took as long as the index's table and the shards together at 30,000 papers.
      const q = parseQuery(query);
      const core = ctx.corpus.core();
      core.catch(() => undefined);
      const savedList = ctx.list.read().then((r) => savedMap(r.list));
      savedList.catch(() => undefined);
      const added = searchAdded(ctx, q, limit, savedList);
      added.catch(() => undefined);
      const c = await core;
      const { index } = c;
      let hits: { id: string; score: number; terms: string[]; doc?: number }[];
      let suggestion: string | null = null;
      let saved: Map<string, SavedPaper>;
      let keep: ((id: string) => boolean) | undefined;
      if (q.text) {
        // The results of words searched lately, held; the shards of the others, kept until this search is done with them.
        const before = wordsGeneration(index);
        let held = holdWords(index, q.text);
        let release = await c.search.prepare(q.text, held);
        try {
          // Searched once the list is in: its saved papers from outside the corpus join the index as it is read.
          saved = await savedList;
          if (wordsGeneration(index) !== before) {
            // The list read changed the index (a paper saved just before): the words held are taken again.
            release();
            held = holdWords(index, q.text);
            release = await c.search.prepare(q.text, held);
          }
          keep = filterOf(q, c, saved);
          hits = searchPapers(index, q.text, limit, keep, held);
          if (!hits.length) suggestion = suggestQuery(index, q.text);
        } finally {
          release();
        }
      } else {
        // Filters without text: the matching saved papers, newest first, then corpus papers in the corpus's order.
        saved = await savedList;
        keep = filterOf(q, c, saved);
        const pool = q.savedOnly ? [...saved.keys()] : [...saved.keys(), ...c.ids.filter((i) => !saved.has(i))];
        hits = pool
          .filter((id) => !keep || keep(id))
          .slice(0, limit)
          .map((id) => ({ id, score: 0, terms: [] }));
      }
      // The shown corpus papers from their shards, and their abstracts for the snippets, except in the
      // first, partial answer (titles only): the popup asks again at once, and the snippets come then.
      const inCorpus = hits.filter((h) => (h.doc !== undefined ? c.isCorpusDoc(h.doc) : c.has(h.id))).map((h) => h.id);
      const [byId] = await Promise.all([
        ctx.corpus.shownPapers(inCorpus),
        index.abstracts ? ctx.corpus.readAbstracts(inCorpus) : undefined,
      ]);
      const results: SearchResultView[] = hits.flatMap((h) => {
        const p = byId.get(h.id) ?? saved.get(h.id);
        if (!p) return [];
        return [
          {
            ...paperView(ctx, p),
            abstract: undefined,
            score: h.score,
            snippet: makeSnippet(p.abstract || ctx.corpus.abstractOf(h.id) || '', h.terms),
            saved: saved.has(h.id),
            inCollection: byId.has(h.id),
          },
        ];
      });
      // Saved papers whose highlights' quotes or notes hold the words: the reader's own words rank first.
      if (q.text) {
        const found = new Set(results.map((r) => r.id));
        const byNote = searchAnnotations(q.text, [...saved.values()], limit).filter(
          (h) => !found.has(h.id) && (!keep || keep(h.id)),
        );
        results.unshift(
          ...byNote.map((h) => ({
            ...paperView(ctx, saved.get(h.id)!),
            abstract: undefined,
            score: 0,
            snippet: makeSnippet(h.text, h.terms),
            saved: true,
            inCollection: c.has(h.id),
          })),
        );
        results.splice(limit);
      }
      const all = mergeResults(results, await added, limit, !q.text);
      return { results: all, suggestion: all.length ? null : suggestion, partial: index.abstracts === null };
    },
  };
}
