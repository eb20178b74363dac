/**
 * The shipped corpus as the worker holds it, loaded in parts on first use: the
 * paper list and the titles part of the search index first (enough to match
 * pages and answer searches), then the abstracts part and the abstract texts,
 * which never hold up an answer. Related lists and the related-paper model are
 * read when first asked for.
 */
import { buildLookup, type CorpusLookup } from '../collection/match';
import { decodeRelatedList, papersFromMeta, type AssetName, type AssetReader, type MetaRow } from '../collection/assets';
import type { Paper } from '../core/paper';
import { decodeRelatedModel, type RelatedItem, type RelatedModel } from '../related/model';
import { loadAbstracts, loadTitles, type SearchIndex } from '../search';

/** The part of the corpus every answer needs. */
export interface Corpus {
  papers: Paper[];
  byId: Map<string, Paper>;
  lookup: CorpusLookup;
  index: SearchIndex;
  /** Milliseconds from the first message to the titles part being searchable. */
  loadMs: number;
}

/** Loads the corpus part by part, each part once. */
export interface CorpusLoader {
  /** The paper list, the lookup and the titles part of the index. */
  core(): Promise<Corpus>;
  /** The abstracts part of the index and the abstract texts. */
  loadRest(): Promise<void>;
  /** A corpus paper's abstract, once `loadRest` is done. */
  abstractOf(id: string): string | undefined;
  /** The precomputed related list of a corpus paper (each list is kept as JSON text until asked for). */
  relatedOf(id: string): Promise<RelatedItem[] | undefined>;
  /** The related-paper model, for pages outside the corpus and for the reading list. */
  model(): Promise<RelatedModel>;
}

/** A loader over the shipped files; nothing is read until a part is asked for. */
export function createCorpus(assets: AssetReader): CorpusLoader {
  let core: Promise<Corpus> | undefined;
  let rest: Promise<void> | undefined;
  let abstracts: Record<string, string> = {};
  let related: Promise<Record<string, string>> | undefined;
  let model: Promise<RelatedModel> | undefined;

  const json = async <T>(name: Exclude<AssetName, 'relatedModel'>): Promise<T> => JSON.parse(await assets.text(name)) as T;

  const loadCore = (): Promise<Corpus> =>
    (core ??= (async () => {
      const t0 = performance.now();
      const [meta, titles] = await Promise.all([json<MetaRow[]>('meta'), assets.text('searchTitles')]);
      const papers = papersFromMeta(meta);
      const lookup = buildLookup(papers);
      // The lookup's id map is the one map from id to paper: a second one would be 30,000 more entries.
      const c: Corpus = { papers, byId: lookup.byId, lookup, index: loadTitles(titles), loadMs: 0 };
      c.loadMs = performance.now() - t0;
      return c;
    })());

  return {
    core: loadCore,
    loadRest: () =>
      (rest ??= (async () => {
        const c = await loadCore();
        await loadAbstracts(c.index, await assets.text('searchAbstracts'));
        abstracts = await json<Record<string, string>>('abstracts');
      })()),
    abstractOf: (id) => abstracts[id],
    async relatedOf(id) {
      const text = (await (related ??= json<Record<string, string>>('related')))[id];
      return text === undefined ? undefined : decodeRelatedList(text);
    },
    model: () => (model ??= assets.bytes('relatedModel').then(decodeRelatedModel)),
  };
}
