/**
 * What the background worker does, as plain functions over plain data. The
 * entrypoint only wires `browser.runtime.onMessage` to {@link createService}.
 */
import {
  validateMessage,
  type Message,
  type PageAnnotation,
  type PaperView,
  type RelatedView,
  type Replies,
  type Reply,
  type RequestType,
  type SearchResultView,
  type SenderInfo,
} from './messages';
import type { Paper } from './paper';
import { arxivLinks, localPaperId } from './paper';
import { buildLookup, matchPaper, type CorpusLookup } from './match';
import { createSearchIndex, searchPapers, suggestQuery, upsertPaper, removePaperFromIndex, type SearchIndex } from './search';
import { parseQuery } from './query';
import { makeSnippet } from './snippet';
import { relatedToPaper, relatedToSet, relatedToText, type RelatedItem, type RelatedModel } from './related';
import { mergeLists, removePaper, restorePaper, savePaper, updatePaper, type ReadingList, type SavedPaper } from './reading-list';
import type { ReadingListStore } from './storage';
import { exportList } from './export/index';
import { importFile } from './import/index';

/** What the service is built from. */
export interface ServiceDeps {
  papers: Paper[];
  /** Precomputed related lists for corpus papers (data/related.json). */
  related: Record<string, RelatedItem[]>;
  /** Loads the model for pages outside the corpus (lazily: most pages never need it). */
  relatedModel: () => Promise<RelatedModel> | RelatedModel;
  store: ReadingListStore;
  now?: () => number;
}

/** The worker's state: built once per worker start. */
export interface Service {
  handle<T extends RequestType>(message: Message<T>): Promise<Replies[T]>;
  /** Milliseconds the index took to build. */
  readonly loadMs: number;
}

/** Builds the index and lookups; cheap enough to run at every worker start (65 papers: ~2 ms). */
export function createService(deps: ServiceDeps): Service {
  const now = deps.now ?? Date.now;
  const t0 = performance.now();
  const byId = new Map(deps.papers.map((p) => [p.id, p]));
  const lookup: CorpusLookup = buildLookup(deps.papers);
  const index: SearchIndex = createSearchIndex(deps.papers);
  const loadMs = performance.now() - t0;
  /** Saved papers outside the corpus, so that search finds them too. */
  const indexedSaved = new Set<string>();
  let listCache: { list: ReadingList; warning?: string } | null = null;

  async function list(): Promise<{ list: ReadingList; warning?: string }> {
    if (!listCache) {
      listCache = await deps.store.load();
      syncIndex(listCache.list);
    }
    return listCache;
  }

  function syncIndex(l: ReadingList) {
    const outside = new Set(l.papers.filter((p) => !byId.has(p.id)).map((p) => p.id));
    for (const id of indexedSaved) if (!outside.has(id)) removePaperFromIndex(index, id);
    for (const p of l.papers) {
      if (outside.has(p.id) && !indexedSaved.has(p.id)) upsertPaper(index, { ...p, abstract: p.abstract ?? '' });
    }
    indexedSaved.clear();
    outside.forEach((id) => indexedSaved.add(id));
  }

  async function change<T>(fn: (l: ReadingList) => { list: ReadingList; result: T }): Promise<T> {
    const result = await deps.store.update(fn);
    listCache = await deps.store.load();
    syncIndex(listCache.list);
    return result;
  }

  function savedMap(l: ReadingList): Map<string, SavedPaper> {
    return new Map(l.papers.map((p) => [p.id, p]));
  }

  function view(p: Paper | SavedPaper): PaperView {
    return { id: p.id, title: p.title, authors: p.authors, year: p.year, abstract: p.abstract, links: p.links };
  }

  function relatedViews(items: RelatedItem[], saved: Map<string, SavedPaper>): RelatedView[] {
    return items.flatMap((r) => {
      const p = byId.get(r.id);
      return p ? [{ ...view(p), abstract: undefined, score: r.score, reasons: r.reasons, saved: saved.has(r.id) }] : [];
    });
  }

  const handlers: { [T in RequestType]: (payload: Message<T>['payload']) => Promise<Replies[T]> } = {
    async status() {
      return { ready: true, papers: deps.papers.length, loadMs };
    },

    async search({ query, limit = 20 }) {
      const { list: l } = await list();
      const saved = savedMap(l);
      const q = parseQuery(query);
      const keep = (id: string) => {
        const s = saved.get(id);
        if (q.savedOnly && !s) return false;
        if (q.tags.length && !q.tags.every((t) => s?.tags.some((x) => x.toLowerCase() === t))) return false;
        if (q.read !== undefined && s?.read !== q.read) return false;
        const y = (byId.get(id) ?? s)?.year;
        if (q.yearFrom !== undefined && (y === undefined || y < q.yearFrom)) return false;
        if (q.yearTo !== undefined && (y === undefined || y > q.yearTo)) return false;
        return true;
      };
      let hits: { id: string; score: number; terms: string[] }[];
      if (q.text) hits = searchPapers(index, q.text, limit, keep);
      else {
        // Filters without text: the matching saved papers, newest first, then corpus papers by year.
        const pool = q.savedOnly
          ? [...saved.keys()]
          : [...saved.keys(), ...deps.papers.map((p) => p.id).filter((i) => !saved.has(i))];
        hits = pool
          .filter(keep)
          .slice(0, limit)
          .map((id) => ({ id, score: 0, terms: [] }));
      }
      const results: SearchResultView[] = hits.flatMap((h) => {
        const p = byId.get(h.id) ?? saved.get(h.id);
        if (!p) return [];
        return [
          {
            ...view(p),
            abstract: undefined,
            score: h.score,
            snippet: makeSnippet(p.abstract ?? '', h.terms),
            saved: saved.has(h.id),
            inCollection: byId.has(h.id),
          },
        ];
      });
      const suggestion = results.length === 0 && q.text ? suggestQuery(index, q.text) : null;
      return { results, suggestion };
    },

    async annotatePage({ page, limit = 5 }) {
      const { list: l } = await list();
      const saved = savedMap(l);
      const m = matchPaper(page, lookup);
      if (m) {
        return {
          state: 'match',
          by: m.by,
          paper: view(m.paper),
          related: relatedViews((deps.related[m.paper.id] ?? []).slice(0, limit), saved),
          saved: saved.get(m.paper.id) ?? null,
        } satisfies PageAnnotation;
      }
      const id = page.arxivId ?? localPaperId(page.title ?? '');
      const savedRecord = saved.get(id) ?? null;
      const paper: PaperView = {
        id,
        title: page.title ?? savedRecord?.title ?? id,
        authors: page.authors.length ? page.authors : (savedRecord?.authors ?? []),
        year: page.year ?? savedRecord?.year,
        abstract: page.abstract ?? savedRecord?.abstract,
        links: page.arxivId ? arxivLinks(page.arxivId) : (savedRecord?.links ?? {}),
      };
      const model = await deps.relatedModel();
      const related =
        paper.title || paper.abstract ? relatedToText(model, { title: paper.title, abstract: paper.abstract }, limit) : [];
      return { state: 'nomatch', paper, related: relatedViews(related, saved), saved: savedRecord };
    },

    async matchListing({ entries }) {
      const { list: l } = await list();
      const saved = savedMap(l);
      return entries.map((e) => {
        const m = matchPaper(e, lookup);
        const id = m?.paper.id ?? e.arxivId;
        const states: string[] = [];
        if (m) states.push('collection');
        if (id && saved.has(id)) states.push('saved');
        return states.join(' ');
      });
    },

    async related({ id, title, abstract, limit = 5 }) {
      const { list: l } = await list();
      const saved = savedMap(l);
      if (id && byId.has(id))
        return relatedViews((deps.related[id] ?? relatedToPaper(await deps.relatedModel(), id, limit)).slice(0, limit), saved);
      if (!title && !abstract) return [];
      return relatedViews(
        relatedToText(await deps.relatedModel(), { title: title ?? '', abstract }, limit, id ? [id] : []),
        saved,
      );
    },

    async moreLikeList({ tag, limit = 5 }) {
      const { list: l } = await list();
      const saved = savedMap(l);
      const ids = l.papers.filter((p) => !tag || p.tags.some((t) => t.toLowerCase() === tag.toLowerCase())).map((p) => p.id);
      const inCorpus = ids.filter((i) => byId.has(i));
      if (!inCorpus.length) return [];
      return relatedViews(relatedToSet(await deps.relatedModel(), inCorpus, limit, [...saved.keys()]), saved);
    },

    async listGet() {
      const { list: l, warning } = await list();
      return { papers: l.papers, warning, backup: await deps.store.hasBackup() };
    },

    async listSave({ paper, tags, note }) {
      const corpus = byId.get(paper.id);
      const record = corpus
        ? { ...corpus, source: 'corpus' as const }
        : { ...paper, links: paper.links ?? arxivLinks(paper.id), source: 'page' as const };
      return change((l) => {
        let next = savePaper(l, record, now());
        if (tags || note !== undefined) next = updatePaper(next, paper.id, { tags, note });
        return { list: next, result: next.papers.find((p) => p.id === paper.id)! };
      });
    },

    async listRemove({ id }) {
      return change((l) => {
        const { list: next, removed } = removePaper(l, id);
        return { list: next, result: { removed } };
      });
    },

    async listRestore({ paper }) {
      return change((l) => {
        const next = restorePaper(l, paper);
        return { list: next, result: next.papers.find((p) => p.id === paper.id)! };
      });
    },

    async listUpdate({ id, ...patch }) {
      return change((l) => {
        if (!l.papers.some((p) => p.id === id)) throw new Error(`${id} is not in the reading list`);
        const next = updatePaper(l, id, patch);
        return { list: next, result: next.papers.find((p) => p.id === id)! };
      });
    },

    async listExport({ format, tag }) {
      const { list: l } = await list();
      return exportList(l, format, { tag });
    },

    async listImport({ text, filename }) {
      const parsed = importFile(text, filename);
      if (!parsed.ok) throw new Error(parsed.error);
      await deps.store.backupBeforeImport();
      return change((l) => {
        const { list: next, added, updated } = mergeLists(l, { papers: parsed.papers });
        return { list: next, result: { added, updated, total: next.papers.length } };
      });
    },

    async listRestoreBackup() {
      const restored = await deps.store.restoreBackup();
      listCache = null;
      const { list: l } = await list();
      return { restored, total: l.papers.length };
    },
  };

  return {
    loadMs,
    handle<T extends RequestType>(message: Message<T>) {
      return handlers[message.type](message.payload) as Promise<Replies[T]>;
    },
  };
}

/** The "save or unsave the current tab's paper" shortcut. Returns the saved state after the toggle. */
export async function toggleSaveForPage(service: Service, page: Message<'annotatePage'>['payload']['page']): Promise<boolean> {
  const a = await service.handle({ type: 'annotatePage', payload: { page, limit: 1 } });
  if (a.saved) {
    await service.handle({ type: 'listRemove', payload: { id: a.paper.id } });
    return false;
  }
  const { id, title, authors, abstract, year, links } = a.paper;
  await service.handle({ type: 'listSave', payload: { paper: { id, title, authors, abstract, year, links } } });
  return true;
}

/**
 * Answers one raw message: checks its shape and sender, runs it, and turns any
 * failure into `{ ok: false, error }`. Never rejects, whatever it is given.
 */
export async function answerMessage(
  raw: unknown,
  sender: SenderInfo,
  self: { id: string; origin: string },
  service: () => Service,
): Promise<Reply<unknown>> {
  const checked = validateMessage(raw, sender, self);
  if (!checked.ok) return { ok: false, error: checked.error };
  try {
    return { ok: true, value: await service().handle(checked.message) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
