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
} from '../messaging/contract';
import type { Paper } from '../core/paper';
import { arxivLinks, localPaperId } from '../core/paper';
import { buildLookup, matchPaper, type CorpusLookup } from '../collection/match';
import {
  loadAbstracts,
  loadTitles,
  removePaperFromIndex,
  searchPapers,
  suggestQuery,
  upsertPaper,
  type SearchIndex,
} from '../search';
import { decodeRelatedList, papersFromMeta, type AssetName, type AssetReader, type MetaRow } from '../collection/assets';
import { parseQuery } from '../search/query';
import { makeSnippet } from '../search/snippet';
import { decodeRelatedModel, type RelatedItem, type RelatedModel } from '../related/model';
import { relatedToPaper, relatedToSet, relatedToText } from '../related/score';
import {
  mergeLists,
  removePaper,
  restorePaper,
  savePaper,
  updatePaper,
  type ReadingList,
  type SavedPaper,
} from '../reading-list/list';
import type { ReadingListStore } from '../reading-list/storage';
import { exportList } from '../formats/export/index';
import { importFile } from '../formats/import/index';

/** What the service is built from. */
export interface ServiceDeps {
  /** Reads the shipped corpus files (lib/collection/assets.ts). */
  assets: AssetReader;
  store: ReadingListStore;
  now?: () => number;
}

/** The worker's state: loaded on the first message after each worker start. */
export interface Service {
  handle<T extends RequestType>(message: Message<T>): Promise<Replies[T]>;
  /** Resolves when the whole index (both parts and the abstracts) is loaded. */
  fullyLoaded(): Promise<void>;
}

interface Core {
  papers: Paper[];
  byId: Map<string, Paper>;
  lookup: CorpusLookup;
  index: SearchIndex;
  /** Milliseconds from the first message to the titles part being searchable. */
  loadMs: number;
}

/**
 * Builds the service. Nothing is read until a message arrives; then the paper
 * list and the titles part of the index load first (enough to match pages and
 * answer searches), and the abstracts part and abstract texts follow without
 * holding up any answer.
 */
export function createService(deps: ServiceDeps): Service {
  const now = deps.now ?? Date.now;
  let core: Promise<Core> | undefined;
  let rest: Promise<void> | undefined;
  let abstracts: Record<string, string> = {};
  let related: Promise<Record<string, string>> | undefined;
  let model: Promise<RelatedModel> | undefined;
  /** Saved papers outside the corpus, so that search finds them too. */
  const indexedSaved = new Set<string>();
  let listCache: { list: ReadingList; warning?: string } | null = null;

  const json = async <T>(name: Exclude<AssetName, 'relatedModel'>): Promise<T> => JSON.parse(await deps.assets.text(name)) as T;

  function loadCore(): Promise<Core> {
    core ??= (async () => {
      const t0 = performance.now();
      const [meta, titles] = await Promise.all([json<MetaRow[]>('meta'), deps.assets.text('searchTitles')]);
      const papers = papersFromMeta(meta);
      const lookup = buildLookup(papers);
      // The lookup's id map is the one map from id to paper: a second one would be 30,000 more entries.
      const c: Core = { papers, byId: lookup.byId, lookup, index: loadTitles(titles), loadMs: 0 };
      c.loadMs = performance.now() - t0;
      return c;
    })();
    return core;
  }

  /** The abstracts part and texts: started once the first answer is out, so that they never delay it. */
  function loadRest(): Promise<void> {
    rest ??= (async () => {
      const c = await loadCore();
      await loadAbstracts(c.index, await deps.assets.text('searchAbstracts'));
      abstracts = await json<Record<string, string>>('abstracts');
      if (listCache) syncIndex(c, listCache.list, true);
    })();
    return rest;
  }

  /** The precomputed related list of a corpus paper (each list is kept as JSON text until asked for). */
  const relatedOf = async (id: string): Promise<RelatedItem[] | undefined> => {
    const text = (await (related ??= json<Record<string, string>>('related')))[id];
    return text === undefined ? undefined : decodeRelatedList(text);
  };
  const relatedModel = () => (model ??= deps.assets.bytes('relatedModel').then(decodeRelatedModel));

  /**
   * Changes run one after another, and reads wait for the changes before them:
   * a tab told by `storage.onChanged` that the list changed must never be
   * answered from the state before that change.
   */
  let queue: Promise<unknown> = Promise.resolve();

  async function list(): Promise<{ list: ReadingList; warning?: string }> {
    await queue;
    if (!listCache) {
      listCache = await deps.store.load();
      syncIndex(await loadCore(), listCache.list);
    }
    return listCache;
  }

  /** Keeps saved papers from outside the corpus in the index; `all` re-adds them (after the abstracts part loaded). */
  function syncIndex(c: Core, l: ReadingList, all = false) {
    const outside = new Set(l.papers.filter((p) => !c.byId.has(p.id)).map((p) => p.id));
    for (const id of indexedSaved) if (!outside.has(id)) removePaperFromIndex(c.index, id);
    for (const p of l.papers) {
      if (outside.has(p.id) && (all || !indexedSaved.has(p.id))) upsertPaper(c.index, { ...p, abstract: p.abstract ?? '' });
    }
    indexedSaved.clear();
    outside.forEach((id) => indexedSaved.add(id));
  }

  /** Runs a write of the list in turn, then refreshes the cached list and the index from storage. */
  function serial<T>(write: () => Promise<T>): Promise<T> {
    const run = queue.then(async () => {
      const result = await write();
      listCache = await deps.store.load();
      syncIndex(await loadCore(), listCache.list);
      return result;
    });
    queue = run.catch(() => undefined);
    return run;
  }

  const change = <T>(fn: (l: ReadingList) => { list: ReadingList; result: T }) => serial(() => deps.store.update(fn));

  function savedMap(l: ReadingList): Map<string, SavedPaper> {
    return new Map(l.papers.map((p) => [p.id, p]));
  }

  function view(p: Paper | SavedPaper): PaperView {
    const abstract = p.abstract || abstracts[p.id];
    return { id: p.id, title: p.title, authors: p.authors, year: p.year, ...(abstract ? { abstract } : {}), links: p.links };
  }

  function relatedViews(c: Core, items: RelatedItem[], saved: Map<string, SavedPaper>): RelatedView[] {
    return items.flatMap((r) => {
      const p = c.byId.get(r.id);
      return p ? [{ ...view(p), abstract: undefined, score: r.score, reasons: r.reasons, saved: saved.has(r.id) }] : [];
    });
  }

  const handlers: { [T in RequestType]: (payload: Message<T>['payload']) => Promise<Replies[T]> } = {
    async status() {
      const c = await loadCore();
      return { ready: true, papers: c.papers.length, loadMs: c.loadMs, abstractsLoaded: c.index.abstracts !== null };
    },

    async search({ query, limit = 20 }) {
      const c = await loadCore();
      const { byId, index } = c;
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
          : [...saved.keys(), ...c.papers.map((p) => p.id).filter((i) => !saved.has(i))];
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
            snippet: makeSnippet(p.abstract || abstracts[h.id] || '', h.terms),
            saved: saved.has(h.id),
            inCollection: byId.has(h.id),
          },
        ];
      });
      const suggestion = results.length === 0 && q.text ? suggestQuery(index, q.text) : null;
      return { results, suggestion, partial: index.abstracts === null };
    },

    async annotatePage({ page, limit = 5 }) {
      const c = await loadCore();
      const { list: l } = await list();
      const saved = savedMap(l);
      const m = matchPaper(page, c.lookup);
      if (m) {
        return {
          state: 'match',
          by: m.by,
          paper: view(m.paper),
          related: relatedViews(c, ((await relatedOf(m.paper.id)) ?? []).slice(0, limit), saved),
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
      const related =
        paper.title || paper.abstract
          ? relatedToText(await relatedModel(), { title: paper.title, abstract: paper.abstract }, limit)
          : [];
      return { state: 'nomatch', paper, related: relatedViews(c, related, saved), saved: savedRecord };
    },

    async matchListing({ entries }) {
      const c = await loadCore();
      const { list: l } = await list();
      const saved = savedMap(l);
      return entries.map((e) => {
        const m = matchPaper(e, c.lookup);
        const id = m?.paper.id ?? e.arxivId;
        const states: string[] = [];
        if (m) states.push('collection');
        if (id && saved.has(id)) states.push('saved');
        return states.join(' ');
      });
    },

    async related({ id, title, abstract, limit = 5 }) {
      const c = await loadCore();
      const { list: l } = await list();
      const saved = savedMap(l);
      if (id && c.byId.has(id)) {
        return relatedViews(c, ((await relatedOf(id)) ?? relatedToPaper(await relatedModel(), id, limit)).slice(0, limit), saved);
      }
      if (!title && !abstract) return [];
      return relatedViews(c, relatedToText(await relatedModel(), { title: title ?? '', abstract }, limit, id ? [id] : []), saved);
    },

    async moreLikeList({ tag, limit = 5 }) {
      const c = await loadCore();
      const { list: l } = await list();
      const saved = savedMap(l);
      const ids = l.papers.filter((p) => !tag || p.tags.some((t) => t.toLowerCase() === tag.toLowerCase())).map((p) => p.id);
      const inCorpus = ids.filter((i) => c.byId.has(i));
      if (!inCorpus.length) return [];
      return relatedViews(c, relatedToSet(await relatedModel(), inCorpus, limit, [...saved.keys()]), saved);
    },

    async listGet() {
      const { list: l, warning } = await list();
      return { papers: l.papers, warning, backup: await deps.store.hasBackup() };
    },

    async listSave({ paper, tags, note }) {
      const corpus = (await loadCore()).byId.get(paper.id);
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
      const restored = await serial(() => deps.store.restoreBackup());
      const { list: l } = await list();
      return { restored, total: l.papers.length };
    },
  };

  return {
    handle<T extends RequestType>(message: Message<T>) {
      const reply = handlers[message.type](message.payload) as Promise<Replies[T]>;
      void reply.finally(() => setTimeout(() => void loadRest(), 0)).catch(() => undefined);
      return reply;
    },
    fullyLoaded: loadRest,
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
